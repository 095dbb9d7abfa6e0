package org.deployforge.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One image index of an image file: an image (edition) of a WIM, the file tree of an ISO, a disk's partitions.
 *
 * @param index          1-based image index (as wimlib and DISM number them)
 * @param name           the image name (WIM {@code NAME}, ISO volume label); may be empty
 * @param description    the description (WIM {@code DESCRIPTION}); may be empty
 * @param fileCount      number of files, or -1 where unknown
 * @param directoryCount number of folders, or -1 where unknown
 * @param totalBytes     bytes of file data once extracted, or -1 where unknown
 * @param creationTime   when the image was created, or null
 * @param lastModificationTime when the image was last changed, or null
 * @param properties     further facts in display order (WIM XML: {@code EDITIONID}, {@code ARCH}, {@code FLAGS}, …)
 */
public record VolumeInfo(int index, String name, String description, long fileCount, long directoryCount,
		long totalBytes, @Nullable Instant creationTime, @Nullable Instant lastModificationTime,
		Map<String, String> properties) {

	public VolumeInfo {
		properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}
}
