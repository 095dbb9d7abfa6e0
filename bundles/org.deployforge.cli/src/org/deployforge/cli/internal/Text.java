package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

/** Human output: sizes, times and label/value blocks aligned like {@code wimlib-imagex info}. */
final class Text {

	/** Times are shown in UTC, to the second: {@code 2018-02-16 17:50:11 UTC}. */
	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
			.withZone(ZoneOffset.UTC);

	/** The time column of {@code ls}: {@code 2018-02-16 17:50:11} (UTC). */
	static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
			.withZone(ZoneOffset.UTC);

	private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB", "PiB" };

	private Text() {
	}

	/** @return {@code 4,332 bytes} */
	static String bytes(long bytes) {
		return String.format(Locale.ROOT, "%,d bytes", bytes);
	}

	/** @return a binary-prefixed size with one decimal: {@code 512 B}, {@code 1.2 MiB}, {@code 3.4 GiB} */
	static String size(double bytes) {
		if (bytes < 1024) {
			return String.format(Locale.ROOT, "%.0f B", bytes);
		}
		double value = bytes / 1024;
		int unit = 0;
		while (value >= 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
	}

	/** @return {@code 1,204} */
	static String count(long count) {
		return String.format(Locale.ROOT, "%,d", count);
	}

	/** @return the time in UTC, or {@code -} for none */
	static String time(@Nullable Instant time) {
		return time == null ? "-" : TIME.format(time);
	}

	/** @return the ISO-8601 form used in JSON ({@code 2018-02-16T17:50:11.123Z}), or null */
	static @Nullable String iso(@Nullable Instant time) {
		return time == null ? null : time.toString();
	}

	/** Label/value lines whose values start in one column. */
	static final class Block {
		private final List<String[]> rows = new ArrayList<>();

		Block add(String label, @Nullable Object value) {
			rows.add(new String[] { label, value == null ? "" : value.toString() });
			return this;
		}

		/** Adds the handler's facts, except those whose label is already in the block (e.g. "Image Count"). */
		Block addAll(Map<String, String> values) {
			values.forEach((label, value) -> {
				if (rows.stream().noneMatch(row -> key(row[0]).equals(key(label)))) {
					add(label, value);
				}
			});
			return this;
		}

		private static String key(String label) {
			return label.replaceAll("[\\s_-]", "").toLowerCase(Locale.ROOT);
		}

		void print(PrintWriter out) {
			int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0) + 2;
			for (String[] row : rows) {
				String label = row[0] + ":";
				out.println(row[1].isEmpty() ? label : String.format(Locale.ROOT, "%-" + width + "s%s", label, row[1]));
			}
		}
	}

	/** Prints a title underlined with dashes, as {@code wimlib-imagex info} does. */
	static void title(PrintWriter out, String title) {
		out.println(title);
		out.println("-".repeat(title.length()));
	}
}
