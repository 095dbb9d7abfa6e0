package org.deployforge.core.capability;

import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;

/** Split an image into parts of at most a given size (wimlib {@code wimlib_split}). */
public interface SplitCapability extends ImageCapability {

	/**
	 * @param firstPart    name of the first part, e.g. {@code install.swm}; later parts are {@code install2.swm}, …
	 * @param maxPartBytes the largest part size in bytes (a single file larger than that gets a part of its own)
	 * @return the parts written, first part first
	 */
	List<Path> split(Path firstPart, long maxPartBytes, IProgressMonitor monitor) throws ImageException;
}
