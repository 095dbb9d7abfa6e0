package org.deployforge.core;

import java.util.List;

/**
 * What an extraction wrote.
 *
 * @param files   files written
 * @param folders folders created
 * @param bytes   bytes of file data written
 * @param skipped entries not written, each with the reason ("unsafe name '../x': …")
 */
public record ExtractResult(long files, long folders, long bytes, List<String> skipped) {

	public ExtractResult {
		skipped = List.copyOf(skipped);
	}
}
