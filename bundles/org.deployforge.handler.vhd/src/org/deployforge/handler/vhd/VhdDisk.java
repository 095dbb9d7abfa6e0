package org.deployforge.handler.vhd;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;

/**
 * A VHD: Microsoft "Virtual Hard Disk Image Format Specification" 1.0 [VHD]. All fields are big-endian.
 * <p>
 * Hard disk footer (512 bytes; [VHD] "Hard Disk Footer Format"): at the end of every VHD, and a copy at offset 0 of
 * dynamic and differencing disks. Offsets: 0 cookie {@code conectix}, 8 features, 12 file format version
 * (0x00010000), 16 data offset (the dynamic header; all ones for fixed disks), 24 time stamp (seconds since
 * 2000-01-01 00:00 UTC), 28 creator application (4 ASCII), 32 creator version, 36 creator host OS, 40 original size,
 * 48 current size, 56 disk geometry (cylinders 16 bits, heads 8, sectors per track 8), 60 disk type (2 fixed,
 * 3 dynamic, 4 differencing), 64 checksum (one's complement of the sum of all footer bytes, the checksum field
 * excluded), 68 unique id (16), 84 saved state.
 * <p>
 * Dynamic disk header (1,024 bytes; [VHD] "Dynamic Disk Header Format"): 0 cookie {@code cxsparse}, 8 data offset
 * (unused, all ones), 16 table offset (the BAT), 24 header version, 28 max table entries, 32 block size (2 MiB by
 * default), 36 checksum (as the footer's), 40 parent unique id, 56 parent time stamp, 64 parent unicode name (512
 * bytes UTF-16BE), 576 eight parent locator entries of 24 bytes (platform code, platform data space in sectors,
 * platform data length in bytes, reserved, platform data offset 64-bit).
 * <p>
 * Block allocation table ([VHD] "Block Allocation Table and Data Blocks"): one 32-bit sector offset per block,
 * 0xFFFFFFFF when the block is not allocated. Each allocated block starts with a sector bitmap (one bit per 512-byte
 * sector, most significant bit first, padded to a 512-byte boundary), then the block's data. A differencing disk
 * reads a sector from its parent where the bitmap bit is clear; a dynamic disk reads every sector of an allocated
 * block from the file (as qemu and Hyper-V do; they write zeros into unused sectors).
 */
public final class VhdDisk extends VirtualDisk {

	/** Size of the footer and of its copy at offset 0. */
	public static final int FOOTER_SIZE = 512;
	/** Size of the dynamic disk header. */
	public static final int DYNAMIC_HEADER_SIZE = 1024;
	/** Seconds between 1970-01-01 and the VHD epoch, 2000-01-01 00:00:00 UTC. */
	public static final long VHD_EPOCH = 946_684_800L;
	private static final long UNALLOCATED = 0xFFFFFFFFL;
	private static final int SECTOR = 512;

	/** Parent locator platform codes ([VHD] "Parent Locator Entry"): Windows relative / absolute UTF-16LE paths. */
	private static final long W2RU = 0x57327275L;
	private static final long W2KU = 0x57326B75L;
	private static final long WI2R = 0x57693272L;
	private static final long WI2K = 0x5769326BL;
	private static final long MACX = 0x4D616358L;

	private final byte[] footer;
	private final DiskType type;
	private final long currentSize;
	private final long blockSize;
	private final long[] bat;
	private final int bitmapSize;
	private final String parentName;
	private final UUID parentUuid;
	private final List<String[]> locators = new ArrayList<>();

	private VhdDisk(Path file, FileChannel channel, long fileSize, byte[] footer, DiskType type, long blockSize,
			long[] bat, String parentName, UUID parentUuid) {
		super(file, channel, fileSize);
		this.footer = footer;
		this.type = type;
		this.currentSize = Bytes.be64(footer, 48);
		this.blockSize = blockSize;
		this.bat = bat;
		this.bitmapSize = (int) roundUp((blockSize / SECTOR + 7) / 8, SECTOR);
		this.parentName = parentName;
		this.parentUuid = parentUuid;
	}

	private static long roundUp(long value, long unit) {
		return (value + unit - 1) / unit * unit;
	}

	/** @return the one's complement of the byte sum of {@code structure}, the 4 bytes at {@code checksumOffset} skipped */
	public static long checksum(byte[] structure, int checksumOffset) {
		long sum = 0;
		for (int i = 0; i < structure.length; i++) {
			if (i < checksumOffset || i >= checksumOffset + 4) {
				sum += structure[i] & 0xFF;
			}
		}
		return ~sum & 0xFFFFFFFFL;
	}

	static VhdDisk read(Path file, FileChannel channel, long fileSize) throws ImageException {
		if (fileSize < FOOTER_SIZE) {
			throw new CorruptImageException(file, "truncated: " + fileSize + " bytes cannot hold the 512-byte VHD footer");
		}
		byte[] footer = read(file, channel, fileSize - FOOTER_SIZE, FOOTER_SIZE);
		if (!Bytes.ascii(footer, 0, 8).equals("conectix")) {
			byte[] copy = read(file, channel, 0, FOOTER_SIZE);
			String what = Bytes.ascii(copy, 0, 8).equals("conectix")
					? "the footer copy at offset 0 describes a " + typeName(Bytes.be32(copy, 60)) + " disk of "
							+ Bytes.be64(copy, 48) + " bytes, but the last 512 bytes hold no 'conectix' footer"
					: "no 'conectix' footer";
			throw new CorruptImageException(file, "truncated or damaged VHD: " + what + " (file is " + fileSize
					+ " bytes)");
		}
		long stored = Bytes.be32(footer, 64);
		long computed = checksum(footer, 64);
		if (stored != computed) {
			throw new CorruptImageException(file, "VHD footer checksum mismatch: stored " + Bytes.hex32(stored)
					+ ", computed " + Bytes.hex32(computed) + " (the footer is damaged)");
		}
		long diskTypeCode = Bytes.be32(footer, 60);
		long currentSize = Bytes.be64(footer, 48);
		if (currentSize <= 0 || currentSize % SECTOR != 0) {
			throw new CorruptImageException(file, "VHD footer current size " + currentSize
					+ " is not a positive multiple of 512");
		}
		if (diskTypeCode == 2) {
			if (fileSize < currentSize + FOOTER_SIZE) {
				throw new CorruptImageException(file, "truncated fixed VHD: the footer says " + currentSize
						+ " bytes of data but the file holds " + (fileSize - FOOTER_SIZE));
			}
			return new VhdDisk(file, channel, fileSize, footer, DiskType.FIXED, 0, new long[0], "", new UUID(0, 0));
		}
		if (diskTypeCode != 3 && diskTypeCode != 4) {
			throw new CorruptImageException(file, "unknown VHD disk type " + diskTypeCode
					+ " (2 fixed, 3 dynamic, 4 differencing)");
		}
		long headerOffset = Bytes.be64(footer, 16);
		if (headerOffset < 0 || headerOffset + DYNAMIC_HEADER_SIZE > fileSize - FOOTER_SIZE) {
			throw new CorruptImageException(file, "the dynamic disk header offset " + headerOffset
					+ " lies outside the file (" + fileSize + " bytes): truncated or damaged");
		}
		byte[] header = read(file, channel, headerOffset, DYNAMIC_HEADER_SIZE);
		if (!Bytes.ascii(header, 0, 8).equals("cxsparse")) {
			throw new CorruptImageException(file, "no 'cxsparse' dynamic disk header at offset " + headerOffset);
		}
		long headerStored = Bytes.be32(header, 36);
		long headerComputed = checksum(header, 36);
		if (headerStored != headerComputed) {
			throw new CorruptImageException(file, "VHD dynamic header checksum mismatch: stored "
					+ Bytes.hex32(headerStored) + ", computed " + Bytes.hex32(headerComputed));
		}
		long tableOffset = Bytes.be64(header, 16);
		long maxEntries = Bytes.be32(header, 28);
		long blockSize = Bytes.be32(header, 32);
		if (blockSize < SECTOR || Long.bitCount(blockSize) != 1 || blockSize > 256L * 1024 * 1024) {
			throw new CorruptImageException(file, "VHD block size " + blockSize + " is not a power of two of at least"
					+ " 512 bytes");
		}
		long needed = (currentSize + blockSize - 1) / blockSize;
		if (maxEntries < needed) {
			throw new CorruptImageException(file, "the BAT has " + maxEntries + " entries but a disk of " + currentSize
					+ " bytes in blocks of " + blockSize + " needs " + needed);
		}
		if (tableOffset < 0 || tableOffset + needed * 4 > fileSize) {
			throw new CorruptImageException(file, "the BAT (" + needed * 4 + " bytes at offset " + tableOffset
					+ ") lies past the end of the file (" + fileSize + " bytes): truncated");
		}
		byte[] table = read(file, channel, tableOffset, (int) (needed * 4));
		long[] bat = new long[(int) needed];
		long bitmap = roundUp((blockSize / SECTOR + 7) / 8, SECTOR);
		for (int i = 0; i < needed; i++) {
			bat[i] = Bytes.be32(table, i * 4);
			if (bat[i] != UNALLOCATED) {
				long start = bat[i] * SECTOR;
				long end = start + bitmap + blockSize;
				if (end > fileSize - FOOTER_SIZE) {
					throw new CorruptImageException(file, "BAT entry " + i + " points to sector " + bat[i] + " (bytes "
							+ start + ".." + end + "), past the end of the data (the file is " + fileSize
							+ " bytes): truncated or damaged");
				}
			}
		}
		String parentName = Bytes.utf16(header, 64, 512, true);
		VhdDisk disk = new VhdDisk(file, channel, fileSize, footer,
				diskTypeCode == 3 ? DiskType.DYNAMIC : DiskType.DIFFERENCING, blockSize, bat, parentName,
				Bytes.uuidBe(header, 40));
		if (diskTypeCode == 4) {
			for (int i = 0; i < 8; i++) {
				int o = 576 + i * 24;
				long code = Bytes.be32(header, o);
				long length = Bytes.be32(header, o + 8);
				long offset = Bytes.be64(header, o + 16);
				if (code == 0 || length == 0 || length > 4096 || offset < 0 || offset + length > fileSize) {
					continue;
				}
				byte[] data = read(file, channel, offset, (int) length);
				String path = code == MACX ? new String(data, java.nio.charset.StandardCharsets.UTF_8)
						.replaceFirst("^file://", "") : Bytes.utf16(data, 0, data.length, false);
				String kind = code == W2RU || code == WI2R ? "relative" : "absolute";
				disk.locators.add(new String[] { kind, path.replace("\0", "") });
			}
		}
		return disk;
	}

	private static byte[] read(Path file, FileChannel channel, long position, int length) throws ImageException {
		try {
			byte[] data = readAt(channel, file, position, length);
			if (data.length < length) {
				throw new CorruptImageException(file, "truncated: " + length + " bytes at " + position + " are missing");
			}
			return data;
		} catch (java.io.IOException e) {
			throw new ImageException(file, "cannot read: " + e.getMessage(), e);
		}
	}

	private static String typeName(long code) {
		return code == 2 ? "fixed" : code == 3 ? "dynamic" : code == 4 ? "differencing" : "type-" + code;
	}

	@Override
	protected List<Path> parentCandidates() {
		List<Path> out = new ArrayList<>();
		for (String[] locator : locators) {
			if (locator[0].equals("relative")) {
				addLocatorCandidates(out, locator[1], true);
			}
		}
		for (String[] locator : locators) {
			if (!locator[0].equals("relative")) {
				addLocatorCandidates(out, locator[1], false);
			}
		}
		addLocatorCandidates(out, parentName, true);
		return out;
	}

	@Override
	protected void checkParent(VirtualDisk candidate) throws ImageException {
		if (!candidate.uuid().equals(parentUuid)) {
			throw new CorruptImageException(file, "the parent found at " + candidate.file() + " has UUID "
					+ candidate.uuid() + " but this differencing disk was made from " + parentUuid);
		}
	}

	@Override
	protected int readWithinBlock(long position, byte[] buffer, int offset, int length) throws ImageException {
		if (type == DiskType.FIXED) {
			readFile(position, buffer, offset, length);
			return length;
		}
		int block = (int) (position / blockSize);
		long within = position % blockSize;
		int count = (int) Math.min(length, blockSize - within);
		long entry = bat[block];
		if (entry == UNALLOCATED) {
			readParentOrZeros(position, buffer, offset, count);
			return count;
		}
		long dataStart = entry * SECTOR + bitmapSize;
		if (type == DiskType.DYNAMIC) {
			readFile(dataStart + within, buffer, offset, count);
			return count;
		}
		// differencing: sector by sector runs according to the sector bitmap (MSB first)
		byte[] bitmap = readFile(entry * SECTOR, bitmapSize);
		int done = 0;
		while (done < count) {
			long sectorInBlock = (within + done) / SECTOR;
			boolean present = (bitmap[(int) (sectorInBlock / 8)] & (0x80 >>> (sectorInBlock % 8))) != 0;
			int run = (int) Math.min(count - done, (sectorInBlock + 1) * SECTOR - (within + done));
			while (done + run < count) {
				long next = (within + done + run) / SECTOR;
				boolean nextPresent = (bitmap[(int) (next / 8)] & (0x80 >>> (next % 8))) != 0;
				if (nextPresent != present) {
					break;
				}
				run += (int) Math.min(count - done - run, SECTOR);
			}
			if (present) {
				readFile(dataStart + within + done, buffer, offset + done, run);
			} else {
				readParentOrZeros(position + done, buffer, offset + done, run);
			}
			done += run;
		}
		return count;
	}

	@Override
	public String formatId() {
		return "vhd";
	}

	@Override
	public DiskType diskType() {
		return type;
	}

	@Override
	public long virtualSize() {
		return currentSize;
	}

	@Override
	public long blockSize() {
		return blockSize;
	}

	@Override
	public int logicalSectorSize() {
		return SECTOR;
	}

	@Override
	public int physicalSectorSize() {
		return SECTOR;
	}

	@Override
	public UUID uuid() {
		return Bytes.uuidBe(footer, 68);
	}

	/** @return the footer's Creator Application as 4 ASCII characters ({@code "win "}, {@code "qem2"}, …) */
	public String creatorApplication() {
		return Bytes.printable(Bytes.ascii(footer, 28, 4));
	}

	@Override
	public String creator() {
		long version = Bytes.be32(footer, 32);
		return "'" + creatorApplication() + "' " + (version >>> 16) + "." + (version & 0xFFFF) + " on "
				+ Bytes.printable(Bytes.ascii(footer, 36, 4));
	}

	/** @return cylinders, heads, sectors per track of the footer's Disk Geometry */
	public int[] geometry() {
		return new int[] { Bytes.be16(footer, 56), footer[58] & 0xFF, footer[59] & 0xFF };
	}

	/** @return the footer time stamp */
	public Instant timeStamp() {
		return Instant.ofEpochSecond(VHD_EPOCH + Bytes.be32(footer, 24));
	}

	/** @return the footer's Original Size in bytes (the size at creation) */
	public long originalSize() {
		return Bytes.be64(footer, 40);
	}

	@Override
	public String parentName() {
		return parentName;
	}

	/** @return the parent UUID recorded in the dynamic header (zero for non-differencing disks) */
	public UUID parentUuid() {
		return parentUuid;
	}

	/** @return the parent locators as (relative|absolute, path) pairs */
	public List<String> parentLocators() {
		return locators.stream().map(l -> l[0] + ": " + l[1]).toList();
	}

	@Override
	public long allocatedBlocks() {
		if (type == DiskType.FIXED) {
			return -1;
		}
		return Arrays.stream(bat).filter(e -> e != UNALLOCATED).count();
	}

	@Override
	public Map<String, String> properties() {
		Map<String, String> properties = super.properties();
		int[] chs = geometry();
		properties.put("Geometry (C/H/S)", chs[0] + "/" + chs[1] + "/" + chs[2] + " ("
				+ (long) chs[0] * chs[1] * chs[2] * SECTOR + " bytes)");
		properties.put("Created", timeStamp().toString());
		if (type != DiskType.FIXED) {
			properties.put("BAT entries", Integer.toString(bat.length));
		}
		if (type == DiskType.DIFFERENCING) {
			properties.put("Parent UUID", parentUuid.toString());
			for (String locator : parentLocators()) {
				properties.put("Parent locator " + locator.substring(0, locator.indexOf(':')), locator
						.substring(locator.indexOf(':') + 2));
			}
		}
		return properties;
	}
}
