package org.deployforge.handler.vhd;

import java.util.Arrays;

import org.deployforge.core.ImageException;

/**
 * A partition's file system, recognised by its boot sector: NTFS ({@code "NTFS    "} OEM id at offset 3), exFAT
 * ({@code "EXFAT   "} at 3, Microsoft exFAT specification §3.1.2), FAT32 ({@code "FAT32   "} at 82, or a zero
 * 16-bit FAT size with a BPB; Microsoft FAT specification §3.1), FAT12/16 ({@code "FAT1"} at 54), anything else
 * unknown. The label comes from the FAT boot sector (BS_VolLab) or, for NTFS, from the {@code $VOLUME_NAME}
 * attribute (type 0x60) of MFT record 3 ({@code $Volume}).
 */
public enum FileSystemType {
	NTFS("NTFS"), EXFAT("exFAT"), FAT32("FAT32"), FAT16("FAT16"), FAT12("FAT12"), UNKNOWN("unknown");

	private final String label;

	FileSystemType(String label) {
		this.label = label;
	}

	/** @return whether this is FAT12, FAT16 or FAT32 */
	public boolean isFat() {
		return this == FAT32 || this == FAT16 || this == FAT12;
	}

	/** @return the name people use ("NTFS", "FAT32", "exFAT", "unknown") */
	public String label() {
		return label;
	}

	/** What a boot sector says: the file system and its volume label (empty where none). */
	public record Probe(FileSystemType type, String label) {
	}

	/**
	 * Recognises the file system starting at {@code offset} of the virtual disk.
	 *
	 * @param length the partition length in bytes (reads never go past it)
	 */
	public static Probe probe(VirtualDisk disk, long offset, long length) throws ImageException {
		if (length < 512) {
			return new Probe(UNKNOWN, "");
		}
		byte[] boot = disk.read(offset, 512);
		boolean signature = (boot[510] & 0xFF) == 0x55 && (boot[511] & 0xFF) == 0xAA;
		String oem = Bytes.ascii(boot, 3, 8);
		if (oem.equals("NTFS    ")) {
			return new Probe(NTFS, ntfsLabel(disk, offset, length, boot));
		}
		if (oem.equals("EXFAT   ")) {
			return new Probe(EXFAT, "");
		}
		int bytesPerSector = Bytes.le16(boot, 11);
		boolean bpb = signature && (bytesPerSector == 512 || bytesPerSector == 1024 || bytesPerSector == 2048
				|| bytesPerSector == 4096) && (boot[13] & 0xFF) != 0;
		if (Bytes.ascii(boot, 82, 5).equals("FAT32") || (bpb && Bytes.le16(boot, 22) == 0 && (boot[66] & 0xFF) == 0x29)) {
			return new Probe(FAT32, fatLabel(boot, 71));
		}
		if (Bytes.ascii(boot, 54, 5).equals("FAT16")) {
			return new Probe(FAT16, fatLabel(boot, 43));
		}
		if (Bytes.ascii(boot, 54, 5).equals("FAT12")) {
			return new Probe(FAT12, fatLabel(boot, 43));
		}
		return new Probe(UNKNOWN, "");
	}

	private static String fatLabel(byte[] boot, int offset) {
		String label = Bytes.ascii(boot, offset, 11).strip();
		return label.equals("NO NAME") ? "" : Bytes.printable(label);
	}

	/**
	 * Reads the NTFS volume label: MFT record 3 ($Volume), its update sequence fixed up, attribute 0x60
	 * ($VOLUME_NAME, resident, UTF-16LE). Any inconsistency gives an empty label, never an error.
	 */
	private static String ntfsLabel(VirtualDisk disk, long offset, long length, byte[] boot) throws ImageException {
		int bytesPerSector = Bytes.le16(boot, 11);
		int sectorsPerCluster = boot[13] & 0xFF;
		if (sectorsPerCluster > 0x80) {
			sectorsPerCluster = 1 << (256 - sectorsPerCluster);
		}
		long clusterSize = (long) bytesPerSector * sectorsPerCluster;
		int clustersPerRecord = boot[64];
		long recordSize = clustersPerRecord < 0 ? 1L << -clustersPerRecord : clustersPerRecord * clusterSize;
		long mftCluster = Bytes.le64(boot, 48);
		if (bytesPerSector < 256 || clusterSize == 0 || recordSize < 256 || recordSize > 65536 || mftCluster < 0) {
			return "";
		}
		long recordOffset = mftCluster * clusterSize + 3 * recordSize;
		if (recordOffset < 0 || recordOffset + recordSize > length) {
			return "";
		}
		byte[] record = disk.read(offset + recordOffset, (int) recordSize);
		if (!Bytes.ascii(record, 0, 4).equals("FILE")) {
			return "";
		}
		int usaOffset = Bytes.le16(record, 4);
		int usaCount = Bytes.le16(record, 6);
		if (usaOffset + usaCount * 2 > record.length || usaCount == 0) {
			return "";
		}
		for (int i = 1; i < usaCount; i++) {
			int end = i * bytesPerSector - 2;
			if (end + 2 > record.length) {
				break;
			}
			record[end] = record[usaOffset + i * 2];
			record[end + 1] = record[usaOffset + i * 2 + 1];
		}
		int attribute = Bytes.le16(record, 20);
		while (attribute + 16 < record.length) {
			long type = Bytes.le32(record, attribute);
			long attributeLength = Bytes.le32(record, attribute + 4);
			if (type == 0xFFFFFFFFL || attributeLength < 16 || attribute + attributeLength > record.length) {
				break;
			}
			if (type == 0x60 && record[attribute + 8] == 0) {
				int valueLength = (int) Bytes.le32(record, attribute + 16);
				int valueOffset = Bytes.le16(record, attribute + 20);
				if (attribute + valueOffset + valueLength <= record.length) {
					return Bytes.printable(Bytes.utf16(Arrays.copyOfRange(record, attribute + valueOffset, attribute
							+ valueOffset + valueLength), 0, valueLength, false));
				}
				return "";
			}
			attribute += (int) attributeLength;
		}
		return "";
	}
}
