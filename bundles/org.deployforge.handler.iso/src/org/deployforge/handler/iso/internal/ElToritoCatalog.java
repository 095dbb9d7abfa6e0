package org.deployforge.handler.iso.internal;

import static org.deployforge.handler.iso.internal.Sectors.u16le;
import static org.deployforge.handler.iso.internal.Sectors.u32le;
import static org.deployforge.handler.iso.internal.Sectors.u8;

import java.util.ArrayList;
import java.util.List;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;

/**
 * Reads an El Torito boot catalog ("El Torito" Bootable CD-ROM Format Specification 1.0, Phoenix/IBM 1995): 32-byte
 * entries starting at the catalog sector named by the Boot Record Volume Descriptor.
 * <ul>
 * <li>Validation entry (§2.1): header id 0x01, platform id (byte 1), id string (4-27), checksum word (28-29) such that
 * all sixteen 16-bit little-endian words sum to 0, key bytes 0x55 0xAA (30-31).</li>
 * <li>Initial/default entry (§2.2): boot indicator 0x88/0x00, boot media type, load segment (2-3), system type (4),
 * sector count in 512-byte virtual sectors (6-7), load RBA (8-11).</li>
 * <li>Section headers (§2.4): 0x90 (more follow) or 0x91 (final), platform id, number of section entries (2-3).
 * Section entries (§2.5) have the default entry's layout; bit 5 of the media type says extension entries (0x44, §2.6)
 * follow.</li>
 * </ul>
 */
final class ElToritoCatalog {

	/** The most catalog sectors read: 256 entries, far more than any real media carries. */
	private static final int MAX_SECTORS = 4;

	private ElToritoCatalog() {
	}

	/**
	 * @return the boot entries in catalog order, image paths not yet resolved
	 * @throws CorruptImageException when the validation entry is wrong (the reason says which check failed)
	 */
	static List<ElToritoEntry> read(Sectors sectors, long catalogSector) throws ImageException {
		if (catalogSector <= 16 || catalogSector >= sectors.count()) {
			throw new CorruptImageException(sectors.file(),
					"the El Torito boot record points to catalog sector " + catalogSector + ", outside the image");
		}
		int available = (int) Math.min(MAX_SECTORS, sectors.count() - catalogSector);
		byte[] catalog = sectors.read(catalogSector * Sectors.SIZE, available * Sectors.SIZE, "the boot catalog");
		if (u8(catalog, 0) != 0x01 || u8(catalog, 30) != 0x55 || u8(catalog, 31) != 0xAA) {
			throw new CorruptImageException(sectors.file(), "the El Torito boot catalog at sector " + catalogSector
					+ " has no validation entry (header id 0x01, key 0x55 0xAA)");
		}
		int sum = 0;
		for (int i = 0; i < 32; i += 2) {
			sum += u16le(catalog, i);
		}
		if ((sum & 0xFFFF) != 0) {
			throw new CorruptImageException(sectors.file(), "the El Torito validation entry at sector " + catalogSector
					+ " has a wrong checksum");
		}
		int platform = u8(catalog, 1);
		List<ElToritoEntry> entries = new ArrayList<>();
		entries.add(entry(catalog, 32, 1, platform));
		int offset = 64;
		while (offset + 32 <= catalog.length) {
			int header = u8(catalog, offset);
			if (header != 0x90 && header != 0x91) {
				break;
			}
			int sectionPlatform = u8(catalog, offset + 1);
			int count = u16le(catalog, offset + 2);
			offset += 32;
			for (int i = 0; i < count && offset + 32 <= catalog.length; i++) {
				int indicator = u8(catalog, offset);
				if (indicator != 0x88 && indicator != 0x00) {
					break;
				}
				boolean extensions = (u8(catalog, offset + 1) & 0x20) != 0;
				entries.add(entry(catalog, offset, entries.size() + 1, sectionPlatform));
				offset += 32;
				while (extensions && offset + 32 <= catalog.length && u8(catalog, offset) == 0x44) {
					extensions = (u8(catalog, offset + 1) & 0x20) != 0;
					offset += 32;
				}
			}
			if (header == 0x91) {
				break;
			}
		}
		return entries;
	}

	private static ElToritoEntry entry(byte[] catalog, int offset, int number, int platform) {
		return new ElToritoEntry(number, platform, u8(catalog, offset) == 0x88, u8(catalog, offset + 1) & 0x0F,
				u16le(catalog, offset + 2), u8(catalog, offset + 4), u16le(catalog, offset + 6),
				u32le(catalog, offset + 8), null);
	}
}
