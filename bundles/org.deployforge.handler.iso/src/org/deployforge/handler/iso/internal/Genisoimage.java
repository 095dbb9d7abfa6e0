package org.deployforge.handler.iso.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code genisoimage} command line that writes ISO 9660 level 3 (multi-extent files over 4 GiB) + Joliet + a
 * UDF 1.02 bridge with El Torito boot entries: the layout of Windows install media (BUILD.md: {@code -udf
 * -allow-limited-size}, with level 3 instead of 4 so that UTF-8 names work, see {@link #command}; BIOS {@code -b boot/etfsboot.com -no-emul-boot -boot-load-size 8}; UEFI
 * {@code -eltorito-alt-boot -e efi/microsoft/boot/efisys.bin -no-emul-boot}). {@code -allow-limited-size} lets a file
 * over 4 GiB be written: whole in UDF (what Windows Setup reads), truncated on the ISO 9660 side.
 * <p>
 * The boot catalog is written under a name no media uses and hidden from the ISO 9660, Joliet and UDF trees, as
 * Microsoft's oscdimg does.
 */
final class Genisoimage {

	/** The hidden name of the boot catalog in the source tree's namespace. */
	static final String CATALOG = ".deployforge-boot.catalog";

	/**
	 * A boot entry to write.
	 *
	 * @param relativePath the boot image, relative to the tree ({@code boot/etfsboot.com})
	 * @param platform     El Torito platform id (0x00 BIOS, 0xEF UEFI)
	 * @param emulation    0 no emulation, 1-3 floppy, 4 hard disk
	 * @param loadSegment  load segment, 0 for the default
	 * @param loadSize     sectors of 512 bytes to load (no emulation BIOS entries), 0 to let genisoimage decide
	 */
	record BootImage(String relativePath, int platform, int emulation, int loadSegment, int loadSize) {
	}

	private Genisoimage() {
	}

	/** Thrown by {@link #command} for boot entries genisoimage cannot write. */
	static final class UnsupportedBootException extends Exception {
		private static final long serialVersionUID = 1L;

		UnsupportedBootException(String message) {
			super(message);
		}
	}

	static List<String> command(Path tree, Path output, String label, List<BootImage> boots, boolean rockRidge,
			List<String> hidden) throws UnsupportedBootException {
		// -input-charset utf-8: host names are UTF-8 on Linux; without it genisoimage reads them as ISO-8859-1 and
		// every non-ASCII name on the media comes out garbled (Prüfung.txt -> PrÃ¼fung.txt). Debian's genisoimage
		// takes UTF-8 only through iconv, which it refuses with ISO 9660:1999 (-iso-level 4), so level 3 it is:
		// multi-extent files over 4 GiB stay possible, long names live in Joliet and UDF (what Windows Setup reads).
		List<String> command = new ArrayList<>(List.of("genisoimage", "-quiet", "-input-charset", "utf-8", "-udf",
				"-iso-level", "3", "-allow-limited-size", "-J", "-joliet-long"));
		if (rockRidge) {
			command.add("-r");
		}
		command.add("-V");
		command.add(label);
		for (int i = 0; i < boots.size(); i++) {
			BootImage boot = boots.get(i);
			if (i > 0) {
				command.add("-eltorito-alt-boot");
			}
			if (boot.platform() == ElToritoEntry.PLATFORM_UEFI) {
				command.add("-e");
				command.add(boot.relativePath());
				command.add("-no-emul-boot");
				continue;
			}
			if (boot.platform() != ElToritoEntry.PLATFORM_BIOS) {
				throw new UnsupportedBootException(String.format("genisoimage cannot write El Torito entries for platform"
						+ " 0x%02X (only BIOS 0x00 and UEFI 0xEF)", boot.platform()));
			}
			command.add("-b");
			command.add(boot.relativePath());
			if (boot.emulation() == 0) {
				command.add("-no-emul-boot");
				if (boot.loadSize() > 0) {
					command.add("-boot-load-size");
					command.add(Integer.toString(boot.loadSize()));
				}
			} else if (boot.emulation() == 4) {
				command.add("-hard-disk-boot");
			}
			if (boot.loadSegment() != 0) {
				command.add("-boot-load-seg");
				command.add(Integer.toString(boot.loadSegment()));
			}
		}
		if (!boots.isEmpty()) {
			command.add("-c");
			command.add(CATALOG);
			command.add("-hide");
			command.add(CATALOG);
			command.add("-hide-joliet");
			command.add(CATALOG);
		}
		for (String name : hidden) {
			command.add("-hide");
			command.add(name);
			command.add("-hide-joliet");
			command.add(name);
		}
		command.add("-o");
		command.add(output.toString());
		command.add(tree.toString());
		return command;
	}
}
