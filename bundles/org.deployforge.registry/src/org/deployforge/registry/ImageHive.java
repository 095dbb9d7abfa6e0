package org.deployforge.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deployforge.core.CommitResult;
import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.FileTrees;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageService;
import org.deployforge.core.ImageTree;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.PendingChange;
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
	private final boolean ownsImage;
	private boolean staged;

	private ImageHive(Image image, ImageTree tree, String pathInImage, Path workFolder, Hive hive, boolean ownsImage) {
		this.image = image;
		this.tree = tree;
		this.pathInImage = pathInImage;
		this.workFolder = workFolder;
		this.hive = hive;
		this.ownsImage = ownsImage;
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
		try {
			return open(image, index, pathInImage, writable, force, true);
		} catch (ImageException | RuntimeException e) {
			image.close();
			throw e;
		}
	}

	/**
	 * Opens a hive inside an image session the caller already holds (e.g. the workbench's image editor), for
	 * {@link #stage()}: the hive is written (with read-back) and staged into that session, and the session's own commit
	 * writes it into the image. {@link #close()} leaves the session open. The hive is read as the session shows it
	 * ({@link ImageTree#read(String)}), with staged changes of handlers that read them.
	 *
	 * @param image       the open image session (not closed by this object; not thread-safe: use it from one thread
	 *                    at a time, as the session's other users do)
	 * @param index       the 1-based image index
	 * @param pathInImage the hive's path in the image, e.g. {@code Windows/System32/config/SOFTWARE}
	 * @param writable    whether changes will be made (the session must then be writable)
	 * @param force       allow changes to a dirty hive
	 * @throws EntryNotFoundException when the image index holds no such file
	 */
	public static ImageHive open(Image image, int index, String pathInImage, boolean writable, boolean force)
			throws ImageException {
		return open(image, index, pathInImage, writable, force, false);
	}

	private static ImageHive open(Image image, int index, String pathInImage, boolean writable, boolean force,
			boolean ownsImage) throws ImageException {
		Path imageFile = image.file();
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
			return new ImageHive(image, tree, entry.path(), workFolder, hive, ownsImage);
		} catch (ImageException | RuntimeException e) {
			FileTrees.deleteQuietly(workFolder);
			throw e;
		} catch (IOException e) {
			FileTrees.deleteQuietly(workFolder);
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

	/**
	 * Writes the hive (read back and checked, see {@link Hive#commit()}) to its work copy and stages that copy into the
	 * image session ({@link ImageTree#add(Path, String)}) without committing the image: the session's own commit writes
	 * it into the image file. Staging again after more changes adds nothing new to the session (the staged copy is
	 * the same file, read by the handler when the image is committed). Without changes nothing is written or staged.
	 *
	 * @return what the hive commit wrote and read back
	 * @throws ImageException when writing, the read-back or the staging fails; the session is then unchanged
	 */
	public HiveCommitResult stage() throws ImageException {
		if (!hive.hasChanges()) {
			return new HiveCommitResult(hive.label(), 0, 0, hive.notes());
		}
		HiveCommitResult written = hive.commit();
		boolean alreadyStaged = image.pendingChanges().stream()
				.anyMatch(change -> change.kind() == PendingChange.Kind.ADD && change.index() == tree.index()
						&& change.path().equalsIgnoreCase(pathInImage) && hive.file().equals(change.source()));
		if (!alreadyStaged) {
			tree.add(hive.file(), pathInImage);
		}
		staged = true;
		return written;
	}

	/**
	 * @return whether {@link #stage()} staged the work copy into the session: the image reads it when committed, so
	 *         the work folder must live until then (see {@link #close()})
	 */
	public boolean staged() {
		return staged;
	}

	/** @return the folder holding the work copy of the hive and its logs */
	public Path workFolder() {
		return workFolder;
	}

	/**
	 * Closes the hive; closes the image when this object opened it. The work folder is deleted, except when the hive
	 * was {@link #staged()} into a session this object does not own (the session reads the staged copy when it is
	 * committed): then the caller deletes {@link #workFolder()} (with {@link #deleteWorkFolder(Path)}) after the
	 * session was committed or discarded. Never throws.
	 */
	@Override
	public void close() {
		hive.close();
		if (ownsImage) {
			image.close();
		}
		if (ownsImage || !staged) {
			FileTrees.deleteQuietly(workFolder);
		}
	}

	/** Deletes a work folder left by {@link #close()} of a staged hive. Never throws. */
	public static void deleteWorkFolder(Path folder) {
		FileTrees.deleteQuietly(folder);
	}

}
