package org.deployforge.core;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * The files of one image index of an open {@link Image}. In-image paths are parsed with {@link ImagePath#parse(String)},
 * so {@code \Windows\notepad.exe} and {@code /Windows/notepad.exe} are the same path.
 * <p>
 * Reading reflects the image as it is on disk; staged changes ({@link #add}, {@link #remove}, {@link #rename}) are
 * written only by {@link Image#commit(IProgressMonitor)}.
 */
public interface ImageTree {

	/** @return the 1-based image index */
	int index();

	/**
	 * @param path an in-image path, or {@code /} for the root
	 * @return the entry
	 * @throws EntryNotFoundException when nothing is at {@code path}
	 */
	ImageEntry stat(String path) throws ImageException;

	/** @return the entry at {@code path}, or empty when there is none */
	default Optional<ImageEntry> find(String path) throws ImageException {
		try {
			return Optional.of(stat(path));
		} catch (EntryNotFoundException notFound) {
			return Optional.empty();
		}
	}

	/**
	 * Lists a folder's direct children from metadata only.
	 *
	 * @param directory an in-image folder path
	 * @return children in the image's order
	 * @throws EntryNotFoundException when {@code directory} does not exist; an {@link ImageException} when it is a file
	 */
	List<ImageEntry> list(String directory) throws ImageException;

	/**
	 * Walks a folder and everything below it, depth first, a folder before its contents, without holding the whole
	 * listing in memory (images may hold 100,000 entries and more).
	 *
	 * @param directory the folder to start from (itself visited first)
	 * @param visitor   receives each entry; returning false stops the walk
	 */
	void walk(String directory, EntryVisitor visitor) throws ImageException;

	/**
	 * The entries the image holds in {@code directory} (and, with {@code recursive}, below it) that are left out of the
	 * tree because their names are unsafe, empty or clashing (see {@link LeftOutEntry}). They are never listed by
	 * {@link #list} or {@link #walk} and never extracted; a listing shows them, marked, so the user sees what the image
	 * holds and what {@link #extract} will skip.
	 *
	 * @param directory an in-image folder path (as for {@link #list})
	 * @param recursive also the entries left out in folders below {@code directory}
	 * @return the left-out entries in the image's order; empty where there are none or the format cannot say (the
	 *         default)
	 * @throws EntryNotFoundException when {@code directory} does not exist
	 */
	default List<LeftOutEntry> leftOut(String directory, boolean recursive) throws ImageException {
		return List.of();
	}

	/**
	 * Opens a file's unnamed data stream. The caller closes the stream.
	 *
	 * @throws EntryNotFoundException when nothing is at {@code path}; an {@link ImageException} when it is a folder or
	 *                                its data is damaged
	 */
	InputStream read(String path) throws ImageException;

	/**
	 * Extracts files and folders (recursively) below {@code targetDirectory}, keeping times where the host allows.
	 * Every name goes through {@link ImagePath#resolveUnder(Path)}: nothing is written outside the target.
	 *
	 * @param paths           in-image paths to extract; each lands in the target under its own name
	 * @param targetDirectory the folder to write into (created if missing)
	 * @param monitor         progress in bytes; cancellation stops between files and removes the partial file
	 * @throws ImageException when a file's data is damaged (no partial file is left) or the target cannot be written
	 */
	ExtractResult extract(List<String> paths, Path targetDirectory, IProgressMonitor monitor) throws ImageException;

	/**
	 * Stages adding a host file or folder (recursively) at {@code pathInImage}, replacing what is there.
	 *
	 * @throws ImageException when the image is read-only or the source cannot be read
	 */
	void add(Path source, String pathInImage) throws ImageException;

	/**
	 * Stages removing a file or folder (recursively).
	 *
	 * @throws EntryNotFoundException when nothing is at {@code path}
	 */
	void remove(String path) throws ImageException;

	/**
	 * Stages a rename or move.
	 *
	 * @throws EntryNotFoundException when nothing is at {@code from}
	 */
	void rename(String from, String to) throws ImageException;
}
