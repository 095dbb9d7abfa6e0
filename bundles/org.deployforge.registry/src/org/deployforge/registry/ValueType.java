package org.deployforge.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * The registry value types Windows defines ({@code winnt.h} {@code REG_*} constants). A value whose type code is none
 * of these keeps its code and raw bytes in {@link RegValue}.
 */
public enum ValueType {
	/** 0: no type; data kept as bytes. */
	NONE(0, "none"),
	/** 1: a UTF-16LE string with a terminating NUL. */
	SZ(1, "sz"),
	/** 2: a UTF-16LE string with {@code %VARIABLE%} references, terminating NUL. */
	EXPAND_SZ(2, "expand_sz"),
	/** 3: bytes. */
	BINARY(3, "binary"),
	/** 4: a 32-bit little-endian number. */
	DWORD(4, "dword"),
	/** 5: a 32-bit big-endian number. */
	DWORD_BIG_ENDIAN(5, "dword_be"),
	/** 6: a symbolic link target, UTF-16LE without terminating NUL. */
	LINK(6, "link"),
	/** 7: UTF-16LE strings, each NUL-terminated, the list ended by one more NUL. */
	MULTI_SZ(7, "multi_sz"),
	/** 8: a hardware resource list (bytes). */
	RESOURCE_LIST(8, "resource_list"),
	/** 9: a full resource descriptor (bytes). */
	FULL_RESOURCE_DESCRIPTOR(9, "full_resource_descriptor"),
	/** 10: a resource requirements list (bytes). */
	RESOURCE_REQUIREMENTS_LIST(10, "resource_requirements_list"),
	/** 11: a 64-bit little-endian number. */
	QWORD(11, "qword");

	private final int code;
	private final String shortName;

	ValueType(int code, String shortName) {
		this.code = code;
		this.shortName = shortName;
	}

	/** @return the {@code REG_*} type code stored in the value's vk cell */
	public int code() {
		return code;
	}

	/** @return the name used on the command line and in JSON, e.g. {@code expand_sz} */
	public String shortName() {
		return shortName;
	}

	/** @return the Windows name, e.g. {@code REG_EXPAND_SZ} */
	public String windowsName() {
		return "REG_" + name();
	}

	/** @return the type with that code, if Windows defines one */
	public static Optional<ValueType> of(int code) {
		for (ValueType type : values()) {
			if (type.code == code) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	/**
	 * Parses a type name as users write it: {@code sz}, {@code REG_SZ}, {@code string}, {@code expand_sz},
	 * {@code multi_sz}, {@code dword}, {@code dword_be}, {@code qword}, {@code binary}, {@code none}, {@code link}.
	 *
	 * @return the type, or empty when the name is unknown
	 */
	public static Optional<ValueType> parse(String name) {
		String lower = name.toLowerCase(Locale.ROOT).replace('-', '_');
		if (lower.startsWith("reg_")) {
			lower = lower.substring(4);
		}
		switch (lower) {
		case "string", "str":
			return Optional.of(SZ);
		case "expand", "expand_string":
			return Optional.of(EXPAND_SZ);
		case "multi", "multi_string":
			return Optional.of(MULTI_SZ);
		case "dword_big_endian":
			return Optional.of(DWORD_BIG_ENDIAN);
		case "hex", "bin":
			return Optional.of(BINARY);
		default:
			break;
		}
		for (ValueType type : values()) {
			if (type.shortName.equals(lower)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}
}
