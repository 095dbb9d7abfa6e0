package org.deployforge.handler.iso.internal;

import static org.deployforge.handler.iso.internal.Sectors.ascii;
import static org.deployforge.handler.iso.internal.Sectors.u16le;
import static org.deployforge.handler.iso.internal.Sectors.u32le;
import static org.deployforge.handler.iso.internal.Sectors.u8;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The UDF volume facts: Anchor Volume Descriptor Pointer (ECMA-167 3/10.2, at sector 256, else at the last sector),
 * then the Main Volume Descriptor Sequence up to its Terminating Descriptor (3/10.9): the Primary Volume Descriptor
 * (tag 1, 3/10.1) and the Logical Volume Descriptor (tag 6, 3/10.6) whose domain identifier (byte 216, an
 * {@code EntityID}) is {@code *OSTA UDF Compliant} with the UDF revision in the first two suffix bytes (OSTA UDF
 * 2.50 §2.1.5.3). Every descriptor tag is checked (3/7.2: tag identifier, tag checksum, tag location).
 *
 * @param revision         the UDF revision, e.g. 0x0102; 0 where the domain identifier is not OSTA's
 * @param logicalVolumeId  the logical volume identifier (what Windows shows as the label)
 * @param recordingTime    the primary volume descriptor's recording date and time, or null
 */
record UdfVolume(int revision, String logicalVolumeId, @Nullable Instant recordingTime) {

	private static final int TAG_PRIMARY = 1;
	private static final int TAG_ANCHOR = 2;
	private static final int TAG_LOGICAL_VOLUME = 6;
	private static final int TAG_TERMINATING = 8;

	static UdfVolume read(Sectors sectors) throws ImageException {
		long[] sequence = mainSequence(sectors);
		long location = sequence[0];
		long count = Math.min(sequence[1] / Sectors.SIZE, 64);
		int revision = 0;
		String volumeId = "";
		Instant recorded = null;
		boolean sawLogicalVolume = false;
		for (long lba = location; lba < location + count; lba++) {
			byte[] d = sectors.sector(lba);
			int tag = u16le(d, 0);
			if (!validTag(d, tag, lba)) {
				break;
			}
			if (tag == TAG_TERMINATING) {
				break;
			}
			if (tag == TAG_PRIMARY) {
				recorded = timestamp(d, 376);
			} else if (tag == TAG_LOGICAL_VOLUME) {
				sawLogicalVolume = true;
				volumeId = dstring(d, 84, 128);
				if (ascii(d, 217, "*OSTA UDF Compliant")) {
					revision = u16le(d, 240);
				}
			}
		}
		if (!sawLogicalVolume) {
			throw new CorruptImageException(sectors.file(), "the UDF main volume descriptor sequence at sector " + location
					+ " holds no valid logical volume descriptor");
		}
		return new UdfVolume(revision, volumeId, recorded);
	}

	/**
	 * Finds the Anchor Volume Descriptor Pointer (ECMA-167 3/10.2: at sector 256, else at the last sector) and reads
	 * its Main Volume Descriptor Sequence extent (an {@code extent_ad} at byte 16: length in bytes, then location).
	 *
	 * @return {location in sectors, length in bytes}
	 * @throws CorruptImageException when neither place holds a valid anchor
	 */
	static long[] mainSequence(Sectors sectors) throws ImageException {
		long anchorSector = 256;
		byte[] anchor = sectors.count() > anchorSector ? sectors.sector(anchorSector) : new byte[Sectors.SIZE];
		if (!validTag(anchor, TAG_ANCHOR, anchorSector)) {
			anchorSector = sectors.count() - 1;
			anchor = sectors.sector(anchorSector);
			if (!validTag(anchor, TAG_ANCHOR, anchorSector)) {
				throw new CorruptImageException(sectors.file(), "the UDF volume recognition sequence is present but no"
						+ " anchor volume descriptor pointer is at sector 256 or at the last sector");
			}
		}
		return new long[] { u32le(anchor, 20), u32le(anchor, 16) };
	}

	/** ECMA-167 3/7.2: identifier, checksum of bytes 0-15 without byte 4, and the location of the descriptor. */
	static boolean validTag(byte[] d, int expectedId, long lba) {
		if (u16le(d, 0) != expectedId || expectedId == 0) {
			return false;
		}
		int sum = 0;
		for (int i = 0; i < 16; i++) {
			if (i != 4) {
				sum += u8(d, i);
			}
		}
		return (sum & 0xFF) == u8(d, 4) && u32le(d, 12) == lba;
	}

	/**
	 * ECMA-167 3/7.2.6: the descriptor CRC (CRC-ITU-T: polynomial x^16 + x^12 + x^5 + 1, initial value 0) over the
	 * {@code u16} count at tag byte 10 of bytes that follow the 16-byte tag, compared with the {@code u16} at tag byte 8.
	 *
	 * @param offset where the descriptor's tag starts in {@code d}
	 * @return whether the body matches its CRC; false when the counted bytes run past {@code d}
	 */
	static boolean crcValid(byte[] d, int offset) {
		int length = u16le(d, offset + 10);
		if (offset + 16 + length > d.length) {
			return false;
		}
		int crc = 0;
		for (int i = offset + 16; i < offset + 16 + length; i++) {
			crc ^= (d[i] & 0xFF) << 8;
			for (int bit = 0; bit < 8; bit++) {
				crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
			}
			crc &= 0xFFFF;
		}
		return crc == u16le(d, offset + 8);
	}

	/** OSTA UDF 2.1.3 dstring: compression id 8 (8-bit) or 16 (UCS-2 big-endian), length in the last byte. */
	static String dstring(byte[] d, int offset, int size) {
		int used = u8(d, offset + size - 1);
		if (used <= 1 || used > size - 1) {
			return "";
		}
		int compression = u8(d, offset);
		if (compression == 16) {
			return new String(d, offset + 1, (used - 1) & ~1, StandardCharsets.UTF_16BE).strip();
		}
		return new String(d, offset + 1, used - 1, StandardCharsets.ISO_8859_1).strip();
	}

	/** ECMA-167 1/7.3 timestamp: type and time zone (minutes, 12-bit signed, -2047 unspecified), then the fields. */
	static @Nullable Instant timestamp(byte[] d, int offset) {
		int typeAndZone = u16le(d, offset);
		int zone = typeAndZone & 0x0FFF;
		if ((zone & 0x0800) != 0) {
			zone -= 0x1000;
		}
		if (zone == -2047 || zone < -1440 || zone > 1440) {
			zone = 0;
		}
		int year = (short) u16le(d, offset + 2);
		if (year == 0) {
			return null;
		}
		// centiseconds, hundreds of microseconds, microseconds (bytes 9-11)
		long nanos = u8(d, offset + 9) * 10_000_000L + u8(d, offset + 10) * 100_000L + u8(d, offset + 11) * 1_000L;
		if (nanos >= 1_000_000_000L) {
			nanos = 0;
		}
		return Sectors.instant(year, u8(d, offset + 4), u8(d, offset + 5), u8(d, offset + 6), u8(d, offset + 7),
				u8(d, offset + 8), nanos, zone * 60);
	}
}
