package org.deployforge.handler.iso.internal;

import static org.deployforge.handler.iso.internal.Sectors.u16le;
import static org.deployforge.handler.iso.internal.Sectors.u32le;
import static org.deployforge.handler.iso.internal.Sectors.u64le;
import static org.deployforge.handler.iso.internal.Sectors.u8;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;
import org.deployforge.handler.iso.internal.FileData.Piece;
import org.deployforge.handler.iso.internal.IsoListing.Raw;
import org.deployforge.handler.iso.internal.IsoListing.RawWithTimes;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Our own reader of the UDF file system of an ISO (ECMA-167 3rd edition parts 3 and 4, as OSTA UDF 1.02 to 2.60
 * restricts it), so listing and extraction need no tool and copy file data straight from the ISO:
 * <ol>
 * <li>the Main Volume Descriptor Sequence ({@link UdfVolume#mainSequence}): Partition Descriptors (tag 5, 3/10.5:
 * partition number at byte 22, starting sector at 188, length in sectors at 192) and the Logical Volume Descriptor
 * (tag 6, 3/10.6: logical block size at 212, the File Set Descriptor's {@code long_ad} at 248, partition maps from
 * byte 440);</li>
 * <li>type 1 partition maps (a physical partition, 3/10.7.2);</li>
 * <li>the File Set Descriptor (tag 256, 4/14.1; root directory ICB at byte 400);</li>
 * <li>File Entries (tag 261, 4/14.9) and Extended File Entries (tag 266, 4/14.17): ICB tag file type at byte 27
 * (4 directory, 5 file, 12 symbolic link), allocation type in the ICB flags at byte 34 (0 {@code short_ad}, 1
 * {@code long_ad}, 3 data embedded in the entry), information length at 56, times, the extended attribute and
 * allocation descriptor lengths (bytes 168/172 of a File Entry, 208/212 of an Extended File Entry);</li>
 * <li>allocation descriptors (4/14.14): extent length in the low 30 bits, extent type in the top 2 (0 recorded, 1 and
 * 2 not recorded = zeros, 3 the next Allocation Extent Descriptor, tag 258, 4/14.5);</li>
 * <li>File Identifier Descriptors (tag 257, 4/14.4: characteristics at 18 with bit 1 directory, bit 2 deleted, bit 3
 * parent; identifier length at 19; ICB at 20; implementation use length at 36; the identifier in OSTA CS0, 8-bit or
 * UCS-2 big-endian after a compression id, OSTA UDF §2.1.1); symbolic links as path components (4/14.16).</li>
 * </ol>
 * Every descriptor tag is checked (identifier, checksum, location: 3/7.2), and the CRC of every descriptor this
 * reader uses (3/7.2.6). What UDF on an ISO file does not use is
 * declined with {@link Declined} and the caller falls back to {@code 7zz}: logical blocks other than 2,048 bytes,
 * type 2 partition maps (virtual/VAT and sparable partitions of write-once and rewritable discs, the metadata
 * partition of UDF 2.50 and later: no Debian tool writes one, so this reader could not be tested on it), ICB strategy
 * 4096, indirect entries, {@code ext_ad} descriptors. Microsoft's install media (UDF 1.02), genisoimage's and
 * pycdlib's UDF are read here.
 */
final class UdfFileSystem {

	/** A UDF feature this reader does not handle; the volume is then read through 7zz. */
	static final class Declined extends Exception {
		private static final long serialVersionUID = 1L;

		Declined(String reason) {
			super(reason);
		}
	}

	private static final int TAG_PARTITION = 5;
	private static final int TAG_LOGICAL_VOLUME = 6;
	private static final int TAG_FILE_SET = 256;
	private static final int TAG_FILE_IDENTIFIER = 257;
	private static final int TAG_ALLOCATION_EXTENT = 258;
	private static final int TAG_INDIRECT = 259;
	private static final int TAG_FILE_ENTRY = 261;
	private static final int TAG_EXTENDED_FILE_ENTRY = 266;

	private static final int FILE_TYPE_DIRECTORY = 4;
	private static final int FILE_TYPE_SYMLINK = 12;

	/*
	 * Bounds that keep a damaged or hostile volume from exhausting memory (a corrupt image never kills the JVM):
	 * Windows media hold a few thousand entries in folders of a few KiB.
	 */
	private static final int MAX_DEPTH = 256;
	private static final int MAX_DIRECTORY_BYTES = 64 << 20;
	private static final long MAX_ALL_DIRECTORY_BYTES = 1L << 31;
	private static final int MAX_ENTRIES = 4_000_000;
	private static final int MAX_ALLOCATION_EXTENTS = 4096;
	private static final int MAX_PIECES = 1 << 20;

	private final Sectors sectors;
	/** partition reference number -> the map */
	private final List<Physical> maps = new ArrayList<>();
	private final List<Raw> raws = new ArrayList<>();
	private final Set<Long> directoriesSeen = new HashSet<>();
	private long directoryBytes;

	/** @param startSector first sector of the partition (3/10.5.6) */
	private record Physical(long startSector, long lengthSectors) {
	}

	/** An ICB address: logical block within the partition with reference number {@code partition}. */
	private record Address(long block, int partition) {
	}

	private UdfFileSystem(Sectors sectors) {
		this.sectors = sectors;
	}

	/**
	 * Reads the whole UDF file tree.
	 *
	 * @return every entry in listing order (a folder before what it holds), paths relative to the root with
	 *         {@code /} between names, files with their {@link Raw#data} (not checked against the file size: see
	 *         {@link FileData#check})
	 * @throws Declined              the volume uses a UDF feature this reader leaves to 7zz
	 * @throws CorruptImageException a descriptor is missing, damaged or points outside the ISO
	 */
	static List<Raw> read(Sectors sectors) throws ImageException, Declined {
		UdfFileSystem reader = new UdfFileSystem(sectors);
		Address root = reader.volume();
		reader.directory(root, reader.entry(root, "the root folder"), "", 0);
		return reader.raws;
	}

	/** Reads partitions and maps, then the File Set Descriptor; @return the root directory's ICB */
	private Address volume() throws ImageException, Declined {
		long[] sequence = UdfVolume.mainSequence(sectors);
		Map<Integer, Physical> partitions = new HashMap<>();
		byte[] logicalVolume = null;
		long logicalVolumeSector = -1;
		long end = sequence[0] + Math.min(sequence[1] / Sectors.SIZE, 64);
		for (long lba = sequence[0]; lba < end; lba++) {
			byte[] d = sectors.sector(lba);
			int tag = u16le(d, 0);
			if (!UdfVolume.validTag(d, tag, lba) || tag == 8) {
				break;
			}
			if (tag == TAG_PARTITION) {
				partitions.put(u16le(d, 22), new Physical(u32le(d, 188), u32le(d, 192)));
			} else if (tag == TAG_LOGICAL_VOLUME) {
				logicalVolume = d;
				logicalVolumeSector = lba;
			}
		}
		if (logicalVolume == null) {
			throw corrupt("the main volume descriptor sequence at sector " + sequence[0]
					+ " holds no logical volume descriptor");
		}
		long blockSize = u32le(logicalVolume, 212);
		if (blockSize != Sectors.SIZE) {
			throw new Declined("logical blocks of " + blockSize + " bytes");
		}
		long mapCount = u32le(logicalVolume, 268);
		long mapTableLength = u32le(logicalVolume, 264);
		if (440 + mapTableLength > Sectors.SIZE || mapCount > 64) {
			throw corrupt("the logical volume descriptor at sector " + logicalVolumeSector
					+ " has a partition map table that does not fit it");
		}
		int position = 440;
		for (int i = 0; i < mapCount; i++) {
			int type = u8(logicalVolume, position);
			int length = u8(logicalVolume, position + 1);
			if (length < 6 || position + length > 440 + mapTableLength) {
				throw corrupt("partition map " + i + " of the logical volume descriptor is damaged");
			}
			if (type == 1) {
				maps.add(physical(partitions, u16le(logicalVolume, position + 4)));
			} else if (type == 2) {
				throw new Declined("partition map type '"
						+ Sectors.text(logicalVolume, position + 5, 23).strip() + "'");
			} else {
				throw corrupt("partition map " + i + " has the unknown type " + type);
			}
			position += length;
		}
		Address fileSet = longAd(logicalVolume, 248);
		byte[] fsd = block(fileSet, "the file set descriptor");
		if (!UdfVolume.validTag(fsd, TAG_FILE_SET, fileSet.block()) || !UdfVolume.crcValid(fsd, 0)) {
			throw corrupt("no valid file set descriptor at logical block " + fileSet.block() + " of partition "
					+ fileSet.partition() + " (where the logical volume descriptor points)");
		}
		return longAd(fsd, 400);
	}

	private Physical physical(Map<Integer, Physical> partitions, int number) throws CorruptImageException {
		Physical partition = partitions.get(number);
		if (partition == null) {
			throw corrupt("no partition descriptor for partition number " + number
					+ " named in the logical volume descriptor");
		}
		return partition;
	}

	/** A File Entry or Extended File Entry. */
	private record Entry(int fileType, FileData data, @Nullable Instant modified, @Nullable Instant accessed,
			@Nullable Instant created) {
	}

	private Entry entry(Address address, String what) throws ImageException, Declined {
		byte[] d = block(address, what);
		int tag = u16le(d, 0);
		if (tag == TAG_INDIRECT) {
			throw new Declined("indirect entries (ICB strategy 4096)");
		}
		boolean extended = tag == TAG_EXTENDED_FILE_ENTRY;
		if (!extended && tag != TAG_FILE_ENTRY || !UdfVolume.validTag(d, tag, address.block())) {
			throw corrupt("no valid file entry for " + what + " at logical block " + address.block() + " of partition "
					+ address.partition());
		}
		if (!UdfVolume.crcValid(d, 0)) {
			throw corrupt("the file entry of " + what + " at logical block " + address.block()
					+ " does not match its CRC");
		}
		int strategy = u16le(d, 20);
		if (strategy != 4) {
			throw new Declined("ICB strategy " + strategy + " (" + what + ")");
		}
		int fileType = u8(d, 27);
		int flags = u16le(d, 34);
		long length = u64le(d, 56);
		int eaLength = (int) u32le(d, extended ? 208 : 168);
		int adLength = (int) u32le(d, extended ? 212 : 172);
		int adStart = (extended ? 216 : 176) + eaLength;
		if (eaLength < 0 || adLength < 0 || adStart + adLength > Sectors.SIZE || length < 0) {
			throw corrupt("the file entry of " + what + " at logical block " + address.block()
					+ " has extended attributes or allocation descriptors that do not fit it");
		}
		Instant accessed = UdfVolume.timestamp(d, extended ? 80 : 72);
		Instant modified = UdfVolume.timestamp(d, extended ? 92 : 84);
		Instant created = extended ? UdfVolume.timestamp(d, 104) : null;
		FileData data;
		switch (flags & 7) {
		case 3 -> {
			if (length > adLength) {
				throw corrupt("the embedded data of " + what + " holds " + adLength + " of " + length + " bytes");
			}
			data = new FileData(List.of(), java.util.Arrays.copyOfRange(d, adStart, adStart + (int) length));
		}
		case 0, 1 -> data = allocation(d, adStart, adLength, (flags & 7) == 1, address.partition(), length, what);
		default -> throw new Declined("allocation descriptors of type " + (flags & 7) + " (" + what + ")");
		}
		return new Entry(fileType, data, modified, accessed, created);
	}

	/** Collects the extents of {@code length} bytes from short_ad or long_ad descriptors, following 4/14.5 chains. */
	private FileData allocation(byte[] d, int start, int count, boolean longAds, int partition, long length,
			String what) throws ImageException, Declined {
		List<Piece> pieces = new ArrayList<>();
		long covered = 0;
		byte[] area = d;
		int position = start;
		int end = start + count;
		int size = longAds ? 16 : 8;
		int chained = 0;
		while (covered < length) {
			if (position + size > end) {
				throw corrupt("the allocation descriptors of " + what + " cover " + covered + " of " + length
						+ " bytes");
			}
			long raw = u32le(area, position);
			long extentLength = raw & 0x3FFF_FFFFL;
			int type = (int) (raw >>> 30);
			long block = u32le(area, position + 4);
			int reference = longAds ? u16le(area, position + 8) : partition;
			position += size;
			if (extentLength == 0) {
				throw corrupt("the allocation descriptors of " + what + " end after " + covered + " of " + length
						+ " bytes");
			}
			if (type == 3) {
				if (++chained > MAX_ALLOCATION_EXTENTS) {
					throw corrupt("the allocation extent chain of " + what + " does not end");
				}
				Address next = new Address(block, reference);
				area = block(next, what);
				if (!UdfVolume.validTag(area, TAG_ALLOCATION_EXTENT, block) || !UdfVolume.crcValid(area, 0)) {
					throw corrupt("no valid allocation extent descriptor for " + what + " at logical block " + block);
				}
				position = 24;
				end = 24 + (int) Math.min(u32le(area, 20), Sectors.SIZE - 24);
				continue;
			}
			if (pieces.size() >= MAX_PIECES) {
				throw corrupt(what + " has more than " + MAX_PIECES + " extents");
			}
			long used = Math.min(extentLength, length - covered);
			if (type == 0) {
				map(new Address(block, reference), used, pieces, what);
			} else {
				pieces.add(new Piece(-1, used));
			}
			covered += used;
		}
		return new FileData(List.copyOf(pieces), null);
	}

	/** Appends where {@code bytes} from logical block {@code address} lie in the ISO file. */
	private void map(Address address, long bytes, List<Piece> pieces, String what) throws CorruptImageException {
		Physical physical = partitionMap(address.partition(), what);
		long blocks = (bytes + Sectors.SIZE - 1) / Sectors.SIZE;
		if (address.block() + blocks > physical.lengthSectors()) {
			throw corrupt("the data of " + what + " (logical blocks " + address.block() + " to "
					+ (address.block() + blocks - 1) + ") lies outside its partition of " + physical.lengthSectors()
					+ " blocks");
		}
		long offset = (physical.startSector() + address.block()) * Sectors.SIZE;
		Piece last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
		if (last != null && last.offset() >= 0 && last.offset() + last.length() == offset) {
			pieces.set(pieces.size() - 1, new Piece(last.offset(), last.length() + bytes));
		} else {
			pieces.add(new Piece(offset, bytes));
		}
	}

	private Physical partitionMap(int reference, String what) throws CorruptImageException {
		if (reference < 0 || reference >= maps.size()) {
			throw corrupt(what + " names partition reference " + reference + ", but the volume has " + maps.size()
					+ " partition maps");
		}
		return maps.get(reference);
	}

	/** @return logical block {@code address} (2,048 bytes) */
	private byte[] block(Address address, String what) throws ImageException {
		List<Piece> pieces = new ArrayList<>();
		map(address, Sectors.SIZE, pieces, what);
		return sectors.read(pieces.get(0).offset(), Sectors.SIZE, what);
	}

	private static Address longAd(byte[] d, int offset) {
		return new Address(u32le(d, offset + 4), u16le(d, offset + 8));
	}

	/**
	 * Lists the directory whose entry is {@code entry} (named {@code path}, "" for the root) and everything below it.
	 * Each folder is listed once: a folder reached a second time (a loop, or a hard link to a folder, which 4/8.6
	 * forbids) makes the volume damaged.
	 */
	private void directory(Address icb, Entry entry, String path, int depth) throws ImageException, Declined {
		String what = path.isEmpty() ? "the root folder" : "folder /" + path;
		if (depth > MAX_DEPTH) {
			throw corrupt(what + " lies more than " + MAX_DEPTH + " levels deep: the folder tree loops or is damaged");
		}
		if (!directoriesSeen.add(icb.block() << 16 | icb.partition())) {
			throw corrupt(what + " is a folder listed before under another name: the folder tree loops");
		}
		if (entry.fileType != FILE_TYPE_DIRECTORY) {
			throw corrupt(what + " is not a directory (file type " + entry.fileType + ")");
		}
		byte[] data = bytes(entry.data, what, MAX_DIRECTORY_BYTES);
		directoryBytes += data.length;
		if (directoryBytes > MAX_ALL_DIRECTORY_BYTES) {
			throw corrupt("the folders hold more than " + MAX_ALL_DIRECTORY_BYTES + " bytes of file identifiers in all"
					+ " (at " + what + "): the folder tree is damaged");
		}
		int position = 0;
		while (position + 38 <= data.length) {
			int tag = u16le(data, position);
			if (tag != TAG_FILE_IDENTIFIER || !checksum(data, position) || !UdfVolume.crcValid(data, position)) {
				throw corrupt("a file identifier descriptor of " + what + " is damaged (byte " + position
						+ " of the folder's data)");
			}
			int characteristics = u8(data, position + 18);
			int nameLength = u8(data, position + 19);
			Address child = longAd(data, position + 20);
			int implementationUse = u16le(data, position + 36);
			int nameStart = position + 38 + implementationUse;
			if (nameStart + nameLength > data.length) {
				throw corrupt("a file identifier descriptor of " + what + " runs past the end of the folder's data");
			}
			position += (38 + implementationUse + nameLength + 3) & ~3;
			if ((characteristics & 0x0C) != 0 || nameLength == 0) {
				continue; // deleted (bit 2) or the parent (bit 3)
			}
			if (raws.size() >= MAX_ENTRIES) {
				throw corrupt("more than " + MAX_ENTRIES + " files and folders (at " + what + "): the folder tree is"
						+ " damaged");
			}
			String name = name(data, nameStart, nameLength);
			String childPath = path.isEmpty() ? name : path + "/" + name;
			if ((characteristics & 0x02) != 0) {
				Entry folder = entry(child, "folder /" + childPath);
				Raw raw = new RawWithTimes(raws.size(), childPath, true, 0, null, folder.created, folder.modified,
						folder.accessed);
				raw.nameStart = childPath.length() - name.length();
				raws.add(raw);
				directory(child, folder, childPath, depth + 1);
				continue;
			}
			Entry file = entry(child, "/" + childPath);
			String link = null;
			if (file.fileType == FILE_TYPE_SYMLINK) {
				link = symlink(bytes(file.data, "/" + childPath, 1 << 16));
			}
			Raw raw = new RawWithTimes(raws.size(), childPath, false, file.data.size(), link, file.created,
					file.modified, file.accessed);
			raw.data = file.data;
			raw.nameStart = childPath.length() - name.length();
			raws.add(raw);
		}
	}

	/** ECMA-167 3/7.2.3: the tag checksum over bytes 0-15 without byte 4. */
	private static boolean checksum(byte[] d, int offset) {
		int sum = 0;
		for (int i = 0; i < 16; i++) {
			if (i != 4) {
				sum += u8(d, offset + i);
			}
		}
		return (sum & 0xFF) == u8(d, offset + 4);
	}

	private byte[] bytes(FileData data, String what, int limit) throws ImageException {
		if (data.embedded() != null) {
			return data.embedded();
		}
		long size = data.size();
		if (size > limit) {
			throw corrupt(what + " holds " + size + " bytes of descriptors, more than the " + limit
					+ " this reader accepts");
		}
		byte[] all = new byte[(int) size];
		int at = 0;
		for (Piece piece : data.extents()) {
			if (piece.offset() >= 0) {
				byte[] part = sectors.read(piece.offset(), (int) piece.length(), what);
				System.arraycopy(part, 0, all, at, part.length);
			}
			at += (int) piece.length();
		}
		return all;
	}

	/** OSTA UDF §2.1.1 OSTA CS0 d-characters: compression id 8 (or 254) one byte per character, 16 (or 255) UCS-2. */
	static String name(byte[] d, int offset, int length) {
		int compression = u8(d, offset);
		if (compression == 16 || compression == 255) {
			return new String(d, offset + 1, (length - 1) & ~1, StandardCharsets.UTF_16BE);
		}
		return new String(d, offset + 1, length - 1, StandardCharsets.ISO_8859_1);
	}

	/**
	 * ECMA-167 4/14.16.1 path components: type 1 root, 2 the root of the volume, 3 parent, 4 current, 5 a named
	 * component (identifier length at byte 1, identifier from byte 4).
	 */
	private static String symlink(byte[] d) {
		StringBuilder target = new StringBuilder();
		int position = 0;
		while (position + 4 <= d.length) {
			int type = u8(d, position);
			int length = u8(d, position + 1);
			if (position + 4 + length > d.length) {
				break;
			}
			String component = switch (type) {
			case 1, 2 -> "";
			case 3 -> "..";
			case 4 -> ".";
			default -> length == 0 ? "" : name(d, position + 4, length);
			};
			if (type == 1 || type == 2) {
				target.setLength(0);
				target.append('/');
			} else {
				if (!target.isEmpty() && target.charAt(target.length() - 1) != '/') {
					target.append('/');
				}
				target.append(component);
			}
			position += 4 + length;
		}
		return target.toString();
	}

	private CorruptImageException corrupt(String reason) {
		return new CorruptImageException(sectors.file(), "UDF: " + reason);
	}
}
