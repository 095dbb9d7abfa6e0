package org.deployforge.wimlib.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.core.ImageEntry;
import org.eclipse.jdt.annotation.Nullable;

import com.sun.jna.Pointer;

/**
 * Reads a {@code struct wimlib_dir_entry} into an {@link ImageEntry}: one bulk copy of the fixed part and of the stream
 * entries per entry (no reflection, no per-field native calls), plus the path string.
 */
public final class WimEntries {

	/** FILETIME 0 (1601-01-01) in Unix seconds, how wimlib reports "no time". */
	private static final long FILETIME_ZERO_SECONDS = -11_644_473_600L;
	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final byte[] fixed = new byte[WimLib.Layout.DE_STREAMS];
	private byte[] streams = new byte[WimLib.Layout.STREAM_ENTRY_SIZE * 4];

	/** Reads one entry; {@code dentry} is valid only during the callback. */
	public ImageEntry read(Pointer dentry) {
		dentry.read(0, fixed, 0, fixed.length);
		int attributes = intAt(fixed, WimLib.Layout.DE_ATTRIBUTES);
		int reparseTag = intAt(fixed, WimLib.Layout.DE_REPARSE_TAG);
		int links = intAt(fixed, WimLib.Layout.DE_NUM_LINKS);
		int named = intAt(fixed, WimLib.Layout.DE_NUM_NAMED_STREAMS);
		int streamBytes = (1 + named) * WimLib.Layout.STREAM_ENTRY_SIZE;
		if (streams.length < streamBytes) {
			streams = new byte[streamBytes];
		}
		dentry.read(WimLib.Layout.DE_STREAMS, streams, 0, streamBytes);
		Pointer fullPath = dentry.getPointer(WimLib.Layout.DE_FULL_PATH);
		String path = fullPath == null ? "/" : fullPath.getString(0, "UTF-8");
		if (path.isEmpty()) {
			path = "/";
		}
		boolean directory = (attributes & ImageEntry.ATTRIBUTE_DIRECTORY) != 0;
		int resource = WimLib.Layout.SE_RESOURCE;
		long size = longAt(streams, resource + WimLib.Layout.RE_UNCOMPRESSED_SIZE);
		String sha1 = sha1(streams, resource + WimLib.Layout.RE_SHA1);
		List<String> namedStreams = List.of();
		if (named > 0) {
			namedStreams = new ArrayList<>(named);
			for (int i = 1; i <= named; i++) {
				Pointer name = dentry.getPointer(WimLib.Layout.DE_STREAMS + (long) i * WimLib.Layout.STREAM_ENTRY_SIZE
						+ WimLib.Layout.SE_NAME);
				if (name != null) {
					namedStreams.add(name.getString(0, "UTF-8"));
				}
			}
		}
		return new ImageEntry(path, directory, directory ? 0 : size, attributes & 0xFFFFFFFFL,
				time(WimLib.Layout.DE_CREATION_TIME), time(WimLib.Layout.DE_LAST_WRITE_TIME),
				time(WimLib.Layout.DE_LAST_ACCESS_TIME), directory ? null : sha1, namedStreams,
				(attributes & ImageEntry.ATTRIBUTE_REPARSE_POINT) != 0 ? reparseTag & 0xFFFFFFFFL : 0,
				Math.max(1, links));
	}

	/** @return the SHA-1 of the first (unnamed) stream, or null when it has no data */
	public @Nullable String lastUnnamedSha1() {
		return sha1(streams, WimLib.Layout.SE_RESOURCE + WimLib.Layout.RE_SHA1);
	}

	private @Nullable Instant time(int offset) {
		long seconds = longAt(fixed, offset);
		long nanos = longAt(fixed, offset + 8);
		if (seconds == FILETIME_ZERO_SECONDS && nanos == 0) {
			return null;
		}
		return Instant.ofEpochSecond(seconds, nanos);
	}

	/** @return 40 lower-case hex digits, or null for the all-zero hash (no data) */
	static @Nullable String sha1(byte[] bytes, int offset) {
		boolean zero = true;
		for (int i = 0; i < 20; i++) {
			if (bytes[offset + i] != 0) {
				zero = false;
				break;
			}
		}
		if (zero) {
			return null;
		}
		char[] hex = new char[40];
		for (int i = 0; i < 20; i++) {
			int value = bytes[offset + i] & 0xFF;
			hex[2 * i] = HEX[value >>> 4];
			hex[2 * i + 1] = HEX[value & 0xF];
		}
		return new String(hex);
	}

	static int intAt(byte[] bytes, int offset) {
		return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8 | (bytes[offset + 2] & 0xFF) << 16
				| (bytes[offset + 3] & 0xFF) << 24;
	}

	static long longAt(byte[] bytes, int offset) {
		return (intAt(bytes, offset) & 0xFFFFFFFFL) | ((long) intAt(bytes, offset + 4)) << 32;
	}
}
