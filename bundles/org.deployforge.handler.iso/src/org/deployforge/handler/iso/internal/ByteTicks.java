package org.deployforge.handler.iso.internal;

import org.deployforge.core.ByteProgress;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Byte counts turned into progress: work units of 64 KiB on a {@link SubMonitor} (begun with
 * {@link #units(long)} units), the exact bytes to a {@link ByteProgress} front end (byte rate, time left), and a
 * cancellation check. For one thread: copies on other threads add to a counter whose value is passed to {@link #at}.
 */
final class ByteTicks {

	private static final long UNIT = 65536;

	private final @Nullable IProgressMonitor caller;
	private final SubMonitor progress;
	private final String phase;
	private final long total;
	private long done;
	private long reported;

	/**
	 * @param caller   the monitor the caller passed in (a {@code SubMonitor} hides the {@link ByteProgress} behind it)
	 * @param progress converted from {@code caller} with {@link #units(long)} units
	 * @param total    bytes of the whole phase
	 */
	ByteTicks(@Nullable IProgressMonitor caller, SubMonitor progress, String phase, long total) {
		this.caller = caller;
		this.progress = progress;
		this.phase = phase;
		this.total = total;
	}

	/** @return the work units for {@code bytes} */
	static int units(long bytes) {
		return (int) Math.min(Integer.MAX_VALUE, bytes / UNIT + 1);
	}

	/** @throws OperationCanceledException when the user cancelled */
	void add(long bytes) {
		at(done + bytes);
	}

	/** @throws OperationCanceledException when the user cancelled */
	void at(long bytes) {
		done = bytes;
		if (done - reported >= UNIT) {
			progress.worked((int) ((done - reported) / UNIT));
			reported = done - (done - reported) % UNIT;
			ByteProgress.report(caller, phase, done, total);
		}
		if (progress.isCanceled()) {
			throw new OperationCanceledException();
		}
	}
}
