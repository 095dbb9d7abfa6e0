package org.deployforge.core.capability;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;

/** Rebuild an image without wasted space (wimlib {@code wimlib_overwrite} with {@code WIMLIB_WRITE_FLAG_REBUILD}). */
public interface OptimizeCapability extends ImageCapability {

	/**
	 * @param recompress also recompress every stream (slower, smaller)
	 * @return the file size in bytes before and after, as {@code long[]{before, after}}
	 */
	long[] optimize(boolean recompress, IProgressMonitor monitor) throws ImageException;
}
