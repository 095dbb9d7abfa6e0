package org.deployforge.core.capability;

import java.util.Locale;

/**
 * WIM resource compression (wimlib {@code enum wimlib_compression_type}). LZMS is what ESD files use, in solid
 * resources.
 */
public enum Compression {
	NONE, XPRESS, LZX, LZMS;

	/** @return the value for the name used on the command line ({@code none|xpress|lzx|lzms}), case-insensitive */
	public static Compression parse(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("unknown compression '" + name + "': use none, xpress, lzx or lzms", e);
		}
	}
}
