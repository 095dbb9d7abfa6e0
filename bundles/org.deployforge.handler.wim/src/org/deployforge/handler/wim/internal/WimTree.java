package org.deployforge.handler.wim.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.EntryVisitor;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageTree;
import org.deployforge.core.LeftOutEntry;
import org.deployforge.core.PendingChange;
import org.deployforge.wimlib.internal.Wim;
import org.deployforge.wimlib.internal.WimLib;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * One image index of a {@link WimImage}. Listing reads metadata only ({@code wimlib_iterate_dir_tree}: sizes and
 * SHA-1s come from the metadata resource and the blob table, nothing is decompressed).
 */
final class WimTree implements ImageTree {

	private final WimImage image;
	private final int index;

	WimTree(WimImage image, int index) {
		this.image = image;
		this.index = index;
	}

	@Override
	public int index() {
		return index;
	}

	static String wimPath(String path) throws ImageException {
		return ImagePath.parse(path).toString();
	}

	@Override
	public ImageEntry stat(String path) throws ImageException {
		String wimPath = wimPath(path);
		return image.onThread(() -> statOnThread(wimPath));
	}

	private ImageEntry statOnThread(String wimPath) throws ImageException {
		ImageEntry[] found = new ImageEntry[1];
		try {
			image.wim().iterate(index, wimPath, 0, entry -> {
				found[0] = entry;
				return false;
			});
		} catch (EntryNotFoundException e) {
			throw notFound(wimPath);
		}
		if (found[0] == null) {
			throw notFound(wimPath);
		}
		return found[0];
	}

	private EntryNotFoundException notFound(String wimPath) {
		return new EntryNotFoundException(image.file(), "no file or folder '" + wimPath + "' in image " + index);
	}

	@Override
	public List<ImageEntry> list(String directory) throws ImageException {
		String wimPath = wimPath(directory);
		return image.onThread(() -> {
			ImageEntry folder = statOnThread(wimPath);
			if (!folder.directory()) {
				throw new ImageException(image.file(), "'" + wimPath + "' is a file, not a folder");
			}
			List<ImageEntry> children = new ArrayList<>();
			image.wim().iterate(index, wimPath, WimLib.ITERATE_DIR_TREE_FLAG_CHILDREN, entry -> {
				children.add(entry);
				return true;
			});
			return children;
		});
	}

	/**
	 * wimlib leaves entries named {@code .} or {@code ..} out of the tree with a warning only ({@link Wim#dotNames});
	 * each is reported here in the folder that holds it, with no other facts (wimlib gives none), and with the reason
	 * extraction reports.
	 */
	@Override
	public List<LeftOutEntry> leftOut(String directory, boolean recursive) throws ImageException {
		String wimPath = wimPath(directory);
		return image.onThread(() -> {
			statOnThread(wimPath);
			ImagePath start = ImagePath.parse(wimPath);
			List<LeftOutEntry> found = new ArrayList<>();
			for (String folder : image.dotNames(index)) {
				ImagePath where;
				try {
					where = ImagePath.parse(folder);
				} catch (ImageException e) {
					continue;
				}
				if (recursive ? start.contains(where) : start.equals(where)) {
					found.add(new LeftOutEntry(where.toString(), "..", false, -1, 0, null,
							Extraction.dotNameReason(folder)));
				}
			}
			return found;
		});
	}

	/** Runs the visitor on the image's wimlib thread, inside the iteration (nothing is held in memory). */
	@Override
	public void walk(String directory, EntryVisitor visitor) throws ImageException {
		String wimPath = wimPath(directory);
		image.onThread(() -> {
			statOnThread(wimPath);
			image.wim().iterate(index, wimPath, WimLib.ITERATE_DIR_TREE_FLAG_RECURSIVE, visitor::visit);
			return null;
		});
	}

	@Override
	public InputStream read(String path) throws ImageException {
		String wimPath = wimPath(path);
		ImageEntry entry = stat(wimPath);
		if (entry.directory()) {
			throw new ImageException(image.file(), "'" + wimPath + "' is a folder; only files can be read");
		}
		Path work = image.options().workDirectory();
		if (work == null) {
			work = Path.of(System.getProperty("java.io.tmpdir"));
		}
		return Extraction.read(image, index, wimPath, work);
	}

	@Override
	public ExtractResult extract(List<String> paths, Path targetDirectory, @Nullable IProgressMonitor monitor)
			throws ImageException {
		List<String> wimPaths = new ArrayList<>();
		for (String path : paths) {
			String wimPath = wimPath(path);
			stat(wimPath);
			wimPaths.add(wimPath);
		}
		if (wimPaths.isEmpty()) {
			return new ExtractResult(0, 0, 0, List.of());
		}
		return Extraction.extract(image, index, wimPaths, targetDirectory, monitor);
	}

	@Override
	public void add(Path source, String pathInImage) throws ImageException {
		image.checkWritable();
		Path absolute = source.toAbsolutePath().normalize();
		if (!Files.exists(absolute)) {
			throw new ImageException(image.file(), "cannot add " + absolute + ": no such file or folder");
		}
		if (!Files.isReadable(absolute)) {
			throw new ImageException(image.file(), "cannot add " + absolute + ": it is not readable");
		}
		image.stage(PendingChange.add(index, absolute, wimPath(pathInImage)));
	}

	@Override
	public void remove(String path) throws ImageException {
		image.checkWritable();
		String wimPath = wimPath(path);
		if (ImagePath.parse(wimPath).isRoot()) {
			throw new ImageException(image.file(), "the root folder of an image cannot be removed");
		}
		requireExisting(wimPath);
		image.stage(PendingChange.remove(index, wimPath));
	}

	@Override
	public void rename(String from, String to) throws ImageException {
		image.checkWritable();
		String source = wimPath(from);
		String target = wimPath(to);
		if (ImagePath.parse(source).isRoot() || ImagePath.parse(target).isRoot()) {
			throw new ImageException(image.file(), "the root folder of an image cannot be renamed");
		}
		requireExisting(source);
		ImagePath folder = ImagePath.parse(target).parent();
		if (folder != null && !folder.isRoot()) {
			try {
				requireExisting(folder.toString());
			} catch (EntryNotFoundException e) {
				// wimlib_rename_path does not create folders; say which one is missing, not its error code
				throw new EntryNotFoundException(image.file(), "no such folder in image " + index + ": " + folder
						+ " (cannot put " + target + " there)", e);
			}
		}
		image.stage(PendingChange.rename(index, source, target));
	}

	/** Exists on disk, or will exist after the staged changes before it (an added or renamed path). */
	private void requireExisting(String wimPath) throws ImageException {
		ImagePath path = ImagePath.parse(wimPath);
		for (PendingChange change : image.pendingFor(index)) {
			String created = switch (change.kind()) {
			case ADD -> change.path();
			case RENAME -> change.target();
			default -> null;
			};
			if (created != null && ImagePath.parse(created).contains(path)) {
				return;
			}
		}
		stat(wimPath);
	}
}
