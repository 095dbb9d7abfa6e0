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

	private final Path file;
	private final FileChannel channel;
	private final long size;

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
	 * @param what names the structure in the error message
	 * @return {@code length} bytes from {@code offset}
	 */
	byte[] read(long offset, int length, String what) throws ImageException {
		if (offset < 0 || length < 0 || offset + length > size) {
			throw new CorruptImageException(file, what + " lies beyond the end of the file (byte " + offset + ", "
					+ length + " bytes; the file has " + size + " bytes): the image is truncated or damaged");
		}
		ByteBuffer buffer = ByteBuffer.allocate(length);
		try {
			while (buffer.hasRemaining()) {
				if (channel.read(buffer, offset + buffer.position()) < 0) {
					throw new CorruptImageException(file, what + ": unexpected end of file");
				}
			}
		} catch (IOException e) {
			throw new ImageException(file, "cannot read " + what + ": " + e.getMessage(), e);
		}
		return buffer.array();
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
