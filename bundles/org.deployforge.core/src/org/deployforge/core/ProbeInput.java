package org.deployforge.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The bytes a handler looks at to decide whether it opens a file: the first {@link #HEAD_BYTES}
 * bytes (enough for the ISO 9660 and UDF volume recognition sequence from sector 16) and the last
 * {@link #TAIL_BYTES} bytes (the VHD footer).
 *
 * @param file the file
 * @param size the file size in bytes
 * @param head the first {@code min(size, HEAD_BYTES)} bytes
 * @param tail the last {@code min(size, TAIL_BYTES)} bytes
 */
public record ProbeInput(Path file, long size, byte[] head, byte[] tail) {

	/** Bytes read from the start: sectors 0..47 of 2,048 bytes. */
	public static final int HEAD_BYTES = 96 * 1024;
	/** Bytes read from the end: one VHD footer. */
	public static final int TAIL_BYTES = 512;

	/**
	 * Reads the head and tail of a file.
	 *
	 * @throws IOException when the file cannot be read
	 */
	public static ProbeInput read(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			byte[] head = readFully(channel, 0, (int) Math.min(size, HEAD_BYTES));
			int tailLength = (int) Math.min(size, TAIL_BYTES);
			byte[] tail = readFully(channel, size - tailLength, tailLength);
			return new ProbeInput(file, size, head, tail);
		}
	}

	private static byte[] readFully(FileChannel channel, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining()) {
			int read = channel.read(buffer, position + buffer.position());
			if (read < 0) {
				break;
			}
		}
		return Arrays.copyOf(buffer.array(), buffer.position());
	}

	/** @return the file's name (no folder) */
	public String fileName() {
		Path name = file.getFileName();
		return name == null ? "" : name.toString();
	}

	/** @return whether the head holds {@code magic} at {@code offset} */
	public boolean matchesAt(long offset, byte[] magic) {
		if (offset < 0 || offset + magic.length > head.length) {
			return false;
		}
		return Arrays.equals(head, (int) offset, (int) offset + magic.length, magic, 0, magic.length);
	}

	public boolean startsWith(byte[] magic) {
		return matchesAt(0, magic);
	}

	/** @return whether the last {@link #TAIL_BYTES} bytes (a full footer) start with {@code magic} */
	public boolean tailStartsWith(byte[] magic) {
		return tail.length == TAIL_BYTES && Arrays.equals(tail, 0, magic.length, magic, 0, magic.length);
	}

	/** @return the unsigned 16-bit little-endian value at {@code offset} of the head, or -1 past its end */
	public int uint16LittleEndian(int offset) {
		if (offset + 2 > head.length) {
			return -1;
		}
		return (head[offset] & 0xFF) | (head[offset + 1] & 0xFF) << 8;
	}

	/** @return the 32-bit little-endian value at {@code offset} of the head, or -1 past its end */
	public int int32LittleEndian(int offset) {
		if (offset + 4 > head.length) {
			return -1;
		}
		return (head[offset] & 0xFF) | (head[offset + 1] & 0xFF) << 8 | (head[offset + 2] & 0xFF) << 16
				| (head[offset + 3] & 0xFF) << 24;
	}

	/** @return the first bytes as hex for error messages, e.g. "4D 5A 90 00" */
	public String headHex(int count) {
		StringBuilder hex = new StringBuilder();
		for (int i = 0; i < Math.min(count, head.length); i++) {
			if (i > 0) {
				hex.append(' ');
			}
			hex.append(String.format("%02X", head[i] & 0xFF));
		}
		return hex.toString();
	}
}
