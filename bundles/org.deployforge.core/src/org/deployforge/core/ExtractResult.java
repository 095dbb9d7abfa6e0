package org.deployforge.core;

import java.util.List;

/**
 * What an extraction wrote.
 *
 * @param files   files written (-1 where unknown, see
 *                {@link org.deployforge.core.capability.ApplyCapability#applyAndReport})
 * @param folders folders created (-1 where unknown)
 * @param bytes   bytes of file data written (-1 where unknown)
 * @param skipped entries not written, each with the reason ("unsafe name '../x': …")
 */
public record ExtractResult(long files, long folders, long bytes, List<String> skipped) {

	public ExtractResult {
		skipped = List.copyOf(skipped);
	}
}
