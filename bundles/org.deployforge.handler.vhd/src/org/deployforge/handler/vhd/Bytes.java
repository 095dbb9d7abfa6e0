package org.deployforge.handler.vhd;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Field decoding helpers for on-disk structures (big-endian VHD, little-endian VHDX/GPT/MBR, mixed-endian GUIDs). */
final class Bytes {

	private Bytes() {
	}

	static int be16(byte[] b, int o) {
		return (b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF);
	}

	static long be32(byte[] b, int o) {
		return ((long) (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF))
				& 0xFFFFFFFFL;
	}

	static long be64(byte[] b, int o) {
		return be32(b, o) << 32 | be32(b, o + 4);
	}

	static int le16(byte[] b, int o) {
		return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
	}

	static long le32(byte[] b, int o) {
		return ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (long) (b[o + 3] & 0xFF) << 24)
				& 0xFFFFFFFFL;
	}

	static long le64(byte[] b, int o) {
		return le32(b, o) | le32(b, o + 4) << 32;
	}

	static void putLe32(byte[] b, int o, long v) {
		for (int i = 0; i < 4; i++) {
			b[o + i] = (byte) (v >>> (8 * i));
		}
	}

	static void putBe32(byte[] b, int o, long v) {
		for (int i = 0; i < 4; i++) {
			b[o + i] = (byte) (v >>> (24 - 8 * i));
		}
	}

	/** A big-endian (RFC 4122 byte order) UUID, as the VHD footer stores it. */
	static UUID uuidBe(byte[] b, int o) {
		return new UUID(be64(b, o), be64(b, o + 8));
	}

	/** A Microsoft GUID: Data1..Data3 little-endian, Data4 as bytes ([MS-DTYP] §2.3.4.2), as VHDX and GPT store it. */
	static UUID guidLe(byte[] b, int o) {
		long high = le32(b, o) << 32 | (long) le16(b, o + 4) << 16 | le16(b, o + 6);
		long low = 0;
		for (int i = 8; i < 16; i++) {
			low = low << 8 | (b[o + i] & 0xFF);
		}
		return new UUID(high, low);
	}

	static boolean isZero(byte[] b, int o, int length) {
		for (int i = o; i < o + length; i++) {
			if (b[i] != 0) {
				return false;
			}
		}
		return true;
	}

	static String ascii(byte[] b, int o, int length) {
		return new String(b, o, length, StandardCharsets.US_ASCII);
	}

	/** @return a UTF-16 string up to its first NUL */
	static String utf16(byte[] b, int o, int length, boolean bigEndian) {
		String s = new String(b, o, length, bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
		int nul = s.indexOf('\0');
		return nul < 0 ? s : s.substring(0, nul);
	}

	static String printable(String s) {
		StringBuilder out = new StringBuilder();
		for (char c : s.toCharArray()) {
			out.append(c < 0x20 || c == 0x7F ? '.' : c);
		}
		return out.toString();
	}

	static String hex32(long v) {
		return String.format("0x%08X", v);
	}
}
