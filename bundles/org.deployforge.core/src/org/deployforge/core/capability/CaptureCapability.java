package org.deployforge.core.capability;

import java.nio.file.Path;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

/** Capture a folder as a new image (wimlib {@code wimlib_add_image}), into a new file or appended to an existing one. */
public interface CaptureCapability extends HandlerCapability {

	/**
	 * @param name        the image's NAME (must be unique in the file)
	 * @param description its DESCRIPTION, or null
	 * @param compression compression of a new file (ignored when appending)
	 * @param solid       write solid resources (ESD)
	 * @param append      append to {@code destination} as a new index instead of creating it
	 */
	record CaptureOptions(String name, @Nullable String description, Compression compression, boolean solid,
			boolean append) {
	}

	/**
	 * @return the 1-based index of the new image
	 */
	int capture(Path sourceDirectory, Path destination, CaptureOptions options, IProgressMonitor monitor)
			throws ImageException;
}
