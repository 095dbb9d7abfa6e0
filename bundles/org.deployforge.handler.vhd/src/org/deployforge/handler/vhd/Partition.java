package org.deployforge.handler.vhd;

import java.util.Locale;
import java.util.UUID;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One partition of a virtual disk.
 *
 * @param number       1-based number in table order (GPT entry number / MBR primary slot 1-4, logical drives 5 on)
 * @param offset       start in bytes from the start of the virtual disk
 * @param length       length in bytes
 * @param firstSector  first logical sector (LBA)
 * @param lastSector   last logical sector (LBA), inclusive
 * @param type         the MBR type byte as two hex digits ({@code "07"}) or the GPT partition type GUID
 * @param typeName     the type in words ({@code "EFI System"}, {@code "Basic Data"}, {@code "NTFS/exFAT (0x07)"})
 * @param name         the GPT partition name (UTF-16LE, 36 characters), empty for MBR
 * @param uniqueGuid   the GPT unique partition GUID, or null for MBR
 * @param attributes   the GPT attribute bits, or for MBR 0x80 when the partition is active (bootable)
 * @param fileSystem   the file system found in its boot sector
 * @param label        the file system's volume label, empty where none
 * @param folderName   the top-level folder that shows this partition in the image tree ({@code "3-Windows"})
 */
public record Partition(int number, long offset, long length, long firstSector, long lastSector, String type,
		String typeName, String name, @Nullable UUID uniqueGuid, long attributes, FileSystemType fileSystem,
		String label, String folderName) {

	/** @return whether the MBR marks it active (bootable) */
	public boolean active() {
		return uniqueGuid == null && (attributes & 0x80) != 0;
	}

	/** @return one line for {@code vhd info}, e.g. "3: Basic Data 'Windows', NTFS 'Windows', 40 MiB at 117 MiB" */
	public String describe() {
		StringBuilder out = new StringBuilder();
		out.append(typeName);
		if (!name.isEmpty()) {
			out.append(" '").append(name).append('\'');
		}
		out.append(", ").append(fileSystem.label());
		if (!label.isEmpty()) {
			out.append(" '").append(label).append('\'');
		}
		out.append(", ").append(VirtualDisk.human(length)).append(" at ").append(VirtualDisk.human(offset));
		out.append(String.format(Locale.ROOT, " (sectors %d-%d)", firstSector, lastSector));
		if (active()) {
			out.append(", active");
		}
		return out.toString();
	}
}
