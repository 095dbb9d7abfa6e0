package org.deployforge.core.capability;

import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;

/** Export image indexes to a new image file (wimlib {@code wimlib_export_image} + {@code wimlib_write}). */
public interface ExportCapability extends ImageCapability {

	/**
	 * Options of an export.
	 *
	 * @param compression the destination's compression
	 * @param solid       write solid resources (what an ESD is; implies LZMS by default)
	 * @param append      add to {@code destination} when it exists instead of refusing
	 */
	record ExportOptions(Compression compression, boolean solid, boolean append) {
	}

	/**
	 * @param indexes     1-based image indexes to export; empty for all. Every XML property of each image is kept.
	 * @param destination the new image file; written beside, then renamed (atomic)
	 * @param monitor     progress in bytes; cancellation deletes the partial output
	 */
	void export(List<Integer> indexes, Path destination, ExportOptions options, IProgressMonitor monitor)
			throws ImageException;
}
