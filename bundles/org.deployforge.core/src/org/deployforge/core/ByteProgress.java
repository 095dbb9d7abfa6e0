package org.deployforge.core;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A progress monitor that also wants the exact byte counts behind the work units: a front end shows a byte rate
 * ("123.4 MiB/s") and the time left from them. Handlers report with {@link #report}, which finds such a monitor in a
 * chain of {@link ProgressMonitorWrapper}s and does nothing when there is none (a {@code SubMonitor} hides its parent,
 * so report to the monitor the caller passed in).
 */
public interface ByteProgress {

	/**
	 * @param phase what is being done, e.g. "Writing", "Extracting"; a new phase starts a new rate
	 * @param done  bytes done so far in this phase
	 * @param total bytes of the whole phase (for a WIM: wimlib's {@code total_bytes} of the progress message)
	 */
	void bytes(String phase, long done, long total);

	/** Passes byte counts to the first {@link ByteProgress} in {@code monitor}'s wrapper chain, if any. */
	static void report(@Nullable IProgressMonitor monitor, String phase, long done, long total) {
		IProgressMonitor current = monitor;
		while (current != null) {
			if (current instanceof ByteProgress progress) {
				progress.bytes(phase, done, total);
				return;
			}
			current = current instanceof ProgressMonitorWrapper wrapper ? wrapper.getWrappedProgressMonitor() : null;
		}
	}
}
