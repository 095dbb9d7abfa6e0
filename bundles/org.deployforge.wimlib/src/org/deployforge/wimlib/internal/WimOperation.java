package org.deployforge.wimlib.internal;

import java.util.ArrayList;
import java.util.List;

import org.deployforge.core.ByteProgress;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

import com.sun.jna.Pointer;

/**
 * The progress of one wimlib call, fed by wimlib's progress function with real byte counts.
 * <p>
 * The monitor receives {@code beginTask(task, total KiB)} (directly, no scaling) when wimlib first reports a total,
 * then {@code worked(KiB)} as bytes complete (never past that first total); sub-task texts carry exact figures
 * ("Writing: 12.5 MiB of 40.0 MiB"). When the monitor is cancelled the next progress message returns
 * {@code WIMLIB_PROGRESS_STATUS_ABORT}, so wimlib fails with {@code WIMLIB_ERR_ABORTED_BY_PROGRESS} (76) and the caller
 * deletes its partial output.
 */
public final class WimOperation {

	private final IProgressMonitor monitor;
	private final String task;
	private boolean begun;
	private long totalKiB;
	private long reportedKiB;
	private long lastTextKiB = -1;
	private boolean aborted;
	/** Bytes of existing data a write copies first and the progress leaves out (see {@link #countOnlyNewData}). */
	private long copiedFirst;

	/** Bytes wimlib reported as done and in total for the last byte-counting message. */
	private long completedBytes;
	private long totalBytes;

	/** Integrity check: chunks checked so far, chunks in all, chunk size (from WIMLIB_PROGRESS_MSG_VERIFY_INTEGRITY). */
	private int integrityCompletedChunks;
	private int integrityTotalChunks;
	private int integrityChunkSize;

	/** Blob verification (WIMLIB_PROGRESS_MSG_VERIFY_STREAMS). */
	private long verifiedBlobs;
	private long verifiedBlobBytes;

	/** Split parts finished, in order (WIMLIB_PROGRESS_MSG_SPLIT_END_PART). */
	private final List<String> splitParts = new ArrayList<>();
	private final List<String> splitPartsStarted = new ArrayList<>();

	public WimOperation(@Nullable IProgressMonitor monitor, String task) {
		this.monitor = monitor == null ? new NullProgressMonitor() : monitor;
		this.task = task;
	}

	/**
	 * Makes the write progress count only new data: when a WIM is rewritten with an image added, wimlib's
	 * {@code WIMLIB_PROGRESS_MSG_WRITE_STREAMS} totals include the blobs already in the file, which
	 * {@code write_blob_list} (write.c) copies first, raw, before it compresses the new ones. Those bytes are taken off
	 * both figures, so the progress of {@code capture --append} is that of the newly captured data, as
	 * {@code wimlib-imagex append} shows it.
	 *
	 * @param existingBytes uncompressed bytes of the file data blobs already in the WIM (blob table, metadata
	 *                      resources excluded)
	 */
	public void countOnlyNewData(long existingBytes) {
		copiedFirst = Math.max(0, existingBytes);
	}

	/** Called on the wimlib thread for every progress message. */
	int handle(int message, @Nullable Pointer info) {
		if (info != null) {
			switch (message) {
			case WimLib.MSG_WRITE_STREAMS -> bytes("Writing", Math.max(0, info.getLong(16) - copiedFirst),
					Math.max(0, info.getLong(0) - copiedFirst));
			case WimLib.MSG_EXTRACT_STREAMS -> bytes("Extracting", info.getLong(48), info.getLong(40));
			case WimLib.MSG_VERIFY_INTEGRITY, WimLib.MSG_CALC_INTEGRITY -> {
				integrityTotalChunks = info.getInt(16);
				integrityCompletedChunks = info.getInt(20);
				integrityChunkSize = info.getInt(24);
				bytes(message == WimLib.MSG_VERIFY_INTEGRITY ? "Checking integrity" : "Computing integrity table",
						info.getLong(8), info.getLong(0));
			}
			case WimLib.MSG_VERIFY_STREAMS -> {
				verifiedBlobs = info.getLong(24);
				verifiedBlobBytes = info.getLong(32);
				bytes("Verifying file data", info.getLong(32), info.getLong(16));
			}
			case WimLib.MSG_SPLIT_BEGIN_PART -> {
				Pointer name = info.getPointer(24);
				if (name != null) {
					splitPartsStarted.add(name.getString(0, "UTF-8"));
				}
				bytes("Splitting", info.getLong(8), info.getLong(0));
			}
			case WimLib.MSG_SPLIT_END_PART -> {
				Pointer name = info.getPointer(24);
				if (name != null) {
					splitParts.add(name.getString(0, "UTF-8"));
				}
				bytes("Splitting", info.getLong(8), info.getLong(0));
			}
			case WimLib.MSG_SCAN_BEGIN -> monitor.subTask("Scanning " + string(info.getPointer(0)));
			default -> {
				// other messages carry nothing we show
			}
			}
		}
		if (monitor.isCanceled()) {
			aborted = true;
			return WimLib.PROGRESS_ABORT;
		}
		return WimLib.PROGRESS_CONTINUE;
	}

	private static String string(@Nullable Pointer pointer) {
		return pointer == null ? "" : pointer.getString(0, "UTF-8");
	}

	private void bytes(String phase, long completed, long total) {
		completedBytes = completed;
		totalBytes = total;
		ByteProgress.report(monitor, phase, completed, total);
		long totalK = Math.min(Integer.MAX_VALUE, Math.max(1, total / 1024));
		long doneK = Math.min(totalK, completed / 1024);
		if (!begun) {
			monitor.beginTask(task, (int) totalK);
			begun = true;
			totalKiB = totalK;
		}
		// a later phase (or a shrinking estimate) never moves the bar past its total
		long target = Math.min(doneK, totalKiB);
		if (target > reportedKiB) {
			monitor.worked((int) (target - reportedKiB));
			reportedKiB = target;
		}
		if (lastTextKiB < 0 || Math.abs(doneK - lastTextKiB) >= 1024 || completed == total) {
			lastTextKiB = doneK;
			monitor.subTask(phase + ": " + humanBytes(completed) + " of " + humanBytes(total));
		}
	}

	/** @return e.g. "12.5 MiB" */
	public static String humanBytes(long bytes) {
		if (bytes < 1024) {
			return bytes + " bytes";
		}
		String[] units = { "KiB", "MiB", "GiB", "TiB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
	}

	/** Marks the monitor done. */
	public void done() {
		monitor.done();
	}

	/** @return whether the progress function asked wimlib to abort */
	public boolean aborted() {
		return aborted;
	}

	/** @return whether the monitor has been cancelled */
	public boolean isCanceled() {
		return monitor.isCanceled();
	}

	public IProgressMonitor monitor() {
		return monitor;
	}

	public long completedBytes() {
		return completedBytes;
	}

	public long totalBytes() {
		return totalBytes;
	}

	/** @return 1-based number of the integrity chunk being checked when a check stopped (completed + 1) */
	public int integrityFailedChunk() {
		return integrityCompletedChunks + 1;
	}

	public int integrityTotalChunks() {
		return integrityTotalChunks;
	}

	public int integrityChunkSize() {
		return integrityChunkSize;
	}

	public long verifiedBlobs() {
		return verifiedBlobs;
	}

	public long verifiedBlobBytes() {
		return verifiedBlobBytes;
	}

	/** @return split parts finished, first first */
	public List<String> splitParts() {
		return List.copyOf(splitParts);
	}

	/** @return split parts begun (some may be incomplete when the split failed) */
	public List<String> splitPartsStarted() {
		return List.copyOf(splitPartsStarted);
	}
}
