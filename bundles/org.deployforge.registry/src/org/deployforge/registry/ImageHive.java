package org.deployforge.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.deployforge.core.CommitResult;
import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageService;
import org.deployforge.core.ImageTree;
import org.deployforge.core.OpenOptions;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A hive inside an image, e.g. {@code Windows/System32/config/SOFTWARE} of image index 1 of {@code install.wim}: the
 * hive (and any {@code .LOG}/{@code .LOG1}/{@code .LOG2} beside it, so dirty hives are recognised) is copied out of
 * the image into a work folder, opened as a {@link Hive}, and on {@link #commit(IProgressMonitor)} written (with
 * read-back), staged back into the image with {@link ImageTree#add(Path, String)} and the image committed, atomically
 * as the image's handler does it. The in-image path is matched case-insensitively (Windows paths are).
 */
public final class ImageHive implements AutoCloseable {

	/** Separates the image file from the path inside it on the command line: {@code install.wim::Windows/…}. */
	public static final String SEPARATOR = "::";

	/**
	 * A hive file, or a hive inside an image.
	 *
	 * @param file        the hive file or the image file
	 * @param pathInImage the hive's path inside the image, or null for a hive file
	 */
	public record Target(Path file, @Nullable String pathInImage) {

		/** Parses {@code FILE} or {@code IMAGE::PATH_IN_IMAGE} (split at the last {@code ::}). */
		public static Target parse(String argument) {
			int split = argument.lastIndexOf(SEPARATOR);
			if (split < 0) {
				return new Target(Path.of(argument), null);
			}
			return new Target(Path.of(argument.substring(0, split)), argument.substring(split + SEPARATOR.length()));
		}

		/** @return {@code install.wim::Windows/System32/config/SOFTWARE} or the file */
		@Override
		public String toString() {
			return pathInImage == null ? file.toString() : file + SEPARATOR + pathInImage;
		}
	}

	private final Image image;
	private final ImageTree tree;
	private final String pathInImage;
	private final Path workFolder;
	private final Hive hive;

	private ImageHive(Image image, ImageTree tree, String pathInImage, Path workFolder, Hive hive) {
		this.image = image;
		this.tree = tree;
		this.pathInImage = pathInImage;
		this.workFolder = workFolder;
		this.hive = hive;
	}

	/**
	 * Opens a hive inside an image.
	 *
	 * @param service     the image service (picks the handler)
	 * @param imageFile   the image file
	 * @param index       the 1-based image index
	 * @param pathInImage the hive's path in the image, e.g. {@code Windows/System32/config/SOFTWARE}
	 * @param writable    whether changes will be made (the image is then opened read-write)
	 * @param force       allow changes to a dirty hive
	 * @throws EntryNotFoundException when the image index holds no such file
	 */
	public static ImageHive open(ImageService service, Path imageFile, int index, String pathInImage, boolean writable,
			boolean force) throws ImageException {
		Image image = service.open(imageFile, writable ? OpenOptions.DEFAULT : OpenOptions.READ_ONLY);
		Path workFolder = null;
		try {
			ImageTree tree = image.tree(index);
			ImageEntry entry = locate(tree, imageFile, pathInImage);
			if (entry.directory()) {
				throw new ImageException(imageFile, "'" + pathInImage + "' in image index " + index + " is a folder, "
						+ "not a hive");
			}
			workFolder = Files.createTempDirectory("deployforge-hive-");
			Path local = copyOut(tree, entry, workFolder, imageFile);
			String prefix = entry.name().toLowerCase(Locale.ROOT) + ".log";
			ImagePath parent = ImagePath.parse(entry.path()).parent();
			for (ImageEntry sibling : tree.list(parent == null ? "/" : parent.toString())) {
				String name = sibling.name().toLowerCase(Locale.ROOT);
				if (!sibling.directory() && (name.equals(prefix) || name.equals(prefix + "1") || name.equals(prefix + "2"))) {
					copyOut(tree, sibling, workFolder, imageFile);
				}
			}
			Path label = Path.of(imageFile + SEPARATOR + entry.path().substring(1) + " (index " + index + ")");
			Hive hive = Hive.open(local, label, writable, force);
			return new ImageHive(image, tree, entry.path(), workFolder, hive);
		} catch (ImageException | RuntimeException e) {
			image.close();
			deleteTree(workFolder);
			throw e;
		} catch (IOException e) {
			image.close();
			deleteTree(workFolder);
			throw new ImageException(imageFile, "cannot make a work folder for the hive: " + e.getMessage(), e);
		}
	}

	/** Finds the entry exactly, else component by component ignoring case. */
	private static ImageEntry locate(ImageTree tree, Path imageFile, String pathInImage) throws ImageException {
		ImagePath wanted = ImagePath.parse(pathInImage);
		var exact = tree.find(wanted.toString());
		if (exact.isPresent()) {
			return exact.get();
		}
		String current = "/";
		ImageEntry found = null;
		for (String component : wanted.components()) {
			found = null;
			for (ImageEntry child : tree.list(current)) {
				if (child.name().equalsIgnoreCase(component)) {
					found = child;
					break;
				}
			}
			if (found == null) {
				break;
			}
			current = found.path();
		}
		if (found == null) {
			throw new EntryNotFoundException(imageFile,
					"no file '" + wanted + "' in image index " + tree.index() + " (a hive is usually at "
							+ "Windows/System32/config/SOFTWARE, SYSTEM, DEFAULT or Users/Default/NTUSER.DAT)");
		}
		return found;
	}

	private static Path copyOut(ImageTree tree, ImageEntry entry, Path folder, Path imageFile) throws ImageException {
		Path local = ImagePath.parse(entry.name()).resolveUnder(folder);
		try (InputStream in = tree.read(entry.path())) {
			Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
		} catch (IOException e) {
			if (e instanceof ImageException imageException) {
				throw imageException;
			}
			throw new ImageException(imageFile, "cannot copy " + entry.path() + " out of the image: " + e.getMessage(), e);
		}
		return local;
	}

	/** @return the hive (its work copy) */
	public Hive hive() {
		return hive;
	}

	/** @return the image session */
	public Image image() {
		return image;
	}

	/** @return the hive's path in the image, as stored ({@code /Windows/System32/config/SOFTWARE}) */
	public String pathInImage() {
		return pathInImage;
	}

	/** What a commit of a hive in an image did. */
	public record Result(HiveCommitResult hive, CommitResult image) {
	}

	/**
	 * Writes the hive (read back and checked), stages it back into the image and commits the image. Without changes
	 * nothing is written.
	 *
	 * @param monitor progress of the image commit
	 * @throws ImageException when any step fails; the image file is then unchanged
	 */
	public Result commit(IProgressMonitor monitor) throws ImageException {
		if (!hive.hasChanges()) {
			long size;
			try {
				size = Files.size(image.file());
			} catch (IOException e) {
				size = -1;
			}
			return new Result(new HiveCommitResult(hive.label(), 0, 0, hive.notes()),
					new CommitResult(image.file(), 0, size, List.of("the hive did not change; the image was not rewritten")));
		}
		HiveCommitResult written = hive.commit();
		tree.add(hive.file(), pathInImage);
		CommitResult committed = image.commit(monitor);
		List<String> notes = new ArrayList<>(committed.notes());
		notes.add(0, "hive " + pathInImage + " written back into image index " + tree.index());
		return new Result(written, new CommitResult(committed.file(), committed.changes(), committed.bytes(), notes));
	}

	/** Closes the hive and the image, deletes the work folder. Never throws. */
	@Override
	public void close() {
		hive.close();
		image.close();
		deleteTree(workFolder);
	}

	private static void deleteTree(@Nullable Path folder) {
		if (folder == null) {
			return;
		}
		try (var paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		} catch (IOException e) {
			// a work folder in the temp folder: left for the system to clean
		}
	}
}
