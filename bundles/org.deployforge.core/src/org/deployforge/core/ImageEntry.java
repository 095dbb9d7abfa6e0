package org.deployforge.core;

import java.time.Instant;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One file or folder inside an image, as its metadata describes it (listing never decompresses).
 *
 * @param path           absolute in-image path with {@code /} separators ({@code /Windows/notepad.exe}); the root is {@code /}
 * @param directory      whether the entry is a folder
 * @param size           size of the unnamed data stream in bytes (0 for folders)
 * @param attributes     Windows file attributes ({@code FILE_ATTRIBUTE_*}, e.g. 0x10 directory, 0x400 reparse point); 0 where the format has none
 * @param creationTime   creation time, or null where the format does not record it
 * @param lastWriteTime  last modification time, or null where the format does not record it
 * @param lastAccessTime last access time, or null where the format does not record it
 * @param sha1           SHA-1 of the unnamed data stream as 40 lower-case hex digits, where the format stores it (WIM); null otherwise
 * @param namedStreams   names of alternate data streams (NTFS {@code file:name}); empty for none
 * @param reparseTag     the reparse tag ({@code IO_REPARSE_TAG_*}) of a reparse point (symbolic link, junction), 0 for none
 * @param linkCount      number of hard links to the same file (1 for an ordinary file)
 */
public record ImageEntry(String path, boolean directory, long size, long attributes, @Nullable Instant creationTime,
		@Nullable Instant lastWriteTime, @Nullable Instant lastAccessTime, @Nullable String sha1,
		List<String> namedStreams, long reparseTag, int linkCount) {

	/** {@code FILE_ATTRIBUTE_READONLY} */
	public static final long ATTRIBUTE_READONLY = 0x1;
	/** {@code FILE_ATTRIBUTE_HIDDEN} */
	public static final long ATTRIBUTE_HIDDEN = 0x2;
	/** {@code FILE_ATTRIBUTE_SYSTEM} */
	public static final long ATTRIBUTE_SYSTEM = 0x4;
	/** {@code FILE_ATTRIBUTE_DIRECTORY} */
	public static final long ATTRIBUTE_DIRECTORY = 0x10;
	/** {@code FILE_ATTRIBUTE_ARCHIVE} */
	public static final long ATTRIBUTE_ARCHIVE = 0x20;
	/** {@code FILE_ATTRIBUTE_REPARSE_POINT} */
	public static final long ATTRIBUTE_REPARSE_POINT = 0x400;
	/** {@code FILE_ATTRIBUTE_COMPRESSED} */
	public static final long ATTRIBUTE_COMPRESSED = 0x800;

	public ImageEntry {
		namedStreams = List.copyOf(namedStreams);
	}

	/** A plain file or folder entry with only a size and a modification time. */
	public static ImageEntry simple(String path, boolean directory, long size, @Nullable Instant lastWriteTime) {
		return new ImageEntry(path, directory, size, directory ? ATTRIBUTE_DIRECTORY : 0, null, lastWriteTime, null, null,
				List.of(), 0, 1);
	}

	/** @return the last path component ({@code notepad.exe}); empty for the root */
	public String name() {
		int slash = path.lastIndexOf('/');
		return path.substring(slash + 1);
	}

	public boolean isReparsePoint() {
		return reparseTag != 0 || (attributes & ATTRIBUTE_REPARSE_POINT) != 0;
	}

	public boolean isHardLinked() {
		return linkCount > 1;
	}

	/** @return six letters: d(irectory) r(ead-only) h(idden) s(ystem) a(rchive) l(ink/reparse point), {@code -} where unset */
	public String attributeLetters() {
		StringBuilder letters = new StringBuilder(6);
		letters.append(directory ? 'd' : '-');
		letters.append((attributes & ATTRIBUTE_READONLY) != 0 ? 'r' : '-');
		letters.append((attributes & ATTRIBUTE_HIDDEN) != 0 ? 'h' : '-');
		letters.append((attributes & ATTRIBUTE_SYSTEM) != 0 ? 's' : '-');
		letters.append((attributes & ATTRIBUTE_ARCHIVE) != 0 ? 'a' : '-');
		letters.append(isReparsePoint() ? 'l' : '-');
		return letters.toString();
	}
}
