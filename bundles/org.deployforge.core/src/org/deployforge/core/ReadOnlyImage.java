package org.deployforge.core;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import org.deployforge.core.capability.ImageCapability;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * An {@link Image} whose handler only reads (CAB, test archives, …): nothing is ever staged, so a commit writes
 * nothing, and no optional capability is offered unless the handler overrides {@link #capability(Class)}.
 * Implementations give the file, format, handler id, facts, trees and {@link #close()}.
 */
public interface ReadOnlyImage extends Image {

	/** @return true: the session refuses changes */
	@Override
	default boolean isReadOnly() {
		return true;
	}

	/** @return no changes: nothing can be staged */
	@Override
	default List<PendingChange> pendingChanges() {
		return List.of();
	}

	/** @return a result that writes nothing: 0 changes, the file's size in bytes (0 when it cannot be read) */
	@Override
	default CommitResult commit(IProgressMonitor monitor) throws ImageException {
		long bytes;
		try {
			bytes = Files.size(file());
		} catch (IOException e) {
			bytes = 0;
		}
		return new CommitResult(file(), 0, bytes, List.of("nothing to commit: the " + format().shortName()
				+ " handler only reads"));
	}

	/** Nothing is ever staged, so there is nothing to drop. */
	@Override
	default void discard() {
		// nothing to drop
	}

	/** @return empty: a read-only format offers no optional operation unless the handler says otherwise */
	@Override
	default <T extends ImageCapability> Optional<T> capability(Class<T> type) {
		return Optional.empty();
	}
}
