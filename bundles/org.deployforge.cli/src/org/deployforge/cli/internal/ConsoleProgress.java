package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * The command line's progress monitor, writing to standard error.
 * <p>
 * On a terminal it redraws one line ({@code \r}) at most ten times a second: a bar, the percentage, bytes done of the
 * total and the rate. Otherwise (a pipe, a log file, a test) it writes a plain line at most every two seconds and a
 * summary line at the end of work that printed any. Handlers report work through {@link org.eclipse.core.runtime.SubMonitor}
 * ticks; the byte figures are that fraction of the total the command knows beforehand (uncompressed bytes from the
 * image's metadata), shown with {@code ~} where the total is an estimate. A handler whose sub-task text carries exact
 * figures in the form {@code "PHASE: 12.5 MiB of 40.0 MiB"} (units B or bytes, KiB, MiB, GiB, TiB) gets its total
 * used instead (exact), the bytes done being the monitor's fraction of it (sub-task texts may lag behind the ticks).
 * <p>
 * In the real process ({@link CliContext#interruptible()}) a shutdown hook is registered while the work runs: Ctrl-C
 * (SIGINT) or SIGTERM then cancels this monitor and waits (up to {@value #CANCEL_WAIT_SECONDS} s) for the work to
 * stop, so a handler that was writing deletes its partial output instead of being killed between its write and its
 * rename. The JVM only exits after the hook returns.
 */
public final class ConsoleProgress implements IProgressMonitor, AutoCloseable {

	/** How long a Ctrl-C waits for the running work to clean up before the JVM exits anyway. */
	static final int CANCEL_WAIT_SECONDS = 120;

	private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
	private static final long PLAIN_INTERVAL_NANOS = 2_000_000_000L;
	private static final int BAR_WIDTH = 30;
	private static final int LINE_WIDTH = 79;

	/** {@code "Writing: 12.5 MiB of 40.0 MiB"}: a phase and exact byte figures in a handler's sub-task text. */
	private static final Pattern SUBTASK_BYTES = Pattern.compile(
			"^(.*?):?\\s*([0-9][0-9.,]*)\\s*(B|bytes|KiB|MiB|GiB|TiB)\\s+of\\s+([0-9][0-9.,]*)\\s*(B|bytes|KiB|MiB|GiB|TiB)\\s*$");

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
	/** Bytes done and in total as the handler's sub-task text states them, or -1. */
	private double subTaskDone = -1;
	private double subTaskTotal = -1;
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
	public static ConsoleProgress start(CliContext context, PrintWriter err, String label, long totalBytes,
			boolean exactBytes) {
		return new ConsoleProgress(context, err, label, totalBytes, exactBytes);
	}

	/** Starts showing progress of work whose size in bytes is unknown. */
	public static ConsoleProgress start(CliContext context, PrintWriter err, String label) {
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
		Matcher figures = SUBTASK_BYTES.matcher(subTask);
		if (figures.matches()) {
			subTaskDone = bytes(figures.group(2), figures.group(3));
			subTaskTotal = bytes(figures.group(4), figures.group(5));
			subTask = figures.group(1).strip();
		} else {
			subTaskDone = -1;
			subTaskTotal = -1;
		}
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
		String summary = task + ": done in " + seconds(elapsed);
		if (subTaskTotal > 0) {
			summary += ", " + Text.size(subTaskTotal) + " (" + rate(subTaskTotal, elapsed) + ")";
		} else if (totalBytes > 0) {
			summary += ", " + approx() + Text.size(totalBytes) + " (" + rate(totalBytes, elapsed) + ")";
		}
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
			// task [bar] pct  bytes, rate  subtask: the sub-task goes first, then the bar shrinks, to stay in one line
			StringBuilder figures = new StringBuilder();
			if (fraction >= 0) {
				figures.append(String.format(Locale.ROOT, " %3d%%", (int) Math.floor(fraction * 100)));
			} else {
				figures.append(' ').append(seconds(elapsed));
			}
			appendBytes(figures, fraction, elapsed, "  ");
			String name = task.length() > 32 ? task.substring(0, 31) + "…" : task;
			int room = LINE_WIDTH - name.length() - figures.length() - 3;
			int barWidth = Math.min(BAR_WIDTH, room);
			line.append(name).append(' ');
			if (barWidth >= 8) {
				if (fraction >= 0) {
					int filled = (int) Math.round(fraction * barWidth);
					line.append('[').append("#".repeat(filled)).append(".".repeat(barWidth - filled)).append(']');
				} else {
					line.append('[').append("working".substring(0, Math.min(7, barWidth))).append(']');
				}
			}
			line.append(figures);
			if (!subTask.isEmpty() && line.length() + 2 + subTask.length() <= LINE_WIDTH) {
				line.append("  ").append(subTask);
			}
			drawLine(line.length() > LINE_WIDTH ? line.substring(0, LINE_WIDTH - 1) + "…" : line.toString());
		} else {
			line.append(task).append(": ");
			line.append(fraction >= 0 ? String.format(Locale.ROOT, "%d%%", (int) Math.floor(fraction * 100))
					: "working, " + seconds(elapsed));
			boolean bytes = hasBytes(fraction);
			appendBytes(line, fraction, elapsed, " (");
			if (bytes) {
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

	private static double bytes(String number, String unit) {
		double value = Double.parseDouble(number.replace(",", ""));
		return switch (unit) {
		case "KiB" -> value * 1024;
		case "MiB" -> value * 1024 * 1024;
		case "GiB" -> value * 1024 * 1024 * 1024;
		case "TiB" -> value * 1024 * 1024 * 1024 * 1024;
		default -> value;
		};
	}

	private boolean hasBytes(double fraction) {
		return subTaskTotal > 0 || (fraction >= 0 && totalBytes > 0);
	}

	private void appendBytes(StringBuilder line, double fraction, long elapsed, String separator) {
		if (subTaskTotal > 0) {
			double done = fraction >= 0 ? fraction * subTaskTotal : subTaskDone;
			line.append(separator).append(Text.size(done)).append(" of ").append(Text.size(subTaskTotal));
			line.append(", ").append(rate(done, elapsed));
			return;
		}
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
