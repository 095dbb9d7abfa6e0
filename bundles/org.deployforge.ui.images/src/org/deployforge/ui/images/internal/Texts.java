package org.deployforge.ui.images.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

/** How sizes, times and counts are written for people. */
final class Texts {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
			.withZone(ZoneId.systemDefault());

	private Texts() {
	}

	/** @return e.g. "1.4 GB", "812 KB", "17 bytes" (powers of 1,024) */
	static String bytes(long bytes) {
		if (bytes < 0) {
			return "";
		}
		if (bytes < 1024) {
			return bytes + (bytes == 1 ? " byte" : " bytes");
		}
		String[] units = { "KB", "MB", "GB", "TB", "PB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
	}

	/** @return e.g. "1.4 GB (1,503,238,553 bytes)" */
	static String bytesExact(long bytes) {
		if (bytes < 1024) {
			return bytes(bytes);
		}
		return bytes(bytes) + String.format(Locale.ROOT, " (%,d bytes)", bytes);
	}

	static String count(long count) {
		return count < 0 ? "" : String.format(Locale.ROOT, "%,d", count);
	}

	static String time(@Nullable Instant instant) {
		return instant == null ? "" : TIME.format(instant);
	}
}
