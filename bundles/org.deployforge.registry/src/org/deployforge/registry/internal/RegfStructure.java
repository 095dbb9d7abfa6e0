package org.deployforge.registry.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Our own read of a regf file's structure, for the facts hivex does not expose (sequence numbers, class names) and for
 * checking the cells a change will touch before hivex's writing code (which asserts, i.e. aborts the process, on a bad
 * offset) sees them.
 * <p>
 * Layout facts (little-endian) from hivex's {@code lib/hivex-internal.h} ({@code struct ntreg_header},
 * {@code ntreg_nk_record}, {@code ntreg_vk_record}, {@code ntreg_sk_record}) and Maxim Suhanov's "Windows registry file
 * format specification" (github.com/msuhanov/regf): base block of 4096 bytes ({@code regf}, primary sequence number at
 * 4, secondary at 8, last written FILETIME at 12, major version at 20, minor at 24, root cell offset at 36, hive bins
 * data size at 40, checksum at 508 = XOR of the 127 dwords before it); then hive bins ({@code hbin}, size at 8, cells
 * from 32). Cell offsets in the file are relative to the first hive bin (file offset 4096); here, as in hivex, an
 * offset is the absolute file offset. A cell starts with a signed 32-bit size, negative when the cell is in use.
 */
public final class RegfStructure {

	/** Size of the base block in bytes. */
	public static final int BASE_BLOCK_SIZE = 4096;
	/** "No cell" in a 32-bit cell offset field. */
	public static final long NONE = 0xFFFFFFFFL;

	private final Path file;
	private final ByteBuffer data;
	private final BitSet usedCells;
	private final long primarySequence;
	private final long secondarySequence;
	private final long lastWritten;
	private final int majorVersion;
	private final int minorVersion;
	private final long rootOffset;
	private final long binsEnd;

	private RegfStructure(Path file, byte[] bytes) throws ImageException {
		this.file = file;
		this.data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		if (bytes.length < BASE_BLOCK_SIZE + 32 || data.getInt(0) != 0x66676572) {
			throw new CorruptImageException(file, "not a registry hive (no 'regf' base block)");
		}
		primarySequence = u32(4);
		secondarySequence = u32(8);
		lastWritten = data.getLong(12);
		majorVersion = data.getInt(20);
		minorVersion = data.getInt(24);
		rootOffset = u32(36) + BASE_BLOCK_SIZE;
		binsEnd = Math.min(bytes.length, u32(40) + BASE_BLOCK_SIZE);
		usedCells = new BitSet(bytes.length / 8 + 1);
		long offset = BASE_BLOCK_SIZE;
		while (offset + 32 <= binsEnd) {
			if (data.getInt((int) offset) != 0x6E696268) {
				throw new CorruptImageException(file, "no 'hbin' hive bin at offset 0x" + Long.toHexString(offset));
			}
			long binSize = u32(offset + 8);
			if (binSize < 4096 || (binSize & 0xFFF) != 0 || offset + binSize > bytes.length) {
				throw new CorruptImageException(file,
						"hive bin at 0x" + Long.toHexString(offset) + " has a bad size " + binSize);
			}
			long cell = offset + 32;
			while (cell + 4 <= offset + binSize) {
				int raw = data.getInt((int) cell);
				long size = raw < 0 ? -(long) raw : raw;
				if (size < 8 || (size & 3) != 0 || cell + size > offset + binSize) {
					throw new CorruptImageException(file, "cell at 0x" + Long.toHexString(cell) + " has a bad size");
				}
				if (raw < 0) {
					usedCells.set((int) (cell >> 2));
				}
				cell += size;
			}
			offset += binSize;
		}
	}

	/**
	 * Reads a hive file's structure.
	 *
	 * @param label the name for error messages
	 * @throws CorruptImageException when the base block or the hive bins are damaged
	 */
	public static RegfStructure read(Path file, Path label) throws ImageException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (IOException | OutOfMemoryError e) {
			throw new ImageException(label, "cannot read the hive: " + e.getMessage(), e);
		}
		return new RegfStructure(label, bytes);
	}

	/**
	 * Reads only the base block (for dirty checks without reading a whole hive).
	 *
	 * @return {primary sequence, secondary sequence}
	 */
	public static long[] sequenceNumbers(Path file) throws ImageException {
		try (var channel = Files.newByteChannel(file)) {
			ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
			while (header.hasRemaining() && channel.read(header) >= 0) {
				// fill
			}
			if (header.position() < 12 || header.getInt(0) != 0x66676572) {
				throw new CorruptImageException(file, "not a registry hive (no 'regf' base block)");
			}
			return new long[] { Integer.toUnsignedLong(header.getInt(4)), Integer.toUnsignedLong(header.getInt(8)) };
		} catch (ImageException e) {
			throw e;
		} catch (IOException e) {
			throw new ImageException(file, "cannot read the hive: " + e.getMessage(), e);
		}
	}

	private long u32(long offset) {
		return Integer.toUnsignedLong(data.getInt((int) offset));
	}

	private int u16(long offset) {
		return Short.toUnsignedInt(data.getShort((int) offset));
	}

	/** @return the file size in bytes: cells at or beyond it were allocated after this read (by hivex, in memory) */
	public long size() {
		return data.capacity();
	}

	public long primarySequence() {
		return primarySequence;
	}

	public long secondarySequence() {
		return secondarySequence;
	}

	/** @return the base block's last-written time, 100 ns FILETIME */
	public long lastWritten() {
		return lastWritten;
	}

	public int majorVersion() {
		return majorVersion;
	}

	public int minorVersion() {
		return minorVersion;
	}

	public long rootOffset() {
		return rootOffset;
	}

	/** @return whether a used cell starts at that absolute offset */
	public boolean isUsedCell(long offset) {
		return offset >= BASE_BLOCK_SIZE && offset < binsEnd && (offset & 3) == 0 && usedCells.get((int) (offset >> 2));
	}

	private boolean isCell(long offset, String id) {
		return isUsedCell(offset) && cellSize(offset) >= 6 && data.get((int) offset + 4) == id.charAt(0)
				&& data.get((int) offset + 5) == id.charAt(1);
	}

	private long cellSize(long offset) {
		return -(long) data.getInt((int) offset);
	}

	private static long absolute(long relative) {
		return relative == NONE ? NONE : relative + BASE_BLOCK_SIZE;
	}

	/** @return whether the offset names a key cell read from the file (false for keys hivex added in memory) */
	public boolean isOriginal(long nk) {
		return nk < data.capacity();
	}

	/**
	 * The class name of a key (hivex has no call for it): {@code nk} class name offset at 0x34, length in bytes at
	 * 0x4E, UTF-16LE.
	 *
	 * @return the class name, or null when the key has none or was created after the file was read
	 */
	public @Nullable String className(long nk) {
		if (!isOriginal(nk) || !isCell(nk, "nk") || cellSize(nk) < 0x50) {
			return null;
		}
		long classOffset = absolute(u32(nk + 0x34));
		int length = u16(nk + 0x4E);
		if (classOffset == NONE || length == 0 || !isUsedCell(classOffset) || cellSize(classOffset) - 4 < length) {
			return null;
		}
		byte[] bytes = new byte[length];
		data.get((int) classOffset + 4, bytes);
		return new String(bytes, StandardCharsets.UTF_16LE);
	}

	/**
	 * Checks the cells hivex's writing code will follow for a key: its value list, values and their data cells, its
	 * security cell and its neighbours in the security list, its class name cell. hivex asserts on these instead of
	 * returning an error, which would end the JVM.
	 *
	 * @param nk        the key's cell offset
	 * @param keyPath   the key's path for the message
	 * @param recursive also check every subkey (a delete visits them all)
	 * @throws CorruptImageException naming the key and the damaged cell
	 */
	public void checkNodeForWrite(long nk, String keyPath, boolean recursive) throws ImageException {
		List<Long> pending = new ArrayList<>();
		pending.add(nk);
		int visited = 0;
		while (!pending.isEmpty()) {
			long node = pending.remove(pending.size() - 1);
			if (!isOriginal(node)) {
				continue;
			}
			if (++visited > 5_000_000) {
				throw damaged(keyPath, "the key tree loops");
			}
			if (!isCell(node, "nk") || cellSize(node) < 0x50) {
				throw damaged(keyPath, "key cell at 0x" + Long.toHexString(node) + " is not a valid 'nk' cell");
			}
			long values = u32(node + 0x28);
			if (values > 0) {
				long list = absolute(u32(node + 0x2C));
				if (list == NONE || !isUsedCell(list) || cellSize(list) < 4 + 4 * values) {
					throw damaged(keyPath, "its value list cell is damaged");
				}
				for (int i = 0; i < values; i++) {
					long vk = absolute(u32(list + 4 + 4L * i));
					if (!isCell(vk, "vk") || cellSize(vk) < 0x18) {
						throw damaged(keyPath, "value cell at 0x" + Long.toHexString(vk) + " is damaged");
					}
					long length = u32(vk + 8);
					if ((length & 0x80000000L) == 0) {
						long dataCell = absolute(u32(vk + 12));
						if (!isUsedCell(dataCell)) {
							throw damaged(keyPath, "the data cell of a value (0x" + Long.toHexString(dataCell)
									+ ") is not a used cell; hivex cannot rewrite this key's values safely");
						}
					}
				}
			}
			long sk = absolute(u32(node + 0x30));
			if (sk != NONE) {
				if (!isCell(sk, "sk") || cellSize(sk) < 0x18) {
					throw damaged(keyPath, "its security cell is damaged");
				}
				if (!isCell(absolute(u32(sk + 8)), "sk") || !isCell(absolute(u32(sk + 12)), "sk")) {
					throw damaged(keyPath, "the security cell list around 0x" + Long.toHexString(sk) + " is damaged");
				}
			}
			long className = absolute(u32(node + 0x34));
			if (className != NONE && !isUsedCell(className)) {
				throw damaged(keyPath, "its class name cell is damaged");
			}
			if (recursive) {
				long subkeys = u32(node + 0x18);
				if (subkeys > 0) {
					collectChildren(absolute(u32(node + 0x20)), pending, keyPath, 0);
				}
			}
		}
	}

	/**
	 * Checks a subkey can be unlinked from its parent by hivex, which looks for the link only in 'lf'/'lh' lists and
	 * reports failure only after deleting the subkey's cells.
	 */
	public void checkUnlinkable(long parent, long child, String keyPath) throws ImageException {
		if (!isOriginal(parent) || !isOriginal(child)) {
			return;
		}
		if (!isCell(parent, "nk")) {
			throw damaged(keyPath, "its parent key cell is damaged");
		}
		if (!linkedInLf(absolute(u32(parent + 0x20)), child, 0)) {
			throw new ImageException(file, keyPath + ": its parent lists it in an 'li' subkey list, which hivex cannot "
					+ "remove entries from; the key was not deleted");
		}
	}

	private boolean linkedInLf(long list, long child, int depth) throws ImageException {
		if (depth > 8 || !isUsedCell(list)) {
			return false;
		}
		char a = (char) data.get((int) list + 4);
		char b = (char) data.get((int) list + 5);
		int count = u16(list + 6);
		if (a == 'l' && (b == 'f' || b == 'h')) {
			for (int i = 0; i < count && 8 + 8L * i + 4 <= cellSize(list); i++) {
				if (absolute(u32(list + 8 + 8L * i)) == child) {
					return true;
				}
			}
		} else if (a == 'r' && b == 'i') {
			for (int i = 0; i < count && 8 + 4L * i + 4 <= cellSize(list); i++) {
				if (linkedInLf(absolute(u32(list + 8 + 4L * i)), child, depth + 1)) {
					return true;
				}
			}
		}
		return false;
	}

	private void collectChildren(long list, List<Long> into, String keyPath, int depth) throws ImageException {
		if (depth > 8 || !isUsedCell(list)) {
			throw damaged(keyPath, "a subkey list cell is damaged");
		}
		char a = (char) data.get((int) list + 4);
		char b = (char) data.get((int) list + 5);
		int count = u16(list + 6);
		if (a == 'l' && (b == 'f' || b == 'h')) {
			if (8 + 8L * count > cellSize(list)) {
				throw damaged(keyPath, "a subkey list is longer than its cell");
			}
			for (int i = 0; i < count; i++) {
				into.add(absolute(u32(list + 8 + 8L * i)));
			}
		} else if ((a == 'l' || a == 'r') && b == 'i') {
			if (8 + 4L * count > cellSize(list)) {
				throw damaged(keyPath, "a subkey list is longer than its cell");
			}
			for (int i = 0; i < count; i++) {
				long entry = absolute(u32(list + 8 + 4L * i));
				if (a == 'r') {
					collectChildren(entry, into, keyPath, depth + 1);
				} else {
					into.add(entry);
				}
			}
		} else {
			throw damaged(keyPath, "a subkey list cell has an unknown type");
		}
	}

	/**
	 * Checks what hivex's value reader follows without bounds checks: the block list of a big-data ('db') value.
	 *
	 * @param vk the value's cell offset
	 * @return null when hivex can read it, else why not
	 */
	public @Nullable String checkValueReadable(long vk) {
		if (!isOriginal(vk)) {
			return null;
		}
		if (!isCell(vk, "vk") || cellSize(vk) < 0x18) {
			return "value cell at 0x" + Long.toHexString(vk) + " is damaged";
		}
		long length = u32(vk + 8);
		if ((length & 0x80000000L) != 0) {
			return null;
		}
		long dataCell = absolute(u32(vk + 12));
		if (isCell(dataCell, "db") && cellSize(dataCell) >= 12 && length > cellSize(dataCell) - 4) {
			int blocks = u16(dataCell + 6);
			long list = absolute(u32(dataCell + 8));
			if (!isUsedCell(list) || cellSize(list) < 4 + 4L * blocks) {
				return "the big-data block list of the value at 0x" + Long.toHexString(vk) + " is damaged";
			}
		}
		return null;
	}

	private CorruptImageException damaged(String keyPath, String why) {
		return new CorruptImageException(file,
				"key '" + keyPath + "' is damaged: " + why + "; nothing was changed");
	}
}
