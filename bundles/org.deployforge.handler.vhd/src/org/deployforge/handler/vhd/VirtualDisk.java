package org.deployforge.handler.vhd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;
import org.deployforge.core.MissingPartException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A virtual disk opened read-only: its container facts and a random-access block view of the virtual disk's bytes
 * (what a virtual machine would see). Unallocated blocks read as zeros; a differencing disk reads the blocks it does
 * not hold through its parent, opened with it.
 * <p>
 * {@link #read(long, byte[], int, int)} is thread-safe (positional reads on one {@link FileChannel}).
 */
public abstract class VirtualDisk implements AutoCloseable {

	/** How deep a chain of differencing disks may be before we call it a loop. */
	public static final int MAX_CHAIN_DEPTH = 32;

	private static final byte[] VHDX_SIGNATURE = "vhdxfile".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] VHD_COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);

	protected final Path file;
	protected final FileChannel channel;
	protected final long fileSize;
	protected @Nullable VirtualDisk parent;

	protected VirtualDisk(Path file, FileChannel channel, long fileSize) {
		this.file = file;
		this.channel = channel;
		this.fileSize = fileSize;
	}

	/**
	 * Opens a VHD or VHDX by its signature ({@code vhdxfile} at offset 0, else {@code conectix} in the last 512 bytes
	 * or at offset 0), and its parents if it is a differencing disk.
	 *
	 * @throws MissingPartException  when a differencing disk's parent cannot be found (the message names where it was
	 *                               looked for)
	 * @throws CorruptImageException when a structure is damaged (bad checksum, truncated file, BAT past the end)
	 * @throws ImageException        when the file cannot be read or is neither VHD nor VHDX
	 */
	public static VirtualDisk open(Path file) throws ImageException {
		return open(file, 0);
	}

	static VirtualDisk open(Path file, int depth) throws ImageException {
		if (depth > MAX_CHAIN_DEPTH) {
			throw new CorruptImageException(file, "differencing chain deeper than " + MAX_CHAIN_DEPTH
					+ " disks (a parent loop?)");
		}
		FileChannel channel;
		try {
			channel = FileChannel.open(file, StandardOpenOption.READ);
		} catch (NoSuchFileException e) {
			throw new ImageException(file, "no such file", e);
		} catch (IOException e) {
			throw new ImageException(file, "cannot open: " + e.getMessage(), e);
		}
		try {
			long size = channel.size();
			byte[] head = readAt(channel, file, 0, (int) Math.min(size, 8));
			VirtualDisk disk;
			if (Arrays.equals(head, VHDX_SIGNATURE)) {
				disk = VhdxDisk.read(file, channel, size);
			} else {
				byte[] tail = size >= 512 ? readAt(channel, file, size - 512, 8) : new byte[0];
				if (Arrays.equals(tail, VHD_COOKIE) || Arrays.equals(head, VHD_COOKIE)) {
					disk = VhdDisk.read(file, channel, size);
				} else {
					String cut = truncatedFixed(channel, file, size);
					if (cut != null) {
						throw new CorruptImageException(file, cut);
					}
					throw new ImageException(file, "not a VHD or VHDX: no 'vhdxfile' identifier at offset 0 and no"
							+ " 'conectix' footer at the end (" + size + " bytes)");
				}
			}
			disk.openParent(depth);
			return disk;
		} catch (ImageException | RuntimeException e) {
			try {
				channel.close();
			} catch (IOException ignored) {
				// already failing
			}
			throw e;
		} catch (IOException e) {
			try {
				channel.close();
			} catch (IOException ignored) {
				// already failing
			}
			throw new ImageException(file, "cannot read: " + e.getMessage(), e);
		}
	}

	/** Finds and opens the parent of a differencing disk; a no-op for other disks. */
	private void openParent(int depth) throws ImageException {
		if (diskType() != DiskType.DIFFERENCING) {
			return;
		}
		List<Path> candidates = parentCandidates();
		for (Path candidate : candidates) {
			if (Files.isRegularFile(candidate)) {
				VirtualDisk opened = open(candidate, depth + 1);
				try {
					checkParent(opened);
					if (opened.virtualSize() < virtualSize()) {
						throw new CorruptImageException(file, "parent " + candidate + " is smaller ("
								+ opened.virtualSize() + " bytes) than this differencing disk (" + virtualSize() + ")");
					}
				} catch (ImageException e) {
					opened.close();
					throw e;
				}
				parent = opened;
				return;
			}
		}
		throw new MissingPartException(file, "the parent of this differencing disk, '" + parentName()
				+ "', is missing; looked for " + (candidates.isEmpty() ? "nothing (no parent locator)" : candidates));
	}

	/** @return where the parent may be, most specific first, all existing or not */
	protected abstract List<Path> parentCandidates();

	/** Checks that {@code candidate} is the parent this disk was made from (UUID / data write GUID). */
	protected abstract void checkParent(VirtualDisk candidate) throws ImageException;

	/** Maps a locator path written by Windows ({@code .\parent.vhd}, {@code C:\VMs\parent.vhd}) to host candidates. */
	protected final void addLocatorCandidates(List<Path> out, String locator, boolean relative) {
		String cleaned = locator.replace('\\', '/').strip();
		if (cleaned.isEmpty()) {
			return;
		}
		Path folder = file.toAbsolutePath().getParent();
		if (relative) {
			if (cleaned.startsWith("./")) {
				cleaned = cleaned.substring(2);
			}
			if (!cleaned.matches("^[A-Za-z]:.*") && !cleaned.startsWith("/")) {
				out.add(folder.resolve(cleaned).normalize());
			}
		} else if (cleaned.startsWith("/") && !cleaned.startsWith("//")) {
			out.add(Path.of(cleaned));
		}
		String base = cleaned.substring(cleaned.lastIndexOf('/') + 1);
		if (!base.isEmpty() && !base.equals("..") && !base.equals(".")) {
			Path beside = folder.resolve(base);
			if (!out.contains(beside)) {
				out.add(beside);
			}
		}
	}

	/** @return the disk file */
	public Path file() {
		return file;
	}

	/** @return the size of the disk file in bytes */
	public long fileSize() {
		return fileSize;
	}

	/** @return "vhd" or "vhdx" */
	public abstract String formatId();

	public abstract DiskType diskType();

	/** @return the size of the virtual disk in bytes (what a virtual machine sees) */
	public abstract long virtualSize();

	/** @return the allocation unit of a dynamic or differencing disk in bytes; for a fixed VHD 0 (none) */
	public abstract long blockSize();

	/** @return the logical sector size in bytes (512 for VHD; 512 or 4096 for VHDX) */
	public abstract int logicalSectorSize();

	/** @return the physical sector size in bytes (512 for VHD; 512 or 4096 for VHDX) */
	public abstract int physicalSectorSize();

	/** @return the disk's identifier (VHD footer Unique Id; VHDX Virtual Disk ID metadata item) */
	public abstract UUID uuid();

	/** @return the application that created the disk (VHD footer Creator Application + version; VHDX creator) */
	public abstract String creator();

	/** @return the parent's name as this disk records it, or empty when it has no parent */
	public abstract String parentName();

	/** @return the opened parent of a differencing disk, or null */
	public @Nullable VirtualDisk parent() {
		return parent;
	}

	/** @return the number of allocated (present) payload blocks, or -1 for a fixed disk */
	public abstract long allocatedBlocks();

	/** @return container facts in display order (labels as shown by {@code deployforge vhd info}) */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("Disk type", diskType().label());
		properties.put("Virtual size", virtualSize() + " bytes (" + human(virtualSize()) + ")");
		if (blockSize() > 0) {
			properties.put("Block size", blockSize() + " bytes (" + human(blockSize()) + ")");
		}
		properties.put("Logical sector size", Integer.toString(logicalSectorSize()));
		properties.put("Physical sector size", Integer.toString(physicalSectorSize()));
		properties.put("Creator", creator());
		properties.put("UUID", uuid().toString());
		if (allocatedBlocks() >= 0) {
			properties.put("Allocated blocks", Long.toString(allocatedBlocks()));
		}
		if (diskType() == DiskType.DIFFERENCING) {
			VirtualDisk opened = parent;
			properties.put("Parent", parentName() + (opened == null ? "" : " (found: " + opened.file() + ")"));
		}
		return properties;
	}

	/**
	 * Reads bytes of the virtual disk.
	 *
	 * @param position byte offset in the virtual disk
	 * @throws ImageException when the range is outside the virtual disk or the file cannot be read
	 */
	public final void read(long position, byte[] buffer, int offset, int length) throws ImageException {
		if (position < 0 || length < 0 || position + length > virtualSize()) {
			throw new ImageException(file, "read of " + length + " bytes at " + position + " is outside the virtual disk ("
					+ virtualSize() + " bytes)");
		}
		while (length > 0) {
			int done = readWithinBlock(position, buffer, offset, length);
			position += done;
			offset += done;
			length -= done;
		}
	}

	/** @return {@code length} bytes of the virtual disk at {@code position} */
	public final byte[] read(long position, int length) throws ImageException {
		byte[] buffer = new byte[length];
		read(position, buffer, 0, length);
		return buffer;
	}

	/**
	 * Reads from {@code position} up to the end of the block holding it (or {@code length}, if less).
	 *
	 * @return the number of bytes read (at least 1)
	 */
	protected abstract int readWithinBlock(long position, byte[] buffer, int offset, int length) throws ImageException;

	/** @return a stream of the whole virtual disk, from byte 0 */
	public InputStream openStream() {
		return openStream(0, virtualSize());
	}

	/** @return a stream of {@code length} bytes of the virtual disk from {@code start} */
	public InputStream openStream(long start, long length) {
		return new InputStream() {
			private long position = start;
			private final long end = start + length;

			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				if (position >= end) {
					return -1;
				}
				int count = (int) Math.min(len, end - position);
				VirtualDisk.this.read(position, b, off, count);
				position += count;
				return count;
			}
		};
	}

	/** Reads file bytes; a short file is a truncated disk. */
	protected final void readFile(long position, byte[] buffer, int offset, int length) throws ImageException {
		if (position + length > fileSize) {
			throw new CorruptImageException(file, "truncated: needs bytes up to " + (position + length)
					+ " but the file has " + fileSize);
		}
		ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
		try {
			while (target.hasRemaining()) {
				int n = channel.read(target, position + target.position() - offset);
				if (n < 0) {
					throw new CorruptImageException(file, "truncated: end of file at " + (position + target.position()
							- offset));
				}
			}
		} catch (ImageException e) {
			throw e;
		} catch (IOException e) {
			throw new ImageException(file, "cannot read at " + position + ": " + e.getMessage(), e);
		}
	}

	protected final byte[] readFile(long position, int length) throws ImageException {
		byte[] buffer = new byte[length];
		readFile(position, buffer, 0, length);
		return buffer;
	}

	/**
	 * A fixed VHD is the raw disk followed by a 512-byte footer; cut short, it loses the footer and looks like a raw
	 * disk that ends too early. Its partition table still tells the expected size: the GPT header at LBA 1 ("EFI
	 * PART", UEFI 2.10 5.3.2) names the backup header's LBA (bytes 32-39, the last sector of the disk); an MBR (0x55AA
	 * at byte 510) gives each partition's first sector and sector count (entries of 16 bytes at 446, bytes 8-15).
	 *
	 * @return "truncated fixed VHD: …" with the expected and the actual size, or null when nothing says it was cut
	 */
	static @Nullable String truncatedFixed(FileChannel channel, Path file, long size) throws IOException {
		if (size < 1024 || !(file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".vhd"))) {
			return null;
		}
		byte[] head = readAt(channel, file, 0, 1024);
		if ((head[510] & 0xFF) != 0x55 || (head[511] & 0xFF) != 0xAA) {
			return null;
		}
		long expected = 0;
		String source;
		if (new String(head, 512, 8, StandardCharsets.US_ASCII).equals("EFI PART")) {
			expected = (Bytes.le64(head, 512 + 32) + 1) * 512;
			source = "its GPT says the disk has";
		} else {
			for (int entry = 0; entry < 4; entry++) {
				int at = 446 + entry * 16;
				expected = Math.max(expected, (Bytes.le32(head, at + 8) + Bytes.le32(head, at + 12)) * 512);
			}
			source = "its MBR partitions end at";
		}
		if (expected <= size) {
			return null;
		}
		return String.format(java.util.Locale.ROOT, "truncated fixed VHD: the 'conectix' footer at the end is missing"
				+ " and %s %,d bytes, so the file should hold %,d bytes (data + 512-byte footer) but it holds %,d",
				source, expected, expected + 512, size);
	}

	static byte[] readAt(FileChannel channel, Path file, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, position + buffer.position()) < 0) {
				break;
			}
		}
		return Arrays.copyOf(buffer.array(), buffer.position());
	}

	/** Reads from the parent, or zeros when there is none. */
	protected final void readParentOrZeros(long position, byte[] buffer, int offset, int length) throws ImageException {
		VirtualDisk opened = parent;
		if (opened != null) {
			opened.read(position, buffer, offset, length);
		} else {
			Arrays.fill(buffer, offset, offset + length, (byte) 0);
		}
	}

	/** @return the chain of files, this disk first, then its parents */
	public List<Path> chain() {
		List<Path> files = new ArrayList<>();
		for (VirtualDisk disk = this; disk != null; disk = disk.parent) {
			files.add(disk.file);
		}
		return files;
	}

	/** Closes the file and the parents'. Never throws. */
	@Override
	public void close() {
		try {
			channel.close();
		} catch (IOException e) {
			// nothing to do
		}
		VirtualDisk opened = parent;
		if (opened != null) {
			opened.close();
		}
	}

	/** @return "64 MiB", "1.5 GiB", … (binary units) */
	public static String human(long bytes) {
		String[] units = { "bytes", "KiB", "MiB", "GiB", "TiB" };
		double value = bytes;
		int unit = 0;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		if (unit == 0) {
			return bytes + " bytes";
		}
		return (value == Math.rint(value) ? String.format("%.0f", value) : String.format("%.1f", value)) + " "
				+ units[unit];
	}
}
