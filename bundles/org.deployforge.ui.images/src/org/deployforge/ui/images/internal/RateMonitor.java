package org.deployforge.ui.images.internal;

import java.util.Locale;

import org.deployforge.core.ByteProgress;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;

/**
 * Adds the rate and the time left to a job's progress text: "Writing: 79.0 MiB of 128.0 MiB — 62%, 123.4 MiB/s, about
 * 3 s left". The rate is in bytes per second from the byte counts a handler reports through {@link ByteProgress} (the
 * WIM handler passes wimlib's own counts); a handler that reports only work units gets the percentage and the time
 * left, never a made-up rate. The handler's own sub-task text is kept in front. Updates at most four times a second.
 */
public final class RateMonitor extends ProgressMonitorWrapper implements ByteProgress {

	private static final long UPDATE_NANOS = 250_000_000L;
	private final long started = System.nanoTime();
	private double total;
	private double done;
	private long lastUpdate;
	private String detail = "";

	/** The current byte-counting phase: its name, total, and where (bytes, time) its rate is measured from. */
	private String phase = "";
	private long phaseTotal = -1;
	private long phaseStartBytes;
	private long phaseStartNanos;
	private long bytesDone = -1;
	private long bytesNanos;
	private volatile String text = "";

	/** Wraps {@code monitor} (a job's). */
	public RateMonitor(IProgressMonitor monitor) {
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
		show();
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
		if (now - lastUpdate > UPDATE_NANOS) {
			lastUpdate = now;
			show();
		}
	}

	@Override
	public synchronized void bytes(String newPhase, long bytes, long bytesTotal) {
		long now = System.nanoTime();
		if (!newPhase.equals(phase) || bytesTotal != phaseTotal || bytes < bytesDone) {
			phase = newPhase;
			phaseTotal = bytesTotal;
			phaseStartBytes = bytes;
			phaseStartNanos = now;
		}
		bytesDone = bytes;
		bytesNanos = now;
		if (now - lastUpdate > UPDATE_NANOS) {
			lastUpdate = now;
			show();
		}
	}

	private void show() {
		text = text();
		super.subTask(text);
	}

	/** @return the progress text last shown (tests read it) */
	public String shown() {
		return text;
	}

	private synchronized String text() {
		String rate = byteRate();
		if (rate == null) {
			rate = fractionRate();
		}
		if (rate == null) {
			return detail;
		}
		return detail.isEmpty() ? rate : detail + " \u2014 " + rate;
	}

	/** @return "62%, 123.4 MiB/s, about 3 s left" from byte counts, or null before two of them are known */
	private String byteRate() {
		if (bytesDone < 0 || phaseTotal <= 0) {
			return null;
		}
		double seconds = (bytesNanos - phaseStartNanos) / 1e9;
		long moved = bytesDone - phaseStartBytes;
		if (seconds < 0.05 || moved <= 0) {
			return null;
		}
		double perSecond = moved / seconds;
		double fraction = Math.min(1, (double) bytesDone / phaseTotal);
		long left = Math.max(0, phaseTotal - bytesDone);
		return String.format(Locale.ROOT, "%.0f%%, %s/s%s", fraction * 100, binary(perSecond),
				left == 0 ? "" : ", about " + duration(left / perSecond) + " left");
	}

	/** @return "62%, about 3 s left" from work units (no rate: units are not bytes), or null */
	private String fractionRate() {
		if (total <= 0 || done <= 0) {
			return null;
		}
		double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
		double fraction = Math.min(1, done / total);
		double perSecond = fraction / seconds;
		return String.format(Locale.ROOT, "%.0f%%%s", fraction * 100,
				fraction >= 1 ? "" : ", about " + duration((1 - fraction) / perSecond) + " left");
	}

	/** @return e.g. "123.4 MiB" (binary units, one decimal; bytes below 1 KiB) */
	static String binary(double bytes) {
		if (bytes < 1024) {
			return String.format(Locale.ROOT, "%.0f bytes", bytes);
		}
		String[] units = { "KiB", "MiB", "GiB", "TiB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
	}

	static String duration(double seconds) {
		if (seconds < 90) {
			return Math.max(1, Math.round(seconds)) + " s";
		}
		if (seconds < 5400) {
			return Math.round(seconds / 60) + " min";
		}
		return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
	}
}
