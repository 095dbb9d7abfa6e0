package org.deployforge.core.capability;

import java.nio.file.Path;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;

/** Join the parts of a split image into one file (wimlib {@code wimlib_join}). */
public interface JoinCapability extends HandlerCapability {

	/**
	 * @param firstPart   the first part ({@code install.swm}); the others are found beside it by name
	 * @param destination the joined image
	 * @throws org.deployforge.core.MissingPartException when a part is missing (named in the message)
	 */
	void join(Path firstPart, Path destination, IProgressMonitor monitor) throws ImageException;
}
