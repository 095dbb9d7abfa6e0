package org.deployforge.core;

import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

/**
 * An entry an image holds that is not part of its tree ({@link ImageTree#list}, {@link ImageTree#walk},
 * {@link ImageTree#stat}) because its name cannot be used safely: a name that would leave the target folder
 * ({@code ../x}, {@code C:\x}, {@code \\server\share}, a WIM entry named {@code ..}; see {@link ImagePath#parse}), an
 * empty name, or a name that clashes with another entry. It can never be read or extracted;
 * {@link ImageTree#extract} skips it and reports {@link #reason()} in {@link ExtractResult#skipped()}. Listings show
 * it, marked, so the user sees everything the image holds ({@link ImageTree#leftOut}).
 *
 * @param folder        the canonical in-image folder that holds it ({@code /} for the root). Formats whose names are
 *                      whole paths (a cabinet's CFFILE names, [MS-CAB] §2.3) give the root of the archive
 * @param rawName       the name as stored in the image, control characters shown as {@code \xNN}
 *                      ({@link ImagePath#printable}); for a cabinet the whole stored path ({@code ../x})
 * @param directory     whether the entry is a folder, false where the format does not say
 * @param size          bytes of its data from metadata, -1 where unknown
 * @param attributes    Windows {@code FILE_ATTRIBUTE_*} bits, 0 where unknown
 * @param lastWriteTime last write time, or null where unknown
 * @param reason        why it is left out, the same text {@link ImageTree#extract} reports ("unsafe name '../x': it has
 *                      a '..' component that would climb out of the target folder")
 */
public record LeftOutEntry(String folder, String rawName, boolean directory, long size, long attributes,
		@Nullable Instant lastWriteTime, String reason) {

	/**
	 * @return {@link #folder()} and {@link #rawName()} joined with one {@code /} as text, never normalised
	 *         ({@code /../x}, {@code /C:\x}, {@code /x/..}; a stored {@code /abs/../y} stays {@code /abs/../y}): a name
	 *         to show, not a path to open
	 */
	public String path() {
		String base = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
		return rawName.startsWith("/") ? base + rawName : base + "/" + rawName;
	}

	/** @return {@link #path()} as a listing shows it: facts known from metadata, {@code size} 0 where unknown */
	public ImageEntry asEntry() {
		return new ImageEntry(path(), directory, Math.max(0, size),
				attributes | (directory ? ImageEntry.ATTRIBUTE_DIRECTORY : 0), null, lastWriteTime, null, null,
				java.util.List.of(), 0, 1);
	}
}
