package org.deployforge.core.capability;

import java.nio.file.Path;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;

/** Apply (extract) a whole image index to a folder (wimlib {@code wimlib_extract_image}). */
public interface ApplyCapability extends ImageCapability {

	/**
	 * @param index     1-based image index
	 * @param targetDirectory the folder to fill (created if missing)
	 */
	void apply(int index, Path targetDirectory, IProgressMonitor monitor) throws ImageException;
}
