package org.deployforge.handler.vhd;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;

/**
 * A VHDX: [MS-VHDX] "Virtual Hard Disk v2 (VHDX) File Format". All fields are little-endian; GUIDs are stored as
 * Microsoft GUIDs (Data1..3 little-endian).
 * <ul>
 * <li>§2.2.1 File type identifier at 0: {@code vhdxfile}, then the creator (UTF-16LE, 512 bytes).</li>
 * <li>§2.2.2 Two headers at 64 KiB and 128 KiB (4 KiB each): 0 signature {@code head}, 4 checksum (CRC-32C over the
 * 4 KiB with the checksum field zeroed), 8 sequence number, 16 file write GUID, 32 data write GUID, 48 log GUID,
 * 64 log version, 66 version (1), 68 log length, 72 log offset. The valid header with the highest sequence number is
 * current. A non-zero log GUID means the log holds writes not yet applied (§2.3): we refuse rather than read stale
 * data, unless no log entry carries that GUID with a valid checksum (then there is nothing to replay, §2.3.3, and
 * qemu reads it the same way).</li>
 * <li>§2.2.3 Region table at 192 KiB and its copy at 256 KiB (64 KiB): signature {@code regi}, CRC-32C over 64 KiB,
 * entry count, then 32-byte entries (GUID, file offset, length, required bit). BAT region
 * {@code 2DC27766-F623-4200-9D64-115E9BFD4A08}, metadata region {@code 8B7CA206-4790-4B9A-B8FE-575F050F886E}.</li>
 * <li>§2.5 BAT: 64-bit entries, state in bits 0-2, file offset in MiB in bits 20-63. Payload blocks are interleaved
 * with sector bitmap blocks: after every chunk ratio payload entries comes one sector bitmap entry, where the chunk
 * ratio is (2^23 × logical sector size) / block size (§2.5). Payload states (§2.5.1.1): 0 not present, 1 undefined,
 * 2 zero, 3 unmapped (5 in the 2012 v1.00 draft, as qemu's {@code block/vhdx.h} still numbers it), 6 fully
 * present, 7 partially present (differencing only; the sector bitmap, one bit per sector, least significant bit
 * first, says which sectors are in this file). Undefined, zero and unmapped blocks read as zeros, as qemu reads
 * them.</li>
 * <li>§2.6 Metadata region: table {@code metadata} with 32-byte entries (item GUID, offset from the region start,
 * length, flags: bit 2 required). Items (§2.6.2): file parameters {@code CAA16737-FA36-4D43-B3B6-33F0AA44E76B}
 * (block size; flags bit 0 leave blocks allocated, bit 1 has parent), virtual disk size
 * {@code 2FA54224-CD1B-4876-B211-5DBED83BF4B8}, virtual disk id {@code BECA12AB-B2E6-4523-93EF-C309E000C746},
 * logical sector size {@code 8141BF1D-A96F-4709-BA47-F233A8FAAB5F}, physical sector size
 * {@code CDA348C7-445D-4471-9CC9-E9885251C556}, parent locator {@code A8D35F2B-B30B-454D-ABF7-D3D84834AB0C}
 * (§2.6.2.6: locator type GUID, key/value count, entries of key offset, value offset, key length, value length,
 * UTF-16LE; keys {@code parent_linkage}, {@code relative_path}, {@code volume_path}, {@code absolute_win32_path}).</li>
 * </ul>
 */
public final class VhdxDisk extends VirtualDisk {

	public static final UUID BAT_REGION = UUID.fromString("2DC27766-F623-4200-9D64-115E9BFD4A08");
	public static final UUID METADATA_REGION = UUID.fromString("8B7CA206-4790-4B9A-B8FE-575F050F886E");
	public static final UUID FILE_PARAMETERS = UUID.fromString("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
	public static final UUID VIRTUAL_DISK_SIZE = UUID.fromString("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
	public static final UUID VIRTUAL_DISK_ID = UUID.fromString("BECA12AB-B2E6-4523-93EF-C309E000C746");
	public static final UUID LOGICAL_SECTOR_SIZE = UUID.fromString("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
	public static final UUID PHYSICAL_SECTOR_SIZE = UUID.fromString("CDA348C7-445D-4471-9CC9-E9885251C556");
	public static final UUID PARENT_LOCATOR = UUID.fromString("A8D35F2B-B30B-454D-ABF7-D3D84834AB0C");

	private static final int KIB = 1024;
	private static final long MIB = 1024L * 1024;
	private static final int HEADER_SIZE = 4 * KIB;
	private static final int REGION_TABLE_SIZE = 64 * KIB;
	private static final int PAYLOAD_FULLY_PRESENT = 6;
	private static final int PAYLOAD_PARTIALLY_PRESENT = 7;
	private static final int PAYLOAD_NOT_PRESENT = 0;
	private static final int SB_BLOCK_PRESENT = 6;

	private final String creator;
	private final long sequenceNumber;
	private final UUID dataWriteGuid;
	private final int headerUsed;
	private final long blockSize;
	private final boolean leaveBlocksAllocated;
	private final boolean hasParent;
	private final long virtualSize;
	private final UUID diskId;
	private final int logicalSector;
	private final int physicalSector;
	private final Map<String, String> parentLocator;
	private final long[] bat;
	private final long chunkRatio;
	private final long dataBlocks;
	private final String logNote;

	private VhdxDisk(Path file, FileChannel channel, long fileSize, Builder b) {
		super(file, channel, fileSize);
		this.creator = b.creator;
		this.sequenceNumber = b.sequenceNumber;
		this.dataWriteGuid = b.dataWriteGuid;
		this.headerUsed = b.headerUsed;
		this.blockSize = b.blockSize;
		this.leaveBlocksAllocated = b.leaveBlocksAllocated;
		this.hasParent = b.hasParent;
		this.virtualSize = b.virtualSize;
		this.diskId = b.diskId;
		this.logicalSector = b.logicalSector;
		this.physicalSector = b.physicalSector;
		this.parentLocator = b.parentLocator;
		this.bat = b.bat;
		this.chunkRatio = b.chunkRatio;
		this.dataBlocks = b.dataBlocks;
		this.logNote = b.logNote;
	}

	private static final class Builder {
		String creator = "";
		long sequenceNumber;
		UUID dataWriteGuid = new UUID(0, 0);
		int headerUsed;
		long blockSize;
		boolean leaveBlocksAllocated;
		boolean hasParent;
		long virtualSize = -1;
		UUID diskId = new UUID(0, 0);
		int logicalSector;
		int physicalSector;
		Map<String, String> parentLocator = new LinkedHashMap<>();
		long[] bat = new long[0];
		long chunkRatio;
		long dataBlocks;
		String logNote = "";
	}

	/** @return CRC-32C of {@code data} with the 4 bytes at {@code checksumOffset} taken as zero ([MS-VHDX] §2.2.2) */
	public static long crc32c(byte[] data, int checksumOffset) {
		byte[] copy = data.clone();
		Bytes.putLe32(copy, checksumOffset, 0);
		CRC32C crc = new CRC32C();
		crc.update(copy);
		return crc.getValue();
	}

	static VhdxDisk read(Path file, FileChannel channel, long fileSize) throws ImageException {
		if (fileSize < 1 * MIB) {
			throw new CorruptImageException(file, "truncated VHDX: " + fileSize
					+ " bytes cannot hold the 1 MiB header section ([MS-VHDX] §2.2)");
		}
		Builder b = new Builder();
		byte[] identifier = readAt(file, channel, 0, 520, fileSize);
		b.creator = Bytes.utf16(identifier, 8, 512, false);
		// headers: the valid one with the highest sequence number wins
		byte[] current = null;
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			long offset = (i + 1) * 64L * KIB;
			byte[] header = readAt(file, channel, offset, HEADER_SIZE, fileSize);
			if (!Bytes.ascii(header, 0, 4).equals("head")) {
				problems.add("header " + (i + 1) + " at " + offset + " has no 'head' signature");
				continue;
			}
			long stored = Bytes.le32(header, 4);
			long computed = crc32c(header, 4);
			if (stored != computed) {
				problems.add("header " + (i + 1) + " CRC-32C stored " + Bytes.hex32(stored) + ", computed "
						+ Bytes.hex32(computed));
				continue;
			}
			if (Bytes.le16(header, 66) != 1) {
				problems.add("header " + (i + 1) + " has version " + Bytes.le16(header, 66) + " (expected 1)");
				continue;
			}
			long sequence = Bytes.le64(header, 8);
			if (current == null || Long.compareUnsigned(sequence, b.sequenceNumber) > 0) {
				current = header;
				b.sequenceNumber = sequence;
				b.headerUsed = i + 1;
			}
		}
		if (current == null) {
			throw new CorruptImageException(file, "no valid VHDX header: " + String.join("; ", problems));
		}
		b.dataWriteGuid = Bytes.guidLe(current, 32);
		UUID logGuid = Bytes.guidLe(current, 48);
		if (logGuid.getMostSignificantBits() != 0 || logGuid.getLeastSignificantBits() != 0) {
			long logOffset = Bytes.le64(current, 72);
			long logLength = Bytes.le32(current, 68);
			int entries = validLogEntries(file, channel, fileSize, logOffset, logLength, logGuid);
			if (entries > 0) {
				throw new LogPendingException(file, logGuid);
			}
			b.logNote = "log GUID " + logGuid + " is set but the log holds no valid entry for it: nothing to replay"
					+ " ([MS-VHDX] §2.3.3)";
		}
		// region table, or its copy
		byte[] regions = null;
		for (int i = 0; i < 2 && regions == null; i++) {
			long offset = (3 + i) * 64L * KIB;
			byte[] table = readAt(file, channel, offset, REGION_TABLE_SIZE, fileSize);
			if (!Bytes.ascii(table, 0, 4).equals("regi")) {
				problems.add("region table " + (i + 1) + " has no 'regi' signature");
			} else if (Bytes.le32(table, 4) != crc32c(table, 4)) {
				problems.add("region table " + (i + 1) + " CRC-32C mismatch");
			} else if (Bytes.le32(table, 8) > 2047) {
				problems.add("region table " + (i + 1) + " has " + Bytes.le32(table, 8) + " entries (at most 2047)");
			} else {
				regions = table;
			}
		}
		if (regions == null) {
			throw new CorruptImageException(file, "no valid VHDX region table: " + String.join("; ", problems));
		}
		long batOffset = -1;
		long batLength = 0;
		long metaOffset = -1;
		long metaLength = 0;
		int count = (int) Bytes.le32(regions, 8);
		for (int i = 0; i < count; i++) {
			int o = 16 + i * 32;
			UUID guid = Bytes.guidLe(regions, o);
			long offset = Bytes.le64(regions, o + 16);
			long length = Bytes.le32(regions, o + 24);
			boolean required = (Bytes.le32(regions, o + 28) & 1) != 0;
			if (offset < 0 || offset + length > fileSize) {
				throw new CorruptImageException(file, "region " + guid + " (" + length + " bytes at " + offset
						+ ") lies past the end of the file (" + fileSize + " bytes): truncated");
			}
			if (guid.equals(BAT_REGION)) {
				batOffset = offset;
				batLength = length;
			} else if (guid.equals(METADATA_REGION)) {
				metaOffset = offset;
				metaLength = length;
			} else if (required) {
				throw new ImageException(file, "VHDX has a required region " + guid
						+ " this reader does not know ([MS-VHDX] §2.2.3.2): refusing to read it");
			}
		}
		if (batOffset < 0 || metaOffset < 0) {
			throw new CorruptImageException(file, "VHDX region table lacks the " + (batOffset < 0 ? "BAT" : "metadata")
					+ " region");
		}
		readMetadata(file, channel, fileSize, metaOffset, metaLength, b);
		// BAT (§2.5)
		b.chunkRatio = (1L << 23) * b.logicalSector / b.blockSize;
		b.dataBlocks = (b.virtualSize + b.blockSize - 1) / b.blockSize;
		long entries;
		if (b.hasParent) {
			long bitmapBlocks = (b.dataBlocks + b.chunkRatio - 1) / b.chunkRatio;
			entries = bitmapBlocks * (b.chunkRatio + 1);
		} else {
			entries = b.dataBlocks + (b.dataBlocks - 1) / b.chunkRatio;
		}
		if (entries * 8 > batLength) {
			throw new CorruptImageException(file, "the BAT region holds " + batLength / 8 + " entries but the disk needs "
					+ entries);
		}
		if (entries > Integer.MAX_VALUE / 8) {
			throw new ImageException(file, "the BAT is too large for this reader (" + entries + " entries)");
		}
		byte[] table = readAt(file, channel, batOffset, (int) (entries * 8), fileSize);
		b.bat = new long[(int) entries];
		for (int i = 0; i < entries; i++) {
			long entry = Bytes.le64(table, i * 8);
			b.bat[i] = entry;
			int state = (int) (entry & 7);
			boolean bitmapEntry = (i + 1) % (b.chunkRatio + 1) == 0;
			if (state == PAYLOAD_FULLY_PRESENT || state == PAYLOAD_PARTIALLY_PRESENT
					|| (bitmapEntry && state == SB_BLOCK_PRESENT)) {
				long offset = (entry >>> 20) * MIB;
				long length = bitmapEntry ? MIB : b.blockSize;
				if (offset + length > fileSize) {
					throw new CorruptImageException(file, "BAT entry " + i + " points to " + offset + ".."
							+ (offset + length) + ", past the end of the file (" + fileSize + " bytes): truncated or"
							+ " damaged");
				}
				if (offset < MIB) {
					throw new CorruptImageException(file, "BAT entry " + i + " points into the header section (offset "
							+ offset + ")");
				}
			}
		}
		return new VhdxDisk(file, channel, fileSize, b);
	}

	/**
	 * Counts the log entries that belong to the current log ([MS-VHDX] §2.3.1.1 entry header: 0 signature
	 * {@code loge}, 4 CRC-32C over the entry with this field zeroed, 8 entry length (a multiple of 4 KiB), 12 tail,
	 * 16 sequence number, 24 descriptor count, 32 log GUID, 48 flushed file offset, 56 last file offset). An entry
	 * counts when its signature, log GUID and checksum are right; replay needs at least one.
	 */
	private static int validLogEntries(Path file, FileChannel channel, long fileSize, long offset, long length,
			UUID logGuid) throws ImageException {
		if (length <= 0 || length % MIB != 0 || offset < MIB || offset + length > fileSize) {
			throw new CorruptImageException(file, "the VHDX log (" + length + " bytes at " + offset
					+ ") is not a whole number of MiB inside the file");
		}
		byte[] log = readAt(file, channel, offset, (int) length, fileSize);
		int valid = 0;
		for (int at = 0; at + 64 <= log.length; at += HEADER_SIZE) {
			if (!Bytes.ascii(log, at, 4).equals("loge") || !Bytes.guidLe(log, at + 32).equals(logGuid)) {
				continue;
			}
			long entryLength = Bytes.le32(log, at + 8);
			if (entryLength < HEADER_SIZE || entryLength % HEADER_SIZE != 0 || entryLength > length) {
				continue;
			}
			byte[] entry = new byte[(int) entryLength];
			for (int i = 0; i < entryLength; i++) { // the log is circular: an entry may wrap to its start
				entry[i] = log[(int) ((at + i) % length)];
			}
			if (Bytes.le32(entry, 4) == crc32c(entry, 4)) {
				valid++;
			}
		}
		return valid;
	}

	private static void readMetadata(Path file, FileChannel channel, long fileSize, long offset, long length,
			Builder b) throws ImageException {
		if (length < 64 * KIB) {
			throw new CorruptImageException(file, "the metadata region is " + length + " bytes (at least 64 KiB)");
		}
		byte[] table = readAt(file, channel, offset, 64 * KIB, fileSize);
		if (!Bytes.ascii(table, 0, 8).equals("metadata")) {
			throw new CorruptImageException(file, "no 'metadata' table at offset " + offset);
		}
		int count = Bytes.le16(table, 10);
		if (count > 2047) {
			throw new CorruptImageException(file, "metadata table has " + count + " entries (at most 2047)");
		}
		for (int i = 0; i < count; i++) {
			int o = 32 + i * 32;
			UUID item = Bytes.guidLe(table, o);
			long itemOffset = Bytes.le32(table, o + 16);
			int itemLength = (int) Bytes.le32(table, o + 20);
			boolean required = (Bytes.le32(table, o + 24) & 4) != 0;
			if (itemOffset + itemLength > length || itemLength < 0) {
				throw new CorruptImageException(file, "metadata item " + item + " lies outside the metadata region");
			}
			byte[] value = itemLength == 0 ? new byte[0]
					: readAt(file, channel, offset + itemOffset, itemLength, fileSize);
			if (item.equals(FILE_PARAMETERS) && itemLength >= 8) {
				b.blockSize = Bytes.le32(value, 0);
				long flags = Bytes.le32(value, 4);
				b.leaveBlocksAllocated = (flags & 1) != 0;
				b.hasParent = (flags & 2) != 0;
			} else if (item.equals(VIRTUAL_DISK_SIZE) && itemLength >= 8) {
				b.virtualSize = Bytes.le64(value, 0);
			} else if (item.equals(VIRTUAL_DISK_ID) && itemLength >= 16) {
				b.diskId = Bytes.guidLe(value, 0);
			} else if (item.equals(LOGICAL_SECTOR_SIZE) && itemLength >= 4) {
				b.logicalSector = (int) Bytes.le32(value, 0);
			} else if (item.equals(PHYSICAL_SECTOR_SIZE) && itemLength >= 4) {
				b.physicalSector = (int) Bytes.le32(value, 0);
			} else if (item.equals(PARENT_LOCATOR) && itemLength >= 20) {
				int pairs = Bytes.le16(value, 18);
				for (int p = 0; p < pairs && 20 + p * 12 + 12 <= itemLength; p++) {
					int e = 20 + p * 12;
					int keyOffset = (int) Bytes.le32(value, e);
					int valueOffset = (int) Bytes.le32(value, e + 4);
					int keyLength = Bytes.le16(value, e + 8);
					int valueLength = Bytes.le16(value, e + 10);
					if (keyOffset < 0 || valueOffset < 0 || keyOffset + keyLength > itemLength
							|| valueOffset + valueLength > itemLength) {
						throw new CorruptImageException(file, "parent locator entry " + p + " lies outside its item");
					}
					b.parentLocator.put(Bytes.utf16(value, keyOffset, keyLength, false),
							Bytes.utf16(value, valueOffset, valueLength, false));
				}
			} else if (required && !item.equals(PARENT_LOCATOR)) {
				throw new ImageException(file, "VHDX has a required metadata item " + item
						+ " this reader does not know ([MS-VHDX] §2.6.1.2): refusing to read it");
			}
		}
		if (b.blockSize < MIB || b.blockSize > 256 * MIB || Long.bitCount(b.blockSize) != 1) {
			throw new CorruptImageException(file, "VHDX block size " + b.blockSize
					+ " is not a power of two between 1 MiB and 256 MiB ([MS-VHDX] §2.6.2.1)");
		}
		if (b.logicalSector != 512 && b.logicalSector != 4096) {
			throw new CorruptImageException(file, "VHDX logical sector size " + b.logicalSector + " is not 512 or 4096");
		}
		if (b.physicalSector != 512 && b.physicalSector != 4096) {
			throw new CorruptImageException(file, "VHDX physical sector size " + b.physicalSector
					+ " is not 512 or 4096");
		}
		if (b.virtualSize <= 0 || b.virtualSize % b.logicalSector != 0) {
			throw new CorruptImageException(file, "VHDX virtual disk size " + b.virtualSize
					+ " is not a positive multiple of the logical sector size");
		}
	}

	private static byte[] readAt(Path file, FileChannel channel, long position, int length, long fileSize)
			throws ImageException {
		if (position + length > fileSize) {
			throw new CorruptImageException(file, "truncated VHDX: needs bytes up to " + (position + length)
					+ " but the file has " + fileSize);
		}
		try {
			return VirtualDisk.readAt(channel, file, position, length);
		} catch (java.io.IOException e) {
			throw new ImageException(file, "cannot read: " + e.getMessage(), e);
		}
	}

	@Override
	protected int readWithinBlock(long position, byte[] buffer, int offset, int length) throws ImageException {
		long block = position / blockSize;
		long within = position % blockSize;
		int count = (int) Math.min(length, blockSize - within);
		long entry = bat[(int) (block + block / chunkRatio)];
		int state = (int) (entry & 7);
		long fileOffset = (entry >>> 20) * MIB;
		switch (state) {
		case PAYLOAD_FULLY_PRESENT -> readFile(fileOffset + within, buffer, offset, count);
		case PAYLOAD_PARTIALLY_PRESENT -> readPartial(block, fileOffset, position, within, buffer, offset, count);
		case PAYLOAD_NOT_PRESENT -> readParentOrZeros(position, buffer, offset, count);
		default -> java.util.Arrays.fill(buffer, offset, offset + count, (byte) 0);
		}
		return count;
	}

	/** A partially present block of a differencing disk: the chunk's sector bitmap says which sectors are here. */
	private void readPartial(long block, long fileOffset, long position, long within, byte[] buffer, int offset,
			int count) throws ImageException {
		long chunk = block / chunkRatio;
		long sbEntry = bat[(int) (chunk * (chunkRatio + 1) + chunkRatio)];
		if ((sbEntry & 7) != SB_BLOCK_PRESENT) {
			throw new CorruptImageException(file, "block " + block + " is partially present but its sector bitmap block"
					+ " is not");
		}
		long bitmapOffset = (sbEntry >>> 20) * MIB;
		int done = 0;
		while (done < count) {
			long sector = (position + done) / logicalSector; // sector number in the virtual disk
			long bit = sector % (1L << 23); // bit within this chunk's bitmap
			byte[] one = readFile(bitmapOffset + bit / 8, 1);
			boolean present = (one[0] & (1 << (bit % 8))) != 0;
			int run = (int) Math.min(count - done, (sector + 1) * logicalSector - (position + done));
			if (present) {
				readFile(fileOffset + within + done, buffer, offset + done, run);
			} else {
				readParentOrZeros(position + done, buffer, offset + done, run);
			}
			done += run;
		}
	}

	@Override
	protected List<Path> parentCandidates() {
		List<Path> out = new ArrayList<>();
		for (String key : List.of("relative_path", "absolute_win32_path", "volume_path")) {
			String value = parentLocator.get(key);
			if (value != null) {
				addLocatorCandidates(out, value, key.equals("relative_path"));
			}
		}
		return out;
	}

	@Override
	protected void checkParent(VirtualDisk candidate) throws ImageException {
		String linkage = parentLocator.get("parent_linkage");
		if (linkage != null && candidate instanceof VhdxDisk vhdx) {
			String expected = linkage.replace("{", "").replace("}", "").toLowerCase(Locale.ROOT);
			if (!vhdx.dataWriteGuid.toString().equals(expected)) {
				throw new CorruptImageException(file, "the parent found at " + candidate.file() + " has data write GUID "
						+ vhdx.dataWriteGuid + " but this differencing disk was made from " + expected
						+ " (parent_linkage): the parent changed since");
			}
		}
	}

	@Override
	public String formatId() {
		return "vhdx";
	}

	@Override
	public DiskType diskType() {
		return hasParent ? DiskType.DIFFERENCING : leaveBlocksAllocated ? DiskType.FIXED : DiskType.DYNAMIC;
	}

	@Override
	public long virtualSize() {
		return virtualSize;
	}

	@Override
	public long blockSize() {
		return blockSize;
	}

	@Override
	public int logicalSectorSize() {
		return logicalSector;
	}

	@Override
	public int physicalSectorSize() {
		return physicalSector;
	}

	@Override
	public UUID uuid() {
		return diskId;
	}

	@Override
	public String creator() {
		return Bytes.printable(creator);
	}

	@Override
	public String parentName() {
		String relative = parentLocator.get("relative_path");
		if (relative != null) {
			return relative;
		}
		String absolute = parentLocator.get("absolute_win32_path");
		return absolute != null ? absolute : hasParent ? "(no path in the parent locator)" : "";
	}

	/** @return the parent locator key/value pairs ([MS-VHDX] §2.6.2.6.2) */
	public Map<String, String> parentLocator() {
		return java.util.Collections.unmodifiableMap(parentLocator);
	}

	/** @return the chunk ratio: payload blocks per sector bitmap block ([MS-VHDX] §2.5) */
	public long chunkRatio() {
		return chunkRatio;
	}

	/** @return the data write GUID of the current header ([MS-VHDX] §2.2.2.1) */
	public UUID dataWriteGuid() {
		return dataWriteGuid;
	}

	@Override
	public long allocatedBlocks() {
		long present = 0;
		for (long b = 0; b < dataBlocks; b++) {
			int state = (int) (bat[(int) (b + b / chunkRatio)] & 7);
			if (state == PAYLOAD_FULLY_PRESENT || state == PAYLOAD_PARTIALLY_PRESENT) {
				present++;
			}
		}
		return present;
	}

	@Override
	public Map<String, String> properties() {
		Map<String, String> properties = super.properties();
		properties.put("Header", "header " + headerUsed + " of 2, sequence number " + Long.toUnsignedString(
				sequenceNumber));
		properties.put("Chunk ratio", Long.toString(chunkRatio));
		if (!logNote.isEmpty()) {
			properties.put("Log", logNote);
		}
		properties.put("Leave blocks allocated", Boolean.toString(leaveBlocksAllocated));
		properties.put("Has parent", Boolean.toString(hasParent));
		parentLocator.forEach((key, value) -> properties.put("Parent locator " + key, value));
		return properties;
	}
}
