package org.deployforge.wimlib.internal;

import java.util.HexFormat;

import com.sun.jna.Pointer;

/**
 * {@code struct wimlib_wim_info} (wimlib_get_wim_info).
 *
 * @param guid             the WIM GUID, 32 lower-case hex digits
 * @param imageCount       number of images
 * @param bootIndex        1-based boot index, 0 for none
 * @param wimVersion       header version: 0x10D00 (68864) ordinary, 0xE00 (3584) solid ("ESD")
 * @param chunkSize        default compression chunk size in bytes
 * @param partNumber       1-based part number of a split set, else 1
 * @param totalParts       parts of a split set, else 1
 * @param compressionType  {@code enum wimlib_compression_type}
 * @param totalBytes       size of the file in bytes excluding XML data and integrity table
 * @param flags            the bit field: bit 0 integrity table, 1 opened from file, 2 read-only, 3 reparse-point fix,
 *                         4 marked read-only, 5 spanned, 6 write in progress, 7 metadata only, 8 resource only, 9 pipable
 */
public record WimInfo(String guid, int imageCount, int bootIndex, int wimVersion, int chunkSize, int partNumber,
		int totalParts, int compressionType, long totalBytes, int flags) {

	static WimInfo read(Pointer info) {
		byte[] guid = info.getByteArray(WimLib.Layout.WI_GUID, 16);
		return new WimInfo(HexFormat.of().formatHex(guid), info.getInt(WimLib.Layout.WI_IMAGE_COUNT),
				info.getInt(WimLib.Layout.WI_BOOT_INDEX), info.getInt(WimLib.Layout.WI_WIM_VERSION),
				info.getInt(WimLib.Layout.WI_CHUNK_SIZE), info.getShort(WimLib.Layout.WI_PART_NUMBER) & 0xFFFF,
				info.getShort(WimLib.Layout.WI_TOTAL_PARTS) & 0xFFFF, info.getInt(WimLib.Layout.WI_COMPRESSION_TYPE),
				info.getLong(WimLib.Layout.WI_TOTAL_BYTES), info.getInt(WimLib.Layout.WI_FLAGS));
	}

	public boolean hasIntegrityTable() {
		return (flags & 1) != 0;
	}

	public boolean isReadOnly() {
		return (flags & (1 << 2)) != 0;
	}

	public boolean isPipable() {
		return (flags & (1 << 9)) != 0;
	}

	/** @return the compression type name as wiminfo prints it: None, XPRESS, LZX, LZMS */
	public String compressionName() {
		return compressionName(compressionType);
	}

	public static String compressionName(int type) {
		return switch (type) {
		case WimLib.COMPRESSION_NONE -> "None";
		case WimLib.COMPRESSION_XPRESS -> "XPRESS";
		case WimLib.COMPRESSION_LZX -> "LZX";
		case WimLib.COMPRESSION_LZMS -> "LZMS";
		default -> "unknown (" + type + ")";
		};
	}
}
