package org.deployforge.ui.images.internal;

import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;

/**
 * Adds the rate and the time left to a job's progress text, whatever unit a handler counts in (the WIM handler counts
 * KiB, others bytes or files): "Writing: 79.0 MiB of 128.0 MiB — 62%, 14%/s, about 3 s left". The handler's own
 * sub-task text is kept in front. Updates at most four times a second.
 */
final class RateMonitor extends ProgressMonitorWrapper {

	private final long started = System.nanoTime();
	private double total;
	private double done;
	private long lastUpdate;
	private String detail = "";

	RateMonitor(IProgressMonitor monitor) {
		super(monitor);
	}

	@Override
	public void beginTask(String name, int totalWork) {
		super.beginTask(name, totalWork);
		total = totalWork;
		done = 0;
	}

	@Override
	public void subTask(String name) {
		detail = name;
		super.subTask(text());
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
		if (now - lastUpdate > 250_000_000L) {
			lastUpdate = now;
			super.subTask(text());
		}
	}

	private String text() {
		if (total <= 0 || done <= 0) {
			return detail;
		}
		double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
		double fraction = Math.min(1, done / total);
		double perSecond = fraction / seconds;
		String left = perSecond <= 0 ? "" : ", about " + duration((1 - fraction) / perSecond) + " left";
		String rate = String.format(Locale.ROOT, "%.0f%%, %.1f%%/s%s", fraction * 100, perSecond * 100, left);
		return detail.isEmpty() ? rate : detail + " \u2014 " + rate;
	}

	private static String duration(double seconds) {
		if (seconds < 90) {
			return Math.max(1, Math.round(seconds)) + " s";
		}
		if (seconds < 5400) {
			return Math.round(seconds / 60) + " min";
		}
		return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
	}
}
