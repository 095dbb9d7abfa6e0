package org.deployforge.handler.vhd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The partition table of a virtual disk.
 * <ul>
 * <li>MBR (sector 0): signature 0x55 0xAA at 510, four 16-byte entries at 446 (status 0x80 active, type byte at 4,
 * first LBA at 8, sector count at 12, little-endian). Extended partitions (types 0x05, 0x0F, 0x85) chain extended
 * boot records whose second entry points to the next EBR, relative to the extended partition's start. An entry of
 * type 0xEE is the protective MBR of a GPT disk (UEFI 2.10 §5.2.3).</li>
 * <li>GPT (UEFI 2.10 §5.3): header at LBA 1, signature {@code EFI PART}, 12 header size, 16 header CRC-32 (over the
 * header size with the field zeroed), 24 my LBA, 32 alternate LBA, 40 first usable LBA, 48 last usable LBA, 56 disk
 * GUID, 72 entries LBA, 80 entry count, 84 entry size, 88 CRC-32 of the entry array. Entries: 0 type GUID, 16 unique
 * GUID, 32 first LBA, 40 last LBA (inclusive), 48 attributes, 56 name (36 UTF-16LE characters). When the primary
 * header or its entries fail their CRC the backup at the last LBA is used and a note says so.</li>
 * </ul>
 * A disk without a partition table whose sector 0 is itself a file system boot sector (a "superfloppy") shows as one
 * partition covering the disk.
 *
 * @param scheme     "gpt", "mbr", "none" (a file system on the whole disk) or "empty" (nothing recognised)
 * @param diskGuid   the GPT disk GUID, or null
 * @param diskId     the MBR disk signature (offset 440) as 8 hex digits, or empty
 * @param partitions the partitions in table order
 * @param notes      problems worth telling (backup GPT used, entries overlapping the end of the disk)
 */
public record PartitionTable(String scheme, @Nullable UUID diskGuid, String diskId, List<Partition> partitions,
		List<String> notes) {

	/** Well-known GPT partition type GUIDs and their names. */
	public static final Map<UUID, String> GPT_TYPES = Map.of(
			UUID.fromString("C12A7328-F81F-11D2-BA4B-00A0C93EC93B"), "EFI System",
			UUID.fromString("E3C9E316-0B5C-4DB8-817D-F92DF00215AE"), "Microsoft Reserved",
			UUID.fromString("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"), "Basic Data",
			UUID.fromString("DE94BBA4-06D1-4D40-A16A-BFD50179D6AC"), "Windows Recovery",
			UUID.fromString("5808C8AA-7E8F-42E0-85D2-E1E90434CFB3"), "LDM Metadata",
			UUID.fromString("AF9B60A0-1431-4F62-BC68-3311714A69AD"), "LDM Data",
			UUID.fromString("0FC63DAF-8483-4772-8E79-3D69D8477DE4"), "Linux Filesystem",
			UUID.fromString("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F"), "Linux Swap",
			UUID.fromString("E6D6D379-F507-44C2-A23C-238F2A3DF928"), "Linux LVM",
			UUID.fromString("21686148-6449-6E6F-744E-656564454649"), "BIOS Boot");

	/** Short names used for folder names when a partition has neither label nor GPT name. */
	private static final Map<String, String> SHORT = Map.of("EFI System", "EFI", "Microsoft Reserved", "MSR",
			"Basic Data", "Data", "Windows Recovery", "Recovery", "Linux Filesystem", "Linux", "BIOS Boot", "BIOS-Boot");

	private static final int MAX_LOGICAL = 128;

	public PartitionTable {
		partitions = List.copyOf(partitions);
		notes = List.copyOf(notes);
	}

	/** Reads the partition table of {@code disk} (sector size: the disk's logical sector size). */
	public static PartitionTable read(VirtualDisk disk) throws ImageException {
		int sector = disk.logicalSectorSize();
		long sectors = disk.virtualSize() / sector;
		if (sectors < 2) {
			return new PartitionTable("empty", null, "", List.of(), List.of("the disk is smaller than two sectors"));
		}
		byte[] mbr = disk.read(0, sector);
		boolean signature = (mbr[510] & 0xFF) == 0x55 && (mbr[511] & 0xFF) == 0xAA;
		List<String> notes = new ArrayList<>();
		if (signature) {
			boolean protective = false;
			for (int i = 0; i < 4; i++) {
				if ((mbr[446 + i * 16 + 4] & 0xFF) == 0xEE) {
					protective = true;
				}
			}
			if (protective) {
				return readGpt(disk, sector, sectors, notes);
			}
			FileSystemType.Probe direct = FileSystemType.probe(disk, 0, disk.virtualSize());
			if (direct.type() != FileSystemType.UNKNOWN) {
				return superfloppy(disk, direct, sectors, sector);
			}
			return readMbr(disk, mbr, sector, sectors, notes);
		}
		return new PartitionTable("empty", null, "", List.of(), List.of("sector 0 holds no MBR signature (0x55AA)"));
	}

	private static PartitionTable superfloppy(VirtualDisk disk, FileSystemType.Probe probe, long sectors, int sector) {
		String folder = folderName(1, probe.label(), "", probe.type().label());
		Partition whole = new Partition(1, 0, disk.virtualSize(), 0, sectors - 1, "", "whole disk (no partition table)",
				"", null, 0, probe.type(), probe.label(), folder);
		return new PartitionTable("none", null, "", List.of(whole), List.of("no partition table: a " + probe.type()
				.label() + " file system starts at sector 0"));
	}

	private static PartitionTable readMbr(VirtualDisk disk, byte[] mbr, int sector, long sectors, List<String> notes)
			throws ImageException {
		List<Partition> partitions = new ArrayList<>();
		int logicalNumber = 5;
		for (int i = 0; i < 4; i++) {
			int o = 446 + i * 16;
			int status = mbr[o] & 0xFF;
			int type = mbr[o + 4] & 0xFF;
			long first = Bytes.le32(mbr, o + 8);
			long count = Bytes.le32(mbr, o + 12);
			if (type == 0 || count == 0) {
				continue;
			}
			if (type == 0x05 || type == 0x0F || type == 0x85) {
				long ebr = first;
				for (int n = 0; n < MAX_LOGICAL && ebr != 0; n++) {
					if (ebr >= sectors) {
						notes.add("extended boot record at sector " + ebr + " lies past the end of the disk");
						break;
					}
					byte[] record = disk.read(ebr * sector, sector);
					if ((record[510] & 0xFF) != 0x55 || (record[511] & 0xFF) != 0xAA) {
						notes.add("extended boot record at sector " + ebr + " has no 0x55AA signature");
						break;
					}
					int logicalType = record[446 + 4] & 0xFF;
					long logicalFirst = ebr + Bytes.le32(record, 446 + 8);
					long logicalCount = Bytes.le32(record, 446 + 12);
					if (logicalType != 0 && logicalCount != 0) {
						Partition p = partition(disk, logicalNumber++, logicalFirst, logicalCount, record[446] & 0xFF,
								logicalType, sector, sectors, notes);
						if (p != null) {
							partitions.add(p);
						}
					}
					long next = Bytes.le32(record, 462 + 8);
					ebr = next == 0 ? 0 : first + next;
				}
				continue;
			}
			Partition p = partition(disk, i + 1, first, count, status, type, sector, sectors, notes);
			if (p != null) {
				partitions.add(p);
			}
		}
		partitions.sort((a, b) -> Integer.compare(a.number(), b.number()));
		return new PartitionTable("mbr", null, String.format("%08x", Bytes.le32(mbr, 440)), partitions, notes);
	}

	private static @Nullable Partition partition(VirtualDisk disk, int number, long first, long count, int status,
			int type, int sector, long sectors, List<String> notes) throws ImageException {
		if (first >= sectors) {
			notes.add("partition " + number + " starts at sector " + first + ", past the end of the disk (" + sectors
					+ " sectors): ignored");
			return null;
		}
		if (first + count > sectors) {
			notes.add("partition " + number + " ends past the end of the disk: cut to the disk");
			count = sectors - first;
		}
		long offset = first * sector;
		long length = count * sector;
		FileSystemType.Probe probe = FileSystemType.probe(disk, offset, length);
		String typeName = mbrTypeName(type);
		String folder = folderName(number, probe.label(), "", shortMbr(type, probe.type()));
		return new Partition(number, offset, length, first, first + count - 1, String.format("%02x", type), typeName,
				"", null, status & 0x80, probe.type(), probe.label(), folder);
	}

	private static String shortMbr(int type, FileSystemType fs) {
		if (type == 0xEF) {
			return "EFI";
		}
		if (type == 0x27) {
			return "Recovery";
		}
		return fs == FileSystemType.UNKNOWN ? "Partition" : fs.label();
	}

	/** @return the name of an MBR partition type byte */
	public static String mbrTypeName(int type) {
		String name = switch (type) {
		case 0x01 -> "FAT12";
		case 0x04, 0x06, 0x0E -> "FAT16";
		case 0x07 -> "NTFS/exFAT";
		case 0x0B, 0x0C -> "FAT32";
		case 0x27 -> "Windows Recovery";
		case 0x82 -> "Linux Swap";
		case 0x83 -> "Linux";
		case 0x8E -> "Linux LVM";
		case 0xEE -> "GPT Protective";
		case 0xEF -> "EFI System";
		default -> "type";
		};
		return name + String.format(" (0x%02X)", type);
	}

	private static PartitionTable readGpt(VirtualDisk disk, int sector, long sectors, List<String> notes)
			throws ImageException {
		String primaryProblem = null;
		byte[] header = disk.read(sector, sector);
		String problem = checkGptHeader(header, sector);
		byte[] entries = null;
		if (problem == null) {
			entries = readEntries(disk, header, sector, sectors);
			if (entries == null) {
				problem = "its partition entries fail their CRC-32 or lie outside the disk";
			}
		}
		if (problem != null) {
			primaryProblem = problem;
			long backupLba = sectors - 1;
			header = disk.read(backupLba * sector, sector);
			String backupProblem = checkGptHeader(header, sector);
			if (backupProblem == null) {
				entries = readEntries(disk, header, sector, sectors);
			}
			if (backupProblem != null || entries == null) {
				throw new CorruptImageException(disk.file(), "the GPT is damaged: the primary header " + primaryProblem
						+ ", and the backup header at the last sector " + (backupProblem == null
								? "has bad partition entries" : backupProblem));
			}
			notes.add("the primary GPT header " + primaryProblem + "; the backup GPT at sector " + backupLba
					+ " was used");
		}
		UUID diskGuid = Bytes.guidLe(header, 56);
		int count = (int) Bytes.le32(header, 80);
		int size = (int) Bytes.le32(header, 84);
		List<Partition> partitions = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int o = i * size;
			if (Bytes.isZero(entries, o, 16)) {
				continue;
			}
			UUID type = Bytes.guidLe(entries, o);
			UUID unique = Bytes.guidLe(entries, o + 16);
			long first = Bytes.le64(entries, o + 32);
			long last = Bytes.le64(entries, o + 40);
			long attributes = Bytes.le64(entries, o + 48);
			String name = Bytes.printable(Bytes.utf16(entries, o + 56, Math.min(72, size - 56), false));
			int number = i + 1;
			if (first < 0 || last < first || first >= sectors) {
				notes.add("GPT entry " + number + " has the impossible range " + first + ".." + last + ": ignored");
				continue;
			}
			if (last >= sectors) {
				notes.add("GPT entry " + number + " ends past the end of the disk: cut to the disk");
				last = sectors - 1;
			}
			long offset = first * sector;
			long length = (last - first + 1) * sector;
			FileSystemType.Probe probe = FileSystemType.probe(disk, offset, length);
			String typeName = GPT_TYPES.getOrDefault(type, "type " + type.toString().toUpperCase(Locale.ROOT));
			String folder = folderName(number, probe.label(), name, SHORT.getOrDefault(typeName,
					probe.type() == FileSystemType.UNKNOWN ? "Partition" : probe.type().label()));
			partitions.add(new Partition(number, offset, length, first, last, type.toString().toUpperCase(Locale.ROOT),
					typeName, name, unique, attributes, probe.type(), probe.label(), folder));
		}
		return new PartitionTable("gpt", diskGuid, "", partitions, notes);
	}

	/** @return null when the header is sound, else what is wrong with it */
	private static @Nullable String checkGptHeader(byte[] header, int sector) {
		if (!Bytes.ascii(header, 0, 8).equals("EFI PART")) {
			return "has no 'EFI PART' signature";
		}
		int headerSize = (int) Bytes.le32(header, 12);
		if (headerSize < 92 || headerSize > sector) {
			return "has the impossible header size " + headerSize;
		}
		byte[] copy = java.util.Arrays.copyOf(header, headerSize);
		Bytes.putLe32(copy, 16, 0);
		CRC32 crc = new CRC32();
		crc.update(copy);
		long stored = Bytes.le32(header, 16);
		if (crc.getValue() != stored) {
			return "fails its CRC-32 (stored " + Bytes.hex32(stored) + ", computed " + Bytes.hex32(crc.getValue()) + ")";
		}
		long count = Bytes.le32(header, 80);
		long size = Bytes.le32(header, 84);
		if (size < 128 || size % 8 != 0 || count > 16384 || count * size > 16L * 1024 * 1024) {
			return "has an impossible entry array (" + count + " entries of " + size + " bytes)";
		}
		return null;
	}

	private static byte @Nullable [] readEntries(VirtualDisk disk, byte[] header, int sector, long sectors)
			throws ImageException {
		long lba = Bytes.le64(header, 72);
		int count = (int) Bytes.le32(header, 80);
		int size = (int) Bytes.le32(header, 84);
		long bytes = (long) count * size;
		if (lba < 1 || lba * sector + bytes > sectors * sector) {
			return null;
		}
		byte[] entries = disk.read(lba * sector, (int) bytes);
		CRC32 crc = new CRC32();
		crc.update(entries);
		return crc.getValue() == Bytes.le32(header, 88) ? entries : null;
	}

	/**
	 * The folder name of a partition in the image tree: {@code NUMBER-NAME} where NAME is the file system label, else
	 * the GPT partition name, else a short type name (EFI, MSR, Data, Recovery, NTFS, …). Characters that cannot be in
	 * a path component ({@code /}, {@code \}, controls) become {@code _}.
	 */
	public static String folderName(int number, String label, String gptName, String fallback) {
		String name = !label.isBlank() ? label : !gptName.isBlank() ? gptName : fallback;
		StringBuilder clean = new StringBuilder();
		for (char c : name.strip().toCharArray()) {
			clean.append(c < 0x20 || c == 0x7F || c == '/' || c == '\\' || c == ':' ? '_' : c);
		}
		String result = clean.toString();
		if (result.equals(".") || result.equals("..") || result.isEmpty()) {
			result = "Partition";
		}
		return number + "-" + (result.length() > 64 ? result.substring(0, 64) : result);
	}

	/** @return the partition shown by the top-level folder {@code folder} (exact name, else ignoring case), or null */
	public @Nullable Partition byFolder(String folder) {
		for (Partition partition : partitions) {
			if (partition.folderName().equals(folder)) {
				return partition;
			}
		}
		for (Partition partition : partitions) {
			if (partition.folderName().equalsIgnoreCase(folder)) {
				return partition;
			}
		}
		return null;
	}
}
