package org.deployforge.handler.iso.internal;

import static org.deployforge.handler.iso.internal.Sectors.ascii;
import static org.deployforge.handler.iso.internal.Sectors.u16le;
import static org.deployforge.handler.iso.internal.Sectors.u32le;
import static org.deployforge.handler.iso.internal.Sectors.u8;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The facts an optical image states about itself, read by our own code from its descriptors:
 * <ul>
 * <li>ECMA-119 (ISO 9660) volume descriptor set from sector 16 (§8): the Primary Volume Descriptor (type 1: volume
 * identifier at byte 40, volume space size at 80, logical block size at 128, root directory record at 156, creation
 * date-time at 813), Supplementary Volume Descriptors (type 2: Joliet when the escape sequences at byte 88 are
 * {@code %/@}, {@code %/C} or {@code %/E} for UCS-2 levels 1-3; an Enhanced Volume Descriptor of ISO 9660:1999 when
 * its version byte 6 is 2), the Boot Record (type 0, "EL TORITO SPECIFICATION", catalog sector at byte 0x47) and the
 * terminator (type 255).</li>
 * <li>ECMA-167 2/9 Volume Recognition Sequence ({@code BEA01}, {@code NSR02} = UDF up to 1.50, {@code NSR03} = UDF
 * 2.00 and later, {@code TEA01}), the Anchor Volume Descriptor Pointer at sector 256 (3/10.2), and the Main Volume
 * Descriptor Sequence it points to: the Primary Volume Descriptor (3/10.1: volume identifier, recording time) and
 * the Logical Volume Descriptor (3/10.6) whose domain identifier {@code *OSTA UDF Compliant} carries the UDF revision
 * in its suffix (OSTA UDF 2.1.5.3: a 16-bit BCD-like number, 0x0102 = 1.02, 0x0250 = 2.50).</li>
 * </ul>
 *
 * @param volumeLabel          the label people see: UDF logical volume identifier where UDF is present, else Joliet,
 *                             else the ISO 9660 volume identifier
 * @param iso9660              whether a valid ISO 9660 Primary Volume Descriptor is present
 * @param isoVolumeId          the ISO 9660 volume identifier (d-characters, at most 32), empty without ISO 9660
 * @param volumeSpaceSectors   ISO 9660 volume space size in 2,048-byte sectors (0 without ISO 9660)
 * @param creationTime         ISO 9660 volume creation date-time (or the UDF recording time), null when unset
 * @param enhanced             an ISO 9660:1999 Enhanced Volume Descriptor is present ({@code genisoimage -iso-level 4})
 * @param primaryRoot          the root directory extent of the Primary Volume Descriptor, or null
 * @param jolietLevel          Joliet UCS-2 level 1-3, 0 without Joliet
 * @param jolietRoot           the root directory extent of the Joliet descriptor, or null
 * @param bootCatalogSector    the El Torito boot catalog sector, -1 without a Boot Record
 * @param udfRecognised        the UDF Volume Recognition Sequence (BEA01 + NSR02/NSR03) is present
 * @param udfNsr               {@code NSR02} or {@code NSR03}, empty without UDF
 * @param udfRevision          the UDF revision from the domain identifier suffix, e.g. 0x0102; 0 where unknown
 * @param udfVolumeId          the UDF logical volume identifier, empty where unknown
 * @param udfProblem           why the UDF volume could not be read although it is announced, or null
 */
public record IsoFacts(String volumeLabel, boolean iso9660, String isoVolumeId, long volumeSpaceSectors,
		@Nullable Instant creationTime, boolean enhanced, @Nullable Extent primaryRoot, int jolietLevel,
		@Nullable Extent jolietRoot, long bootCatalogSector, boolean udfRecognised, String udfNsr, int udfRevision,
		String udfVolumeId, @Nullable String udfProblem) {

	/**
	 * A directory extent.
	 *
	 * @param sector first logical sector
	 * @param bytes  data length in bytes
	 */
	public record Extent(long sector, long bytes) {
	}

	private static final int FIRST_DESCRIPTOR = 16;
	private static final int UDF_ANCHOR = 256;

	/** @return whether a readable UDF volume is present (recognition sequence and a valid anchor) */
	public boolean udf() {
		return udfRecognised && udfProblem == null;
	}

	/** @return the UDF revision as people write it, e.g. "1.02", or "" where unknown */
	public String udfRevisionText() {
		if (udfRevision == 0) {
			return "";
		}
		return String.format(Locale.ROOT, "%x.%02x", udfRevision >> 8, udfRevision & 0xFF);
	}

	/**
	 * Reads the facts.
	 *
	 * @throws CorruptImageException when neither a valid ISO 9660 volume nor a UDF volume is present (one message with
	 *                               every reason)
	 */
	public static IsoFacts read(Sectors sectors) throws ImageException {
		if (sectors.size() < (FIRST_DESCRIPTOR + 1L) * Sectors.SIZE) {
			throw new CorruptImageException(sectors.file(), "not an ISO image: " + sectors.size()
					+ " bytes is too small (volume descriptors start at byte 32768, sector 16)");
		}
		List<String> problems = new ArrayList<>();
		boolean iso = false;
		String isoVolumeId = "";
		long spaceSectors = 0;
		Instant created = null;
		boolean enhanced = false;
		Extent primaryRoot = null;
		int jolietLevel = 0;
		Extent jolietRoot = null;
		String jolietLabel = "";
		long bootCatalog = -1;
		boolean bea = false;
		String nsr = "";
		for (long lba = FIRST_DESCRIPTOR; lba < Math.min(sectors.count(), FIRST_DESCRIPTOR + 64); lba++) {
			byte[] d = sectors.sector(lba);
			if (ascii(d, 1, "CD001")) {
				int type = u8(d, 0);
				int version = u8(d, 6);
				if (type == 255) {
					continue; // the set terminator; a UDF recognition sequence may follow (ECMA-167 2/8.3)
				}
				if (type == 1) {
					List<String> pvdProblems = new ArrayList<>();
					if (version != 1) {
						pvdProblems.add("version " + version + " (must be 1)");
					}
					int blockSize = u16le(d, 128);
					if (blockSize != Sectors.SIZE) {
						pvdProblems.add("logical block size " + blockSize + " (must be 2048)");
					}
					long space = u32le(d, 80);
					Extent root = new Extent(u32le(d, 156 + 2), u32le(d, 156 + 10));
					if (root.sector() < FIRST_DESCRIPTOR || root.sector() >= sectors.count() || root.bytes() == 0
							|| root.bytes() > 64L * 1024 * 1024) {
						pvdProblems.add("root directory at sector " + root.sector() + " of " + root.bytes()
								+ " bytes (outside the " + sectors.count() + "-sector file)");
					}
					if (!pvdProblems.isEmpty()) {
						if (space * Sectors.SIZE > sectors.size() && blockSize == Sectors.SIZE) {
							// the descriptor is whole; what it points to was cut off
							problems.add(String.format(Locale.ROOT, "the ISO is truncated: its volume descriptor says"
									+ " %,d bytes (%,d sectors of 2048 bytes) but the file holds %,d",
									space * Sectors.SIZE, space, sectors.size()));
							continue;
						}
						problems.add("the ISO 9660 primary volume descriptor (sector " + lba + ") is invalid: "
								+ String.join(", ", pvdProblems));
						continue;
					}
					iso = true;
					isoVolumeId = Sectors.text(d, 40, 32);
					spaceSectors = space;
					created = decDateTime(d, 813);
					primaryRoot = root;
				} else if (type == 2) {
					if (version == 2) {
						enhanced = true;
					}
					int level = jolietEscape(d);
					if (level > 0 && jolietLevel == 0) {
						Extent root = new Extent(u32le(d, 156 + 2), u32le(d, 156 + 10));
						if (root.sector() >= FIRST_DESCRIPTOR && root.sector() < sectors.count() && root.bytes() > 0) {
							jolietLevel = level;
							jolietRoot = root;
							jolietLabel = Sectors.ucs2(d, 40, 32);
						}
					}
				} else if (type == 0 && ascii(d, 7, "EL TORITO SPECIFICATION")) {
					bootCatalog = u32le(d, 0x47);
				}
			} else if (ascii(d, 1, "BEA01")) {
				bea = true;
			} else if (bea && (ascii(d, 1, "NSR02") || ascii(d, 1, "NSR03"))) {
				nsr = new String(d, 1, 5, StandardCharsets.US_ASCII);
			} else if (ascii(d, 1, "TEA01") || ascii(d, 1, "BOOT2") || ascii(d, 1, "CDW02")) {
				continue;
			} else {
				break; // end of the volume recognition area (ECMA-167 2/8.3: the first descriptor not recognised)
			}
		}
		boolean udfRecognised = !nsr.isEmpty();
		int udfRevision = 0;
		String udfVolumeId = "";
		String udfProblem = null;
		Instant udfTime = null;
		if (udfRecognised) {
			try {
				UdfVolume volume = UdfVolume.read(sectors);
				udfRevision = volume.revision();
				udfVolumeId = volume.logicalVolumeId();
				udfTime = volume.recordingTime();
			} catch (CorruptImageException e) {
				udfProblem = e.reason();
			}
		}
		if (!iso && (!udfRecognised || udfProblem != null)) {
			if (udfProblem != null) {
				problems.add(udfProblem);
			}
			if (problems.isEmpty()) {
				problems.add("no ISO 9660 primary volume descriptor (CD001) and no UDF volume recognition sequence"
						+ " from sector 16 on");
			}
			throw new CorruptImageException(sectors.file(), "not a readable ISO image: " + String.join("; ", problems));
		}
		String label = !udfVolumeId.isEmpty() && udfProblem == null ? udfVolumeId
				: !jolietLabel.isEmpty() ? jolietLabel : isoVolumeId;
		return new IsoFacts(label, iso, isoVolumeId, spaceSectors, created != null ? created : udfTime, enhanced,
				primaryRoot, jolietLevel, jolietRoot, bootCatalog, udfRecognised, nsr, udfRevision, udfVolumeId,
				udfProblem);
	}

	/** @return the Joliet level from the escape sequences field (byte 88, 32 bytes), 0 when not Joliet */
	private static int jolietEscape(byte[] d) {
		for (int i = 88; i + 3 <= 88 + 32; i++) {
			if (d[i] == '%' && d[i + 1] == '/') {
				switch (d[i + 2]) {
				case '@':
					return 1;
				case 'C':
					return 2;
				case 'E':
					return 3;
				default:
					break;
				}
			}
		}
		return 0;
	}

	/**
	 * ECMA-119 §8.4.26.1 dec-datetime: 16 ASCII digits YYYYMMDDHHMMSScc and a signed offset from GMT in 15-minute
	 * intervals.
	 *
	 * @return the instant, or null when unset (all zeros) or invalid
	 */
	static @Nullable Instant decDateTime(byte[] d, int offset) {
		int[] fields = new int[7]; // year, month, day, hour, minute, second, hundredths
		int[] widths = { 4, 2, 2, 2, 2, 2, 2 };
		int at = offset;
		for (int i = 0; i < fields.length; i++) {
			for (int digit = 0; digit < widths[i]; digit++, at++) {
				if (d[at] < '0' || d[at] > '9') {
					return null;
				}
				fields[i] = fields[i] * 10 + d[at] - '0';
			}
		}
		if (fields[0] == 0) {
			return null;
		}
		int quarters = d[offset + 16];
		if (quarters < -48 || quarters > 52) {
			quarters = 0;
		}
		return Sectors.instant(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
				fields[6] * 10_000_000L, quarters * 15 * 60);
	}

	/** ECMA-119 §9.1.5 recording date and time of a directory record (7 bytes); null when unset or invalid. */
	static @Nullable Instant recordDateTime(byte[] d, int offset) {
		int year = u8(d, offset);
		if (year == 0 && u8(d, offset + 1) == 0) {
			return null;
		}
		int quarters = d[offset + 6];
		if (quarters < -48 || quarters > 52) {
			quarters = 0;
		}
		return Sectors.instant(1900 + year, u8(d, offset + 1), u8(d, offset + 2), u8(d, offset + 3),
				u8(d, offset + 4), u8(d, offset + 5), 0, quarters * 15 * 60);
	}
}
