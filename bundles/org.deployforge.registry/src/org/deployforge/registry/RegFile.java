package org.deployforge.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.ImageException;

/**
 * Registry files in regedit's {@code .reg} format: import into a {@link Hive}, export from one.
 * <p>
 * The format (as regedit writes it; Microsoft support article "How to add, modify, or delete registry subkeys and
 * values by using a .reg file", KB 310516): the first line {@code Windows Registry Editor Version 5.00} (UTF-16LE with
 * a byte order mark) or {@code REGEDIT4} (ANSI); key lines {@code [HKEY_LOCAL_MACHINE\SOFTWARE\Key]}, {@code [-…]}
 * deleting a key with its subkeys; value lines {@code "name"=…} or {@code @=…} (the default value) with data
 * {@code "string"} (escapes {@code \\} and {@code \"}), {@code dword:0000002a}, {@code hex:01,02} (REG_BINARY),
 * {@code hex(N):…} for type N in hex ({@code hex(2)} REG_EXPAND_SZ, {@code hex(7)} REG_MULTI_SZ, {@code hex(b)}
 * REG_QWORD, {@code hex(0)} REG_NONE, …), or {@code -} deleting the value; a line ending in {@code \} continues on the
 * next; lines starting with {@code ;} are comments. In REGEDIT4 files the bytes of {@code hex(1)}, {@code hex(2)} and
 * {@code hex(7)} strings are ANSI (Windows-1252) and are converted to UTF-16LE on import.
 * <p>
 * Export writes exactly what import reads back to the same bytes: a REG_SZ is written as {@code "text"} only when its
 * data is one NUL-terminated UTF-16LE string without line breaks, else as {@code hex(1):}; a REG_DWORD as
 * {@code dword:} only when it has 4 bytes. Hex data wraps like regedit's (lines end with {@code ,\} past column 76,
 * continuation lines start with two spaces). Keys and values whose names a .reg file cannot hold (NUL or line breaks)
 * are skipped and named in the notes.
 */
public final class RegFile {

	/** First line of a regedit 5 file. */
	public static final String HEADER = "Windows Registry Editor Version 5.00";
	/** First line of a Windows 9x/NT4 file. */
	public static final String HEADER4 = "REGEDIT4";

	private static final String CRLF = "\r\n";

	private RegFile() {
	}

	/** One change a .reg file asks for; {@code line} is its 1-based line number, paths are inside the hive. */
	public sealed interface Operation permits CreateKey, DeleteKey, SetValue, DeleteValue {
		int line();
	}

	public record CreateKey(int line, String path) implements Operation {
	}

	public record DeleteKey(int line, String path) implements Operation {
	}

	public record SetValue(int line, String path, RegValue value) implements Operation {
	}

	public record DeleteValue(int line, String path, String name) implements Operation {
	}

	/** What an import changed. */
	public record ImportResult(int keysCreated, int keysDeleted, int valuesSet, int valuesDeleted, List<String> notes) {
		public ImportResult {
			notes = List.copyOf(notes);
		}
	}

	/** An exported file's text and what could not be exported. */
	public record Export(String text, int keys, int values, List<String> notes) {
		public Export {
			notes = List.copyOf(notes);
		}
	}

	/**
	 * A parsed .reg file: every line checked, paths mapped into the hive, nothing applied yet.
	 *
	 * @param source     the file
	 * @param regedit4   whether it is a REGEDIT4 file
	 * @param operations the changes in file order
	 */
	public record Script(Path source, boolean regedit4, List<Operation> operations) {

		public Script {
			operations = List.copyOf(operations);
		}

		/**
		 * Applies the changes to an open hive (not committed). Keys named in a key line are created with missing
		 * parents, as regedit does. On failure the caller should {@link Hive#discard()}.
		 */
		public ImportResult applyTo(Hive hive) throws ImageException {
			int created = 0;
			int deleted = 0;
			int set = 0;
			int removed = 0;
			for (Operation operation : operations) {
				try {
					switch (operation) {
					case CreateKey create -> created += hive.createKey(create.path()) ? 1 : 0;
					case DeleteKey delete -> deleted += hive.deleteKey(delete.path()) ? 1 : 0;
					case SetValue value -> {
						hive.createKey(value.path());
						hive.setValue(value.path(), value.value());
						set++;
					}
					case DeleteValue value -> removed += hive.deleteValue(value.path(), value.name()) ? 1 : 0;
					}
				} catch (ImageException e) {
					throw new ImageException(source, "line " + operation.line() + ": " + e.getMessage(), e);
				}
			}
			return new ImportResult(created, deleted, set, removed, hive.notes());
		}
	}

	// ------------------------------------------------------------------ import

	/** Reads and parses a .reg file. */
	public static Script read(Path file, RootMapping mapping) throws ImageException {
		byte[] bytes;
		if (Files.isDirectory(file)) {
			throw new ImageException(file, "is a folder, not a .reg file");
		}
		try {
			bytes = Files.readAllBytes(file);
		} catch (java.nio.file.NoSuchFileException e) {
			throw new ImageException(file, "no such file", e);
		} catch (IOException e) {
			throw new ImageException(file, "cannot read: " + e.getMessage(), e);
		}
		return parse(file, bytes, mapping);
	}

	/** @return the text of a .reg file: UTF-16LE/BE by BOM (or by zero bytes), UTF-8, else Windows-1252 */
	static String decode(byte[] bytes) {
		if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
			return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
		}
		if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
			return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
		}
		if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
			return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
		}
		if (bytes.length >= 2 && bytes[0] != 0 && bytes[1] == 0) {
			return new String(bytes, StandardCharsets.UTF_16LE);
		}
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
		} catch (CharacterCodingException e) {
			return new String(bytes, Charset.forName("windows-1252"));
		}
	}

	/**
	 * Parses a .reg file completely before anything is applied.
	 *
	 * @throws RegFormatException naming the line of the first problem
	 */
	public static Script parse(Path source, byte[] bytes, RootMapping mapping) throws RegFormatException {
		String[] lines = decode(bytes).split("\r\n|\n|\r", -1);
		int index = 0;
		while (index < lines.length && lines[index].isBlank()) {
			index++;
		}
		if (index >= lines.length) {
			throw new RegFormatException(source, 0, "the file is empty; a .reg file starts with '" + HEADER + "'");
		}
		String header = lines[index].strip();
		boolean regedit4;
		if (header.equals(HEADER)) {
			regedit4 = false;
		} else if (header.equals(HEADER4)) {
			regedit4 = true;
		} else {
			throw new RegFormatException(source, index + 1,
					"not a .reg file: the first line must be '" + HEADER + "' or '" + HEADER4 + "'");
		}
		index++;
		List<Operation> operations = new ArrayList<>();
		String currentKey = null;
		boolean currentDeleted = false;
		while (index < lines.length) {
			int lineNumber = index + 1;
			StringBuilder logical = new StringBuilder(lines[index]);
			index++;
			while (continues(logical) && index < lines.length) {
				int end = logical.toString().stripTrailing().length();
				logical.setLength(end - 1);
				logical.append(lines[index].stripLeading());
				index++;
			}
			String line = logical.toString().strip();
			if (line.isEmpty() || line.startsWith(";")) {
				continue;
			}
			if (line.startsWith("[")) {
				if (!line.endsWith("]")) {
					throw new RegFormatException(source, lineNumber, "a key line must end with ']'");
				}
				String inside = line.substring(1, line.length() - 1).strip();
				boolean delete = inside.startsWith("-");
				String livePath = delete ? inside.substring(1).strip() : inside;
				if (livePath.isEmpty()) {
					throw new RegFormatException(source, lineNumber, "empty key name");
				}
				String path = mapping.toHivePath(livePath);
				if (path == null) {
					throw new RegFormatException(source, lineNumber, "key '" + livePath + "' is not in this hive, whose "
							+ "root is " + mapping.root() + " (choose the root with --root)");
				}
				if (delete) {
					if (path.isEmpty()) {
						throw new RegFormatException(source, lineNumber, "the hive's root key cannot be deleted");
					}
					operations.add(new DeleteKey(lineNumber, path));
				} else {
					operations.add(new CreateKey(lineNumber, path));
				}
				currentKey = path;
				currentDeleted = delete;
				continue;
			}
			if (currentKey == null) {
				throw new RegFormatException(source, lineNumber, "a value line before any [key] line");
			}
			if (currentDeleted) {
				throw new RegFormatException(source, lineNumber, "a value line under a key being deleted ([-…])");
			}
			operations.add(parseValue(source, lineNumber, line, currentKey, regedit4));
		}
		return new Script(source, regedit4, operations);
	}

	/** A line continues when it ends with {@code \} outside a quoted string. */
	private static boolean continues(CharSequence line) {
		String text = line.toString().stripTrailing();
		if (text.isEmpty() || text.charAt(text.length() - 1) != '\\' || text.stripLeading().startsWith("[")
				|| text.stripLeading().startsWith(";")) {
			return false;
		}
		boolean inString = false;
		for (int i = 0; i < text.length() - 1; i++) {
			char c = text.charAt(i);
			if (inString && c == '\\') {
				i++;
			} else if (c == '"') {
				inString = !inString;
			}
		}
		return !inString;
	}

	private static Operation parseValue(Path source, int line, String text, String key, boolean regedit4)
			throws RegFormatException {
		int position;
		String name;
		if (text.startsWith("@")) {
			name = "";
			position = 1;
		} else if (text.startsWith("\"")) {
			StringBuilder out = new StringBuilder();
			position = readQuoted(source, line, text, 0, out);
			name = out.toString();
		} else {
			throw new RegFormatException(source, line, "a value line must start with \"name\" or @");
		}
		while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
			position++;
		}
		if (position >= text.length() || text.charAt(position) != '=') {
			throw new RegFormatException(source, line, "'=' expected after the value name");
		}
		String data = text.substring(position + 1).strip();
		if (data.equals("-")) {
			return new DeleteValue(line, key, name);
		}
		if (data.startsWith("\"")) {
			StringBuilder out = new StringBuilder();
			int end = readQuoted(source, line, data, 0, out);
			if (!data.substring(end).isBlank()) {
				throw new RegFormatException(source, line, "unexpected text after the closing quote");
			}
			return new SetValue(line, key, RegValue.string(name, out.toString()));
		}
		String lower = data.toLowerCase(Locale.ROOT);
		if (lower.startsWith("dword:")) {
			String digits = data.substring(6).strip();
			if (!digits.matches("[0-9a-fA-F]{1,8}")) {
				throw new RegFormatException(source, line, "dword: needs 1 to 8 hex digits, found '" + digits + "'");
			}
			return new SetValue(line, key, RegValue.dword(name, (int) Long.parseLong(digits, 16)));
		}
		if (lower.startsWith("qword:")) {
			String digits = data.substring(6).strip();
			if (!digits.matches("[0-9a-fA-F]{1,16}")) {
				throw new RegFormatException(source, line, "qword: needs 1 to 16 hex digits, found '" + digits + "'");
			}
			return new SetValue(line, key, RegValue.qword(name, Long.parseUnsignedLong(digits, 16)));
		}
		int type;
		String bytes;
		if (lower.startsWith("hex:")) {
			type = ValueType.BINARY.code();
			bytes = data.substring(4);
		} else if (lower.startsWith("hex(")) {
			int close = data.indexOf(')');
			if (close < 0 || close + 1 >= data.length() || data.charAt(close + 1) != ':') {
				throw new RegFormatException(source, line, "hex(N): expected");
			}
			String code = data.substring(4, close).strip();
			if (!code.matches("[0-9a-fA-F]{1,8}")) {
				throw new RegFormatException(source, line, "the type in hex(" + code + ") is not a hex number");
			}
			type = (int) Long.parseLong(code, 16);
			bytes = data.substring(close + 2);
		} else {
			throw new RegFormatException(source, line,
					"unrecognised value data '" + shorten(data) + "' (expected \"string\", dword:, hex:, hex(N): or -)");
		}
		byte[] parsed = parseBytes(source, line, bytes);
		if (regedit4 && (type == ValueType.SZ.code() || type == ValueType.EXPAND_SZ.code()
				|| type == ValueType.MULTI_SZ.code())) {
			parsed = new String(parsed, Charset.forName("windows-1252")).getBytes(StandardCharsets.UTF_16LE);
		}
		return new SetValue(line, key, new RegValue(name, type, parsed));
	}

	private static String shorten(String text) {
		return text.length() > 40 ? text.substring(0, 40) + "…" : text;
	}

	private static byte[] parseBytes(Path source, int line, String text) throws RegFormatException {
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			return new byte[0];
		}
		String[] tokens = trimmed.split(",", -1);
		int count = tokens.length;
		if (tokens[count - 1].isBlank()) {
			count--; // a trailing comma
		}
		byte[] out = new byte[count];
		for (int i = 0; i < count; i++) {
			String token = tokens[i].strip();
			if (!token.matches("[0-9a-fA-F]{1,2}")) {
				throw new RegFormatException(source, line, "'" + shorten(token) + "' is not a hex byte (byte " + (i + 1)
						+ ")");
			}
			out[i] = (byte) Integer.parseInt(token, 16);
		}
		return out;
	}

	/** Reads a quoted string starting at {@code start} ({@code "}), returns the index after the closing quote. */
	private static int readQuoted(Path source, int line, String text, int start, StringBuilder out)
			throws RegFormatException {
		int i = start + 1;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"') {
				return i + 1;
			}
			if (c == '\\') {
				if (i + 1 >= text.length()) {
					break;
				}
				char escaped = text.charAt(i + 1);
				switch (escaped) {
				case '\\' -> out.append('\\');
				case '"' -> out.append('"');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				default -> throw new RegFormatException(source, line,
						"unknown escape '\\" + escaped + "' in a quoted string (write \\\\ for a backslash)");
				}
				i += 2;
				continue;
			}
			out.append(c);
			i++;
		}
		throw new RegFormatException(source, line, "a quoted string is not closed");
	}

	// ------------------------------------------------------------------ export

	/**
	 * Exports a key and everything below it, in stored order, parents before children.
	 *
	 * @param keyPath the key inside the hive ({@code ""} for the whole hive)
	 */
	public static Export export(Hive hive, String keyPath, RootMapping mapping) throws ImageException {
		StringBuilder text = new StringBuilder(HEADER).append(CRLF).append(CRLF);
		List<String> notes = new ArrayList<>();
		int[] counts = new int[2];
		String resolved = hive.resolve(keyPath);
		if (!hive.exists(resolved)) {
			throw new org.deployforge.core.EntryNotFoundException(hive.label(), "no key '" + keyPath + "'");
		}
		exportKey(hive, resolved, mapping, text, notes, counts);
		return new Export(text.toString(), counts[0], counts[1], notes);
	}

	private static void exportKey(Hive hive, String path, RootMapping mapping, StringBuilder text, List<String> notes,
			int[] counts) throws ImageException {
		String live = mapping.toLivePath(path);
		if (unrepresentable(path)) {
			notes.add("skipped key '" + printable(path) + "' and its subkeys: its name holds a NUL or line break, "
					+ "which a .reg file cannot hold");
			return;
		}
		text.append('[').append(live).append(']').append(CRLF);
		counts[0]++;
		for (RegValue value : hive.values(path)) {
			if (unrepresentable(value.name())) {
				notes.add("skipped value '" + printable(value.name()) + "' in '" + printable(path)
						+ "': its name holds a NUL or line break");
				continue;
			}
			text.append(valueLine(value)).append(CRLF);
			counts[1]++;
		}
		text.append(CRLF);
		for (KeyInfo child : hive.subkeys(path)) {
			exportKey(hive, path.isEmpty() ? child.name() : path + "\\" + child.name(), mapping, text, notes, counts);
		}
	}

	private static boolean unrepresentable(String name) {
		return name.indexOf('\0') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0;
	}

	private static String printable(String name) {
		return name.replace("\0", "\\0").replace("\n", "\\n").replace("\r", "\\r");
	}

	/** @return one value as regedit writes it (hex data wrapped with {@code \} continuations) */
	public static String valueLine(RegValue value) {
		String name = value.name().isEmpty() ? "@" : "\"" + escape(value.name()) + "\"";
		byte[] data = value.data();
		if (value.type() == ValueType.SZ.code()) {
			String text = simpleString(data);
			if (text != null) {
				return name + "=\"" + escape(text) + "\"";
			}
		}
		if (value.type() == ValueType.DWORD.code() && data.length == 4) {
			return name + "=dword:" + String.format("%08x", value.asNumber());
		}
		String prefix = name + "=" + (value.type() == ValueType.BINARY.code() ? "hex:"
				: "hex(" + Integer.toHexString(value.type()) + "):");
		StringBuilder line = new StringBuilder(prefix);
		int column = prefix.length();
		HexFormat hex = HexFormat.of();
		for (int i = 0; i < data.length; i++) {
			line.append(hex.toHexDigits(data[i]));
			if (i == data.length - 1) {
				break;
			}
			line.append(',');
			column += 3;
			if (column > 76) {
				line.append("\\").append(CRLF).append("  ");
				column = 2;
			}
		}
		return line.toString();
	}

	/** @return the string when the data is exactly one NUL-terminated UTF-16LE string without NUL/CR/LF inside */
	private static String simpleString(byte[] data) {
		if (data.length < 2 || data.length % 2 != 0 || data[data.length - 1] != 0 || data[data.length - 2] != 0) {
			return null;
		}
		String text = new String(data, 0, data.length - 2, StandardCharsets.UTF_16LE);
		if (text.indexOf('\0') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
			return null;
		}
		byte[] again = (text + '\0').getBytes(StandardCharsets.UTF_16LE);
		return java.util.Arrays.equals(again, data) ? text : null;
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	/** @return the bytes regedit writes: a UTF-16LE byte order mark, then the text in UTF-16LE */
	public static byte[] encode(String text) {
		byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
		byte[] out = new byte[body.length + 2];
		out[0] = (byte) 0xFF;
		out[1] = (byte) 0xFE;
		System.arraycopy(body, 0, out, 2, body.length);
		return out;
	}

	/** Writes an export as regedit does (UTF-16LE with BOM), atomically. */
	public static void write(Path target, Export export) throws ImageException {
		try (AtomicReplace replace = AtomicReplace.beside(target)) {
			Files.write(replace.temporary(), encode(export.text()));
			replace.commit();
		} catch (IOException e) {
			throw new ImageException(target, "cannot write: " + e.getMessage(), e);
		}
	}
}
