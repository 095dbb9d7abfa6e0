package org.deployforge.handler.iso.internal;

import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One boot entry of an El Torito boot catalog ("El Torito" Bootable CD-ROM Format Specification 1.0, §2.2 initial/
 * default entry, §2.4 section header, §2.5 section entry).
 *
 * @param number      1-based position in the catalog (1 is the initial/default entry)
 * @param platform    platform id of its validation entry or section header: 0x00 80x86 BIOS, 0x01 PowerPC, 0x02 Mac,
 *                    0xEF UEFI
 * @param bootable    boot indicator 0x88 (bootable) rather than 0x00
 * @param emulation   boot media type, low 4 bits: 0 no emulation, 1 1.2 MB floppy, 2 1.44 MB floppy, 3 2.88 MB floppy,
 *                    4 hard disk
 * @param loadSegment load segment (real-mode paragraph; 0 means the BIOS default 0x07C0)
 * @param systemType  system type (partition type byte of a hard-disk emulation image)
 * @param sectorCount sector count: virtual sectors of 512 bytes the BIOS loads (no emulation)
 * @param loadRba     load RBA: the first 2,048-byte logical sector of the boot image
 * @param imagePath   the in-image path of the file whose data starts at {@code loadRba}, or null when none does
 */
public record ElToritoEntry(int number, int platform, boolean bootable, int emulation, int loadSegment, int systemType,
		int sectorCount, long loadRba, @Nullable String imagePath) {

	/** Platform id of 80x86 PCs (BIOS). */
	public static final int PLATFORM_BIOS = 0x00;
	/** Platform id of UEFI (EFI specification 2.x, §12.3.2.1 "ISO-9660 and El Torito"). */
	public static final int PLATFORM_UEFI = 0xEF;

	/** @return the platform as people say it: BIOS, UEFI, PowerPC, Mac, or 0xNN */
	public String platformName() {
		return switch (platform) {
		case PLATFORM_BIOS -> "BIOS";
		case PLATFORM_UEFI -> "UEFI";
		case 0x01 -> "PowerPC";
		case 0x02 -> "Mac";
		default -> String.format(Locale.ROOT, "0x%02X", platform);
		};
	}

	/** @return the emulation as xorriso and the specification name it */
	public String emulationName() {
		return switch (emulation) {
		case 0 -> "no emulation";
		case 1 -> "1.2 MB floppy";
		case 2 -> "1.44 MB floppy";
		case 3 -> "2.88 MB floppy";
		case 4 -> "hard disk";
		default -> "media type " + emulation;
		};
	}

	/** @return a copy naming the boot image file */
	public ElToritoEntry withImagePath(@Nullable String path) {
		return new ElToritoEntry(number, platform, bootable, emulation, loadSegment, systemType, sectorCount, loadRba,
				path);
	}

	/** @return one line, e.g. "UEFI, no emulation, load segment 0x0000, 2880 sectors, LBA 298, /efi/microsoft/boot/efisys.bin" */
	public String describe() {
		return String.format(Locale.ROOT, "%s, %s%s, load segment 0x%04X, %d sectors, LBA %d, %s", platformName(),
				emulationName(), bootable ? "" : ", not bootable", loadSegment, sectorCount, loadRba,
				imagePath == null ? "no file at that LBA" : imagePath);
	}
}
