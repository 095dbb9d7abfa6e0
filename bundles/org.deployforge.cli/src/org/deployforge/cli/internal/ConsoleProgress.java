package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * The command line's progress monitor, writing to standard error.
 * <p>
 * On a terminal it redraws one line ({@code \r}) at most ten times a second: a bar, the percentage, bytes done of the
 * total and the rate. Otherwise (a pipe, a log file, a test) it writes a plain line at most every two seconds and a
 * summary line at the end of work that printed any. Handlers report work through {@link org.eclipse.core.runtime.SubMonitor}
 * ticks; the byte figures are that fraction of the total the command knows beforehand (uncompressed bytes from the
 * image's metadata), shown with {@code ~} where the total is an estimate.
 * <p>
 * In the real process ({@link CliContext#interruptible()}) a shutdown hook is registered while the work runs: Ctrl-C
 * (SIGINT) or SIGTERM then cancels this monitor and waits (up to {@value #CANCEL_WAIT_SECONDS} s) for the work to
 * stop, so a handler that was writing deletes its partial output instead of being killed between its write and its
 * rename. The JVM only exits after the hook returns.
 */
final class ConsoleProgress implements IProgressMonitor, AutoCloseable {

	/** How long a Ctrl-C waits for the running work to clean up before the JVM exits anyway. */
	static final int CANCEL_WAIT_SECONDS = 120;

	private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
	private static final long PLAIN_INTERVAL_NANOS = 2_000_000_000L;
	private static final int BAR_WIDTH = 24;
	private static final int LINE_WIDTH = 79;

	private final PrintWriter err;
	private final boolean terminal;
	private final long totalBytes;
	private final boolean exactBytes;
	private final long start = System.nanoTime();
	private final CountDownLatch finished = new CountDownLatch(1);
	private final Thread hook;

	private volatile boolean canceled;
	private volatile boolean interrupted;
	private String task;
	private String subTask = "";
	private int totalWork = UNKNOWN;
	private double worked;
	private long lastDraw;
	private int drawnLength;
	private boolean printedAny;
	private boolean closed;

	/**
	 * @param label      what the work is called ("Extracting"), until a handler names its task
	 * @param totalBytes the bytes the whole work amounts to, or -1 when unknown
	 * @param exactBytes whether {@code totalBytes} is exact (else shown with {@code ~})
	 */
	private ConsoleProgress(CliContext context, PrintWriter err, String label, long totalBytes, boolean exactBytes) {
		this.err = err;
		this.terminal = context.terminal();
		this.task = label;
		this.totalBytes = totalBytes;
		this.exactBytes = exactBytes;
		this.lastDraw = start;
		if (context.interruptible()) {
			hook = new Thread(this::cancelOnShutdown, "deployforge-cancel-on-shutdown");
			Runtime.getRuntime().addShutdownHook(hook);
		} else {
			hook = null;
		}
	}

	/** Starts showing progress of work with a known or estimated size in bytes (-1 when unknown). */
	static ConsoleProgress start(CliContext context, PrintWriter err, String label, long totalBytes,
			boolean exactBytes) {
		return new ConsoleProgress(context, err, label, totalBytes, exactBytes);
	}

	/** Starts showing progress of work whose size in bytes is unknown. */
	static ConsoleProgress start(CliContext context, PrintWriter err, String label) {
		return new ConsoleProgress(context, err, label, -1, false);
	}

	private void cancelOnShutdown() {
		if (closed) {
			return;
		}
		interrupted = true;
		canceled = true;
		synchronized (this) {
			endLine();
			err.println("deployforge: interrupted: cancelling " + task.toLowerCase(Locale.ROOT)
					+ "; files being written are removed, the image stays as it was");
			err.flush();
		}
		try {
			finished.await(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** @return whether a Ctrl-C or SIGTERM cancelled the work */
	boolean wasInterrupted() {
		return interrupted;
	}

	@Override
	public synchronized void beginTask(String name, int work) {
		if (name != null && !name.isBlank()) {
			task = name.strip();
		}
		totalWork = work;
		worked = 0;
		draw(false);
	}

	@Override
	public void done() {
		synchronized (this) {
			if (totalWork > 0) {
				worked = totalWork;
			}
			finish();
		}
	}

	@Override
	public void internalWorked(double work) {
		synchronized (this) {
			worked += work;
			draw(false);
		}
	}

	@Override
	public boolean isCanceled() {
		return canceled;
	}

	@Override
	public void setCanceled(boolean value) {
		canceled = value;
	}

	@Override
	public synchronized void setTaskName(String name) {
		if (name != null && !name.isBlank()) {
			task = name.strip();
		}
		draw(false);
	}

	@Override
	public synchronized void subTask(String name) {
		subTask = name == null ? "" : name.strip();
		draw(false);
	}

	@Override
	public void worked(int work) {
		internalWorked(work);
	}

	/** Ends the display (a summary line where progress was shown) and releases the shutdown hook. */
	@Override
	public void close() {
		synchronized (this) {
			finish();
			closed = true;
		}
		finished.countDown();
		if (hook != null && !interrupted) {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			} catch (IllegalStateException shuttingDown) {
				// the JVM is exiting; the hook sees closed and returns at once
			}
		}
	}

	private void finish() {
		if (closed) {
			return;
		}
		long elapsed = System.nanoTime() - start;
		if (!printedAny && elapsed < PLAIN_INTERVAL_NANOS) {
			endLine();
			return;
		}
		if (canceled) {
			endLine();
			return;
		}
		String summary = task + ": done in " + seconds(elapsed)
				+ (totalBytes > 0 ? ", " + approx() + Text.size(totalBytes) + " (" + rate(totalBytes, elapsed) + ")" : "");
		if (terminal) {
			drawLine(summary);
			err.println();
			drawnLength = 0;
		} else {
			err.println(summary);
		}
		err.flush();
		printedAny = false;
		closed = true;
	}

	private void endLine() {
		if (terminal && drawnLength > 0) {
			err.println();
			drawnLength = 0;
		}
	}

	private void draw(boolean force) {
		if (closed) {
			return;
		}
		long now = System.nanoTime();
		long interval = terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
		if (!force && now - lastDraw < interval) {
			return;
		}
		lastDraw = now;
		double fraction = totalWork > 0 ? Math.min(1.0, Math.max(0.0, worked / totalWork)) : -1;
		long elapsed = now - start;
		StringBuilder line = new StringBuilder();
		if (terminal) {
			line.append(task).append(' ');
			if (fraction >= 0) {
				int filled = (int) Math.round(fraction * BAR_WIDTH);
				line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
				line.append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100)));
			} else {
				line.append("[working] ").append(seconds(elapsed));
			}
			appendBytes(line, fraction, elapsed, "  ");
			if (!subTask.isEmpty()) {
				line.append("  ").append(subTask);
			}
			drawLine(line.length() > LINE_WIDTH ? line.substring(0, LINE_WIDTH - 1) + "…" : line.toString());
		} else {
			line.append(task).append(": ");
			line.append(fraction >= 0 ? String.format(Locale.ROOT, "%d%%", (int) Math.floor(fraction * 100))
					: "working, " + seconds(elapsed));
			appendBytes(line, fraction, elapsed, " (");
			if (fraction >= 0 && totalBytes > 0) {
				line.append(')');
			}
			if (!subTask.isEmpty()) {
				line.append(" - ").append(subTask);
			}
			err.println(line);
		}
		err.flush();
		printedAny = true;
	}

	private void appendBytes(StringBuilder line, double fraction, long elapsed, String separator) {
		if (fraction < 0 || totalBytes <= 0) {
			return;
		}
		double done = fraction * totalBytes;
		line.append(separator).append(approx()).append(Text.size(done)).append(" of ").append(Text.size(totalBytes));
		line.append(", ").append(rate(done, elapsed));
	}

	private void drawLine(String text) {
		StringBuilder padded = new StringBuilder("\r").append(text);
		for (int i = text.length(); i < drawnLength; i++) {
			padded.append(' ');
		}
		err.print(padded);
		drawnLength = text.length();
	}

	private String approx() {
		return exactBytes ? "" : "~";
	}

	private static String rate(double bytes, long elapsedNanos) {
		double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
		return Text.size(bytes / seconds) + "/s";
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
	}
}
