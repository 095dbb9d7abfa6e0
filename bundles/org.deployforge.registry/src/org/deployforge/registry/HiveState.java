package org.deployforge.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deployforge.core.ImageException;
import org.deployforge.registry.internal.RegfStructure;

/**
 * Whether a hive is dirty: changes Windows had not yet written into the hive file itself.
 * <p>
 * Facts (Maxim Suhanov, "Windows registry file format specification", github.com/msuhanov/regf, sections "Base block"
 * and "Transaction log files"): the base block holds a primary sequence number (offset 4) and a secondary one (offset
 * 8); Windows increments the primary before writing the hive and sets the secondary equal after, so different numbers
 * mean an interrupted write. Transaction logs sit beside the hive as {@code NAME.LOG}, {@code NAME.LOG1},
 * {@code NAME.LOG2}. A log in the new format (Windows 8.1 and later) starts with a copy of the base block followed by
 * log entries ({@code HvLE}, sequence number at entry offset 12) from offset 512; entries with a sequence number at or
 * above the hive's secondary sequence number hold changes the hive file does not have. An old-format log has the
 * signature {@code DIRT} at offset 512 and matters only when the hive itself is dirty. Empty logs and logs holding
 * only older entries are normal in clean images.
 * <p>
 * hivex cannot replay logs: writing a dirty hive with hivex would make the hive look clean (it sets both sequence
 * numbers equal) and lose what the log holds. {@link Hive} therefore refuses changes to a dirty hive unless forced.
 *
 * @param dirty             whether Windows would have to recover the hive from its logs
 * @param primarySequence   base block primary sequence number
 * @param secondarySequence base block secondary sequence number
 * @param logs              the transaction log files found beside the hive (empty or not)
 * @param pendingLogs       the logs that hold changes the hive file does not have
 * @param explanation       one sentence for users: what was found and what it means
 */
public record HiveState(boolean dirty, long primarySequence, long secondarySequence, List<Path> logs,
		List<Path> pendingLogs, String explanation) {

	public HiveState {
		logs = List.copyOf(logs);
		pendingLogs = List.copyOf(pendingLogs);
	}

	/**
	 * Looks at a hive's base block and the logs beside it.
	 *
	 * @throws ImageException when the hive cannot be read or is not a hive
	 */
	public static HiveState of(Path hive) throws ImageException {
		long[] sequences = RegfStructure.sequenceNumbers(hive);
		long primary = sequences[0];
		long secondary = sequences[1];
		List<Path> logs = new ArrayList<>();
		List<Path> pending = new ArrayList<>();
		Path folder = hive.toAbsolutePath().getParent();
		String base = hive.getFileName().toString().toLowerCase(Locale.ROOT);
		try (var files = Files.newDirectoryStream(folder)) {
			for (Path candidate : files) {
				String name = candidate.getFileName().toString().toLowerCase(Locale.ROOT);
				if (name.equals(base + ".log") || name.equals(base + ".log1") || name.equals(base + ".log2")) {
					logs.add(candidate);
					if (holdsNewerEntries(candidate, secondary, primary != secondary)) {
						pending.add(candidate);
					}
				}
			}
		} catch (IOException e) {
			throw new ImageException(hive, "cannot look for transaction logs beside the hive: " + e.getMessage(), e);
		}
		logs.sort(null);
		pending.sort(null);
		boolean sequencesDiffer = primary != secondary;
		boolean dirty = sequencesDiffer || !pending.isEmpty();
		StringBuilder text = new StringBuilder();
		if (sequencesDiffer) {
			text.append("the hive is dirty: its primary sequence number ").append(primary)
					.append(" differs from its secondary ").append(secondary)
					.append(" (Windows was interrupted while writing it)");
		} else if (!pending.isEmpty()) {
			text.append("the hive is dirty: ").append(names(pending))
					.append(" hold changes not yet written into the hive file");
		} else {
			text.append("the hive is clean (sequence numbers ").append(primary).append(" = ").append(secondary)
					.append(')');
			if (!logs.isEmpty()) {
				text.append("; ").append(names(logs)).append(" beside it hold no newer changes");
			}
		}
		if (dirty) {
			text.append(logs.isEmpty() ? "; no transaction log is beside it" : "; logs: " + names(logs));
		}
		return new HiveState(dirty, primary, secondary, logs, pending, text.toString());
	}

	private static String names(List<Path> files) {
		return String.join(", ", files.stream().map(file -> file.getFileName().toString()).toList());
	}

	private static boolean holdsNewerEntries(Path log, long secondary, boolean hiveDirty) {
		try (InputStream in = Files.newInputStream(log)) {
			byte[] head = in.readNBytes(512 + 16);
			if (head.length < 512 + 16) {
				return false;
			}
			ByteBuffer buffer = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
			int signature = buffer.getInt(512);
			if (signature == 0x454C7648) { // "HvLE"
				long sequence = Integer.toUnsignedLong(buffer.getInt(512 + 12));
				return sequence >= secondary;
			}
			if (signature == 0x54524944) { // "DIRT"
				return hiveDirty;
			}
			return false;
		} catch (IOException e) {
			return true; // a log we cannot read might hold anything: treat as pending, the message names it
		}
	}

	/** @return the message for a refused change, naming the hive and how to proceed */
	public String refusal() {
		return explanation + ". Windows would replay the transaction log at next boot, and hivex cannot; writing now "
				+ "would make the hive look clean and drop what the log holds. Boot the image once so Windows "
				+ "recovers the hive, or pass --force to write anyway (the logs are left beside the hive, untouched).";
	}
}
