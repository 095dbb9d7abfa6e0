package org.deployforge.ui.images.internal;

import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;

/**
 * Adds "12 MB of 340 MB, 45 MB/s" to a job's progress: handlers report work in bytes (extract, export, commit), so
 * the rate is the work done per second. Updates the sub-task at most four times a second.
 */
final class RateMonitor extends ProgressMonitorWrapper {

	private final long started = System.nanoTime();
	private long total;
	private double done;
	private long lastUpdate;

	RateMonitor(IProgressMonitor monitor) {
		super(monitor);
	}

	@Override
	public void beginTask(String name, int totalWork) {
		super.beginTask(name, totalWork);
		total = totalWork;
	}

	@Override
	public void worked(int work) {
		internalWorked(work);
	}

	@Override
	public void internalWorked(double work) {
		super.internalWorked(work);
		done += work;
		long now = System.nanoTime();
		if (now - lastUpdate > 250_000_000L && total > 0) {
			lastUpdate = now;
			double seconds = Math.max(0.001, (now - started) / 1e9);
			String rate = total > 64 * 1024 ? Texts.bytes((long) (done / seconds)) + "/s"
					: String.format(Locale.ROOT, "%.0f/s", done / seconds);
			String amount = total > 64 * 1024 ? Texts.bytes((long) done) + " of " + Texts.bytes(total)
					: String.format(Locale.ROOT, "%.0f of %d", done, total);
			super.subTask(amount + ", " + rate);
		}
	}
}
