package org.deployforge.registry.tests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deployforge.registry.RegValue;
import org.deployforge.tests.common.Tools;

/**
 * The real hivex tools (Debian libhivex-bin) as the second reader of every hive a test checks: {@code hivexget HIVE KEY}
 * prints one line per value in hivex's regedit-like notation, {@code hivexsh}'s {@code ls} lists subkeys.
 */
final class Hivexsh {

	private Hivexsh() {
	}

	/** @return the subkey names hivexsh lists under a key (C strings: a name is cut at its first NUL) */
	static List<String> subkeys(Path hive, String key) throws Exception {
		String script = (key.isEmpty() ? "" : "cd " + key + "\n") + "ls\n";
		Path scriptFile = java.nio.file.Files.createTempFile("hivexsh", ".txt");
		try {
			java.nio.file.Files.writeString(scriptFile, script);
			Tools.Result result = Tools.run(null, List.of("hivexsh", "-f", scriptFile.toString(), hive.toString()))
					.assertOk();
			List<String> names = new ArrayList<>();
			for (String line : result.stdout().split("\n")) {
				if (!line.isEmpty()) {
					names.add(line);
				}
			}
			return names;
		} finally {
			java.nio.file.Files.deleteIfExists(scriptFile);
		}
	}

	/** @return value line per name ("@" for the default value), as {@code hivexget HIVE KEY} prints them */
	static Map<String, String> values(Path hive, String key) throws Exception {
		Tools.Result result = Tools.ok("hivexget", hive.toString(), key.isEmpty() ? "\\" : key);
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : result.stdout().split("\n")) {
			if (line.isEmpty()) {
				continue;
			}
			int split = line.indexOf("\"=");
			values.put(unescape(line.substring(1, split)), line.substring(split + 2));
		}
		return values;
	}

	/** @return the data of one value as {@code hivexget HIVE KEY NAME} prints it (strings, numbers in decimal) */
	static String value(Path hive, String key, String name) throws Exception {
		return Tools.ok("hivexget", hive.toString(), key, name.isEmpty() ? "@" : name).stdout();
	}

	private static String unescape(String text) {
		return text.replace("\\\"", "\"").replace("\\\\", "\\");
	}

	/**
	 * @return how hivexget prints a value's data in its key listing (lib: sh/hivexsh.c lsval): REG_SZ as a quoted
	 *         string, REG_EXPAND_SZ/REG_LINK as str(N):"…", REG_DWORD and big-endian as dword:%08x of the number, all
	 *         else as hex(N): with N in decimal
	 */
	static String notation(RegValue value) {
		String text = value.asString();
		if (value.type() == 1 && text != null) {
			return "\"" + escape(text) + "\"";
		}
		if ((value.type() == 2 || value.type() == 6) && text != null) {
			return "str(" + value.type() + "):\"" + escape(text) + "\"";
		}
		Long number = value.asNumber();
		if ((value.type() == 4 || value.type() == 5) && number != null) {
			return String.format("dword:%08x", number);
		}
		StringBuilder hex = new StringBuilder("hex(" + value.type() + "):");
		byte[] data = value.data();
		for (int i = 0; i < data.length; i++) {
			hex.append(i == 0 ? "" : ",").append(String.format("%02x", data[i] & 0xFF));
		}
		return hex.toString();
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}
}
