package org.deployforge.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The formats DeployForge recognises by their signatures even when no handler for them is installed,
 * so that a user is told "no handler installed for VHDX" rather than "unknown format".
 * <p>
 * Signatures and their sources:
 * <ul>
 * <li>WIM family: {@code MSWIM\0\0\0} at offset 0 (pipable WIM: {@code WLPWM\0\0\0}); header
 * field {@code dwVersion} (offset 12, little-endian) is {@code 0xE00} for solid (LZMS) images,
 * which is what an ESD is; {@code usTotalParts} (offset 42) above 1 marks a split WIM (SWM part)
 * (Microsoft "Windows Imaging File Format" §2.2; wimlib {@code include/wimlib/header.h}).</li>
 * <li>ISO 9660: standard identifier {@code CD001} at byte 1 of sector 16 (offset 32769)
 * (ECMA-119 §8.1). UDF: Beginning Extended Area descriptor {@code BEA01} and {@code NSR02} or
 * {@code NSR03} in the Volume Recognition Sequence from sector 16 on (ECMA-167 2/9.1).</li>
 * <li>VHD: {@code conectix} cookie of the 512-byte footer in the last 512 bytes (dynamic disks
 * also at offset 0) (Microsoft "Virtual Hard Disk Image Format Specification" §"Hard Disk Footer Format").</li>
 * <li>VHDX: {@code vhdxfile} at offset 0 ([MS-VHDX] §2.2.1).</li>
 * <li>Cabinet: {@code MSCF} at offset 0 ([MS-CAB] §2.1); a .msu is a cabinet named .msu.</li>
 * <li>Registry hive: {@code regf} at offset 0 (the base block of a hive file).</li>
 * </ul>
 */
public final class KnownFormats {

	public static final ImageFormat WIM = ImageFormat.of("wim", "Windows Imaging Format (WIM)", "wim");
	public static final ImageFormat ESD = ImageFormat.of("esd", "Electronic Software Download (solid WIM)", "esd");
	public static final ImageFormat SWM = ImageFormat.of("swm", "Split WIM (SWM)", "swm");
	public static final ImageFormat PPKG = ImageFormat.of("ppkg", "Provisioning package (PPKG)", "ppkg");
	public static final ImageFormat ISO = ImageFormat.of("iso", "ISO 9660 / UDF optical image", "iso");
	public static final ImageFormat VHD = ImageFormat.of("vhd", "Virtual Hard Disk (VHD)", "vhd");
	public static final ImageFormat VHDX = ImageFormat.of("vhdx", "Virtual Hard Disk v2 (VHDX)", "vhdx");
	public static final ImageFormat CAB = ImageFormat.of("cab", "Cabinet (CAB)", "cab");
	public static final ImageFormat MSU = ImageFormat.of("msu", "Microsoft Update Standalone Package (MSU)", "msu");
	public static final ImageFormat HIVE = ImageFormat.of("hive", "Registry hive", "dat", "hiv");

	/** Every format recognised by signature, in the order they are tried. */
	public static final List<ImageFormat> ALL = List.of(WIM, ESD, SWM, PPKG, ISO, VHD, VHDX, CAB, MSU, HIVE);

	/** WIM header {@code dwVersion} of solid-resource (LZMS "ESD") images. */
	public static final int WIM_VERSION_SOLID = 0xE00;

	private static final byte[] WIM_MAGIC = "MSWIM\0\0\0".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] PIPABLE_WIM_MAGIC = "WLPWM\0\0\0".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] ISO9660 = "CD001".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] VHD_COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] VHDX_SIGNATURE = "vhdxfile".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] CAB_SIGNATURE = "MSCF".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] HIVE_SIGNATURE = "regf".getBytes(StandardCharsets.US_ASCII);
	private static final int SECTOR = 2048;
	private static final int FIRST_DESCRIPTOR_SECTOR = 16;

	private KnownFormats() {
	}

	/**
	 * Recognises a file by its signatures alone.
	 *
	 * @param input the first and last bytes of the file
	 * @return the format, or empty when no known signature matches
	 */
	public static Optional<ImageFormat> recognise(ProbeInput input) {
		if (input.startsWith(WIM_MAGIC) || input.startsWith(PIPABLE_WIM_MAGIC)) {
			return Optional.of(wimFamilyMember(input));
		}
		if (input.startsWith(VHDX_SIGNATURE)) {
			return Optional.of(VHDX);
		}
		if (input.tailStartsWith(VHD_COOKIE) || input.startsWith(VHD_COOKIE)) {
			return Optional.of(VHD);
		}
		if (input.startsWith(CAB_SIGNATURE)) {
			return Optional.of(MSU.matchesName(input.fileName()) ? MSU : CAB);
		}
		if (input.startsWith(HIVE_SIGNATURE)) {
			return Optional.of(HIVE);
		}
		if (isOpticalImage(input)) {
			return Optional.of(ISO);
		}
		return Optional.empty();
	}

	/** @return whether an ISO 9660 or UDF volume recognition sequence starts at sector 16 */
	public static boolean isOpticalImage(ProbeInput input) {
		if (input.matchesAt(FIRST_DESCRIPTOR_SECTOR * SECTOR + 1, ISO9660)) {
			return true;
		}
		return hasUdfRecognitionSequence(input);
	}

	/** @return whether a BEA01 descriptor followed by NSR02/NSR03 sits in the volume recognition area */
	public static boolean hasUdfRecognitionSequence(ProbeInput input) {
		boolean beginning = false;
		for (int sector = FIRST_DESCRIPTOR_SECTOR; sector < FIRST_DESCRIPTOR_SECTOR + 16; sector++) {
			long offset = (long) sector * SECTOR + 1;
			if (input.matchesAt(offset, "BEA01".getBytes(StandardCharsets.US_ASCII))) {
				beginning = true;
			} else if (beginning && (input.matchesAt(offset, "NSR02".getBytes(StandardCharsets.US_ASCII))
					|| input.matchesAt(offset, "NSR03".getBytes(StandardCharsets.US_ASCII)))) {
				return true;
			}
		}
		return false;
	}

	private static ImageFormat wimFamilyMember(ProbeInput input) {
		if (PPKG.matchesName(input.fileName())) {
			return PPKG;
		}
		int totalParts = input.uint16LittleEndian(42);
		if (totalParts > 1 || SWM.matchesName(input.fileName())) {
			return SWM;
		}
		if (input.int32LittleEndian(12) == WIM_VERSION_SOLID || ESD.matchesName(input.fileName())) {
			return ESD;
		}
		return WIM;
	}
}
