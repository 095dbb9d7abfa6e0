package org.deployforge.handler.iso.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;

/**
 * Random access to the 2,048-byte logical sectors of an optical image (ECMA-119 §6.1.2 logical sector size; ECMA-167
 * 3/8.1.2 for UDF on this media), with the little helpers every descriptor parser needs. Reads past the end of the
 * file become a {@link CorruptImageException} naming the sector, never an exception of another kind.
 */
final class Sectors implements AutoCloseable {

	/** Bytes per logical sector of CD/DVD/BD media and of ISO files. */
	static final int SIZE = 2048;

	private static final int WINDOW = 64 * 1024;

	private final Path file;
	private final FileChannel channel;
	private final long size;
	private final byte[] window = new byte[WINDOW];
	private long windowStart = -1;
	private int windowLength;

	Sectors(Path file) throws ImageException {
		this.file = file;
		try {
			this.channel = FileChannel.open(file, StandardOpenOption.READ);
			this.size = channel.size();
		} catch (IOException e) {
			throw new ImageException(file, "cannot read the file: " + e.getMessage(), e);
		}
	}

	Path file() {
		return file;
	}

	/** @return the file size in bytes */
	long size() {
		return size;
	}

	/** @return the number of whole sectors in the file */
	long count() {
		return size / SIZE;
	}

	/** @return sector {@code lba} (2,048 bytes) */
	byte[] sector(long lba) throws ImageException {
		return read(lba * SIZE, SIZE, "sector " + lba);
	}

	/**
	 * Small reads (descriptors: a file entry, a directory record) are served from a 64 KiB window read ahead, since
	 * writers lay them out side by side: listing 2,000 files then takes some 60 reads instead of 2,000.
	 *
	 * @param what names the structure in the error message
	 * @return {@code length} bytes from {@code offset}
	 */
	byte[] read(long offset, int length, String what) throws ImageException {
		if (offset < 0 || length < 0 || offset + length > size) {
			throw new CorruptImageException(file, what + " lies beyond the end of the file (byte " + offset + ", "
					+ length + " bytes; the file has " + size + " bytes): the image is truncated or damaged");
		}
		if (length <= SIZE) {
			if (windowStart < 0 || offset < windowStart || offset + length > windowStart + windowLength) {
				windowStart = offset - offset % SIZE;
				windowLength = (int) Math.min(WINDOW, size - windowStart);
				fill(ByteBuffer.wrap(window, 0, windowLength), windowStart, what);
			}
			byte[] bytes = new byte[length];
			System.arraycopy(window, (int) (offset - windowStart), bytes, 0, length);
			return bytes;
		}
		ByteBuffer buffer = ByteBuffer.allocate(length);
		fill(buffer, offset, what);
		return buffer.array();
	}

	private void fill(ByteBuffer buffer, long offset, String what) throws ImageException {
		try {
			while (buffer.hasRemaining()) {
				if (channel.read(buffer, offset + buffer.position()) < 0) {
					windowStart = -1;
					throw new CorruptImageException(file, what + ": unexpected end of file");
				}
			}
		} catch (IOException e) {
			windowStart = -1;
			if (e instanceof ImageException known) {
				throw known;
			}
			throw new ImageException(file, "cannot read " + what + ": " + e.getMessage(), e);
		}
	}

	@Override
	public void close() {
		try {
			channel.close();
		} catch (IOException e) {
			// read-only channel: nothing was written, nothing to lose
		}
	}

	static int u8(byte[] b, int offset) {
		return b[offset] & 0xFF;
	}

	static int u16le(byte[] b, int offset) {
		return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
	}

	static long u32le(byte[] b, int offset) {
		return (b[offset] & 0xFFL) | (b[offset + 1] & 0xFFL) << 8 | (b[offset + 2] & 0xFFL) << 16
				| (b[offset + 3] & 0xFFL) << 24;
	}

	static long u64le(byte[] b, int offset) {
		return u32le(b, offset) | u32le(b, offset + 4) << 32;
	}

	/**
	 * A calendar date and time at a UTC offset as an instant, without the {@code java.time} calendar machinery (a
	 * listing converts three times per file): days from the civil date by H. Hinnant's {@code days_from_civil}
	 * (proleptic Gregorian calendar, as ECMA-119 §8.4.26.1 and ECMA-167 1/7.3 use).
	 *
	 * @return the instant, or null when a field is out of range (month 1-12, the day within the month, hour 0-23,
	 *         minute 0-59, second 0-60)
	 */
	static java.time.@org.eclipse.jdt.annotation.Nullable Instant instant(int year, int month, int day, int hour,
			int minute, int second, long nanos, int offsetSeconds) {
		if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60 || hour < 0 || minute < 0
				|| second < 0) {
			return null;
		}
		boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
		int[] lengths = { 31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		if (day > lengths[month - 1]) {
			return null;
		}
		long y = month <= 2 ? year - 1 : year;
		long era = Math.floorDiv(y, 400);
		long yearOfEra = y - era * 400;
		long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
		long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
		long days = era * 146_097 + dayOfEra - 719_468;
		return java.time.Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds,
				nanos);
	}

	/** @return whether {@code b} holds the ASCII text {@code text} at {@code offset} */
	static boolean ascii(byte[] b, int offset, String text) {
		byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
		if (offset + expected.length > b.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if (b[offset + i] != expected[i]) {
				return false;
			}
		}
		return true;
	}

	/** @return {@code length} bytes at {@code offset} as ASCII with trailing spaces and NULs removed */
	static String text(byte[] b, int offset, int length) {
		String value = new String(b, offset, length, StandardCharsets.ISO_8859_1);
		int end = value.length();
		while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\0')) {
			end--;
		}
		return value.substring(0, end);
	}

	/** @return {@code length} bytes at {@code offset} as UCS-2 big-endian (Joliet) with trailing spaces and NULs removed */
	static String ucs2(byte[] b, int offset, int length) {
		String value = new String(b, offset, length & ~1, StandardCharsets.UTF_16BE);
		int end = value.length();
		while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\0')) {
			end--;
		}
		return value.substring(0, end);
	}
}
