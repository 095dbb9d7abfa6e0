package org.deployforge.registry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A registry value exactly as stored: its name ({@code ""} for the default value, shown as {@code @} by regedit), its
 * type code ({@code REG_*}, any 32-bit number; codes Windows does not define are kept) and its raw data bytes.
 * Interpretation ({@link #asString()}, {@link #asStrings()}, {@link #asNumber()}) never changes the bytes, so a value
 * read and written back is byte-identical.
 *
 * @param name the value name, any Unicode (may contain NUL when read from a hive; hivex cannot write such names)
 * @param type the type code, see {@link ValueType}
 * @param data the data bytes (copied; never null)
 */
public record RegValue(String name, int type, byte[] data) {

	public RegValue {
		data = data.clone();
	}

	@Override
	public byte[] data() {
		return data.clone();
	}

	/** @return the number of data bytes */
	public int size() {
		return data.length;
	}

	/** @return the type, when Windows defines the code */
	public Optional<ValueType> knownType() {
		return ValueType.of(type);
	}

	/** @return e.g. {@code REG_SZ}, or {@code REG_0x00001234} for an unknown code */
	public String typeName() {
		return knownType().map(ValueType::windowsName).orElse(String.format("REG_0x%08X", type));
	}

	/** @return the short type name used by the CLI, e.g. {@code expand_sz}, or {@code 0x1234} for unknown codes */
	public String typeShortName() {
		return knownType().map(ValueType::shortName).orElse(String.format("0x%x", type));
	}

	public static RegValue string(String name, String text) {
		return new RegValue(name, ValueType.SZ.code(), utf16z(text));
	}

	public static RegValue expandString(String name, String text) {
		return new RegValue(name, ValueType.EXPAND_SZ.code(), utf16z(text));
	}

	/** A REG_LINK: UTF-16LE without a terminating NUL (as the kernel stores symbolic link targets). */
	public static RegValue link(String name, String target) {
		return new RegValue(name, ValueType.LINK.code(), target.getBytes(StandardCharsets.UTF_16LE));
	}

	/** A REG_MULTI_SZ: each string NUL-terminated, then one more NUL (an empty list is just that NUL). */
	public static RegValue multiString(String name, List<String> strings) {
		StringBuilder joined = new StringBuilder();
		for (String string : strings) {
			joined.append(string).append('\0');
		}
		joined.append('\0');
		return new RegValue(name, ValueType.MULTI_SZ.code(), joined.toString().getBytes(StandardCharsets.UTF_16LE));
	}

	/** A REG_DWORD: 4 bytes little-endian. */
	public static RegValue dword(String name, int number) {
		return new RegValue(name, ValueType.DWORD.code(),
				ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(number).array());
	}

	/** A REG_DWORD_BIG_ENDIAN: 4 bytes big-endian. */
	public static RegValue dwordBigEndian(String name, int number) {
		return new RegValue(name, ValueType.DWORD_BIG_ENDIAN.code(),
				ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(number).array());
	}

	/** A REG_QWORD: 8 bytes little-endian. */
	public static RegValue qword(String name, long number) {
		return new RegValue(name, ValueType.QWORD.code(),
				ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(number).array());
	}

	public static RegValue binary(String name, byte[] bytes) {
		return new RegValue(name, ValueType.BINARY.code(), bytes);
	}

	public static RegValue none(String name, byte[] bytes) {
		return new RegValue(name, ValueType.NONE.code(), bytes);
	}

	/**
	 * Makes a value from text the way the command line takes it: strings as they are; {@code multi_sz} lines split on
	 * newlines (or on {@code \0} when the text has no newline); numbers in decimal or {@code 0x} hex (unsigned range
	 * accepted); binary types as hex bytes ({@code 01,ab,...}, {@code 01 ab}, or {@code 01ab}).
	 *
	 * @throws IllegalArgumentException with a message for the user when the text does not fit the type
	 */
	public static RegValue parse(String name, ValueType type, String text) {
		switch (type) {
		case SZ:
			return string(name, text);
		case EXPAND_SZ:
			return expandString(name, text);
		case LINK:
			return link(name, text);
		case MULTI_SZ:
			if (text.isEmpty()) {
				return multiString(name, List.of());
			}
			String separator = text.contains("\n") ? "\r?\n" : "\u0000";
			return multiString(name, Arrays.asList(text.split(separator, -1)));
		case DWORD:
			return dword(name, (int) parseNumber(text, 0xFFFFFFFFL, "dword"));
		case DWORD_BIG_ENDIAN:
			return dwordBigEndian(name, (int) parseNumber(text, 0xFFFFFFFFL, "dword_be"));
		case QWORD:
			return qword(name, parseNumber(text, -1L, "qword"));
		default:
			return new RegValue(name, type.code(), parseHex(text));
		}
	}

	private static long parseNumber(String text, long max, String typeName) {
		String trimmed = text.trim();
		try {
			long value;
			if (trimmed.startsWith("0x") || trimmed.startsWith("0X")) {
				value = Long.parseUnsignedLong(trimmed.substring(2), 16);
			} else if (trimmed.startsWith("-")) {
				value = Long.parseLong(trimmed);
				if (max != -1L && value < Integer.MIN_VALUE) {
					throw new NumberFormatException();
				}
				return value;
			} else {
				value = Long.parseUnsignedLong(trimmed);
			}
			if (max != -1L && Long.compareUnsigned(value, max) > 0) {
				throw new NumberFormatException();
			}
			return value;
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + text + "' is not a " + typeName + " number (decimal or 0x hex"
					+ (max == -1L ? ", 64 bits" : ", 32 bits") + ")");
		}
	}

	/** Parses hex bytes separated by commas, spaces or nothing. */
	public static byte[] parseHex(String text) {
		String digits = text.replaceAll("[,\\s]", "");
		if (digits.length() % 2 != 0) {
			throw new IllegalArgumentException("'" + text + "' is not a list of hex bytes (odd number of digits)");
		}
		try {
			return HexFormat.of().parseHex(digits);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("'" + text + "' is not a list of hex bytes");
		}
	}

	private static byte[] utf16z(String text) {
		return (text + '\0').getBytes(StandardCharsets.UTF_16LE);
	}

	/**
	 * @return the string of a REG_SZ/REG_EXPAND_SZ/REG_LINK value, up to its first NUL (as Windows reads it), or null
	 *         for other types
	 */
	public @Nullable String asString() {
		if (type != ValueType.SZ.code() && type != ValueType.EXPAND_SZ.code() && type != ValueType.LINK.code()) {
			return null;
		}
		String text = new String(data, 0, data.length & ~1, StandardCharsets.UTF_16LE);
		int nul = text.indexOf('\0');
		return nul >= 0 ? text.substring(0, nul) : text;
	}

	/** @return the strings of a REG_MULTI_SZ (the terminating empty string removed), or null for other types */
	public @Nullable List<String> asStrings() {
		if (type != ValueType.MULTI_SZ.code()) {
			return null;
		}
		String text = new String(data, 0, data.length & ~1, StandardCharsets.UTF_16LE);
		List<String> strings = new ArrayList<>(Arrays.asList(text.split("\u0000", -1)));
		// "a\0b\0\0" splits into [a, b, "", ""]: drop the list terminator and the split's trailing piece
		while (!strings.isEmpty() && strings.get(strings.size() - 1).isEmpty()) {
			strings.remove(strings.size() - 1);
		}
		return strings;
	}

	/**
	 * @return the number of a REG_DWORD (unsigned), REG_DWORD_BIG_ENDIAN (unsigned) or REG_QWORD, or null for other
	 *         types or a wrong data size
	 */
	public @Nullable Long asNumber() {
		if ((type == ValueType.DWORD.code() || type == ValueType.DWORD_BIG_ENDIAN.code()) && data.length == 4) {
			ByteOrder order = type == ValueType.DWORD.code() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
			return Integer.toUnsignedLong(ByteBuffer.wrap(data).order(order).getInt());
		}
		if (type == ValueType.QWORD.code() && data.length == 8) {
			return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong();
		}
		return null;
	}

	/** @return the data for people: strings as text, numbers in hex and decimal, other types as hex bytes */
	public String display() {
		String string = asString();
		if (string != null) {
			return string;
		}
		List<String> strings = asStrings();
		if (strings != null) {
			return String.join("\n", strings);
		}
		Long number = asNumber();
		if (number != null) {
			return type == ValueType.QWORD.code() ? String.format("0x%016x (%s)", number, Long.toUnsignedString(number))
					: String.format("0x%08x (%d)", number, number);
		}
		return HexFormat.ofDelimiter(",").formatHex(data);
	}

	/** @return whether name, type and data bytes are the same */
	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof RegValue value && value.name.equals(name) && value.type == type
				&& Arrays.equals(value.data, data);
	}

	@Override
	public int hashCode() {
		return name.hashCode() * 31 + type * 17 + Arrays.hashCode(data);
	}

	@Override
	public String toString() {
		return (name.isEmpty() ? "@" : name) + " (" + typeName() + ", " + data.length + " bytes) = " + display();
	}
}
