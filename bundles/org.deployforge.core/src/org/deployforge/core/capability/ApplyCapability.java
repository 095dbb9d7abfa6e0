package org.deployforge.core.capability;

import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.ExtractResult;
import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;

/** Apply (extract) a whole image index to a folder (wimlib {@code wimlib_extract_image}). */
public interface ApplyCapability extends ImageCapability {

	/**
	 * @param index     1-based image index
	 * @param targetDirectory the folder to fill (created if missing)
	 */
	void apply(int index, Path targetDirectory, IProgressMonitor monitor) throws ImageException;

	/**
	 * Applies like {@link #apply(int, Path, IProgressMonitor)} and says what was written and which entries were
	 * skipped, as {@link org.deployforge.core.ImageTree#extract} does: entries whose names would leave the folder
	 * (a WIM entry named {@code ..}, which wimlib leaves out with a warning only) are never written and each is
	 * reported in {@link ExtractResult#skipped()}.
	 *
	 * @param index           1-based image index
	 * @param targetDirectory the folder to fill (created if missing)
	 * @return files, folders and bytes written, and the skipped entries with the reason; the default runs
	 *         {@link #apply} and reports -1 (unknown) for the counts and no skipped entries, so handlers that can skip
	 *         entries override it
	 */
	default ExtractResult applyAndReport(int index, Path targetDirectory, IProgressMonitor monitor)
			throws ImageException {
		apply(index, targetDirectory, monitor);
		return new ExtractResult(-1, -1, -1, List.of());
	}
}
