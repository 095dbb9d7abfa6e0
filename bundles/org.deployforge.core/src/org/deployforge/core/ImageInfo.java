package org.deployforge.core;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an image file is: its format, its image indexes and container-level facts.
 *
 * @param file       the image file
 * @param format     the format (WIM, ESD, ISO, …)
 * @param fileSize   size of the file in bytes (of all parts, for split images)
 * @param volumes    the image indexes, in index order (1-based)
 * @param bootIndex  the index of the bootable image (WIM boot index), 0 where none is set
 * @param properties container-level facts in display order (compression, chunk size, part 1 of 2, GUID, …)
 */
public record ImageInfo(Path file, ImageFormat format, long fileSize, List<VolumeInfo> volumes, int bootIndex,
		Map<String, String> properties) {

	public ImageInfo {
		volumes = List.copyOf(volumes);
		properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	/** @return the number of image indexes */
	public int imageCount() {
		return volumes.size();
	}
}
