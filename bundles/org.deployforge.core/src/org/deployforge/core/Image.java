package org.deployforge.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.deployforge.core.capability.ImageCapability;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * An open image file: a session that reads it, stages changes and commits them atomically.
 * <p>
 * Commit contract: the new image is written beside the original (same folder) and renamed over it, so an interrupted
 * commit leaves the original byte-identical, and a failed one leaves no stray file. Images are not thread-safe; the
 * front ends confine each session to one job at a time.
 */
public interface Image extends AutoCloseable {

	/** @return the image file (the first part, for split images) */
	Path file();

	/** @return the format the handler recognised */
	ImageFormat format();

	/** @return the id of the handler that opened it (see {@link ImageHandler#id()}) */
	String handlerId();

	/** @return the facts about the file and its image indexes, as on disk (staged changes excluded) */
	ImageInfo info() throws ImageException;

	/**
	 * The image indexes alone, for callers that need no other fact: a handler whose {@link #info()} costs more than
	 * its indexes (an ISO's info reads its boot images and the editions of its install image) answers without it.
	 *
	 * @return the 1-based image indexes in ascending order, as {@link #info()} lists them
	 */
	default List<Integer> indexes() throws ImageException {
		return info().volumes().stream().map(VolumeInfo::index).toList();
	}

	/**
	 * @param index a 1-based image index
	 * @return the files of that image index
	 * @throws ImageException when the index is out of range (the message lists the valid ones)
	 */
	ImageTree tree(int index) throws ImageException;

	/** @return whether the session refuses changes */
	boolean isReadOnly();

	/** @return the staged changes, in the order they were made */
	List<PendingChange> pendingChanges();

	/** @return whether there are staged changes */
	default boolean hasChanges() {
		return !pendingChanges().isEmpty();
	}

	/**
	 * Writes the staged changes atomically (write beside, then rename over the original).
	 *
	 * @param monitor progress; cancellation before the rename leaves the original untouched and deletes the new file
	 * @return what was written
	 * @throws ImageException when writing fails; the original is then unchanged and the changes stay staged
	 */
	CommitResult commit(IProgressMonitor monitor) throws ImageException;

	/** Drops every staged change. */
	void discard();

	/**
	 * Asks for an optional operation instead of casting.
	 *
	 * @param type the capability interface, e.g. {@link org.deployforge.core.capability.ExportCapability}
	 * @return the capability, or empty when the format does not offer it
	 */
	<T extends ImageCapability> Optional<T> capability(Class<T> type);

	/** Releases the file and any work files; staged changes are dropped. Never throws. */
	@Override
	void close();
}
