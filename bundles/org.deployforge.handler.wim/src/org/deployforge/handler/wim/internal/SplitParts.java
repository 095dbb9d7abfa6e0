package org.deployforge.handler.wim.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deployforge.core.MissingPartException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Names of split WIM parts as DISM and wimlib-imagex write them: {@code install.swm}, then {@code install2.swm},
 * {@code install3.swm}, … beside it.
 */
final class SplitParts {

	private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)(\\.[^.]*)?");

	private SplitParts() {
	}

	/**
	 * @param first      the first part
	 * @param totalParts parts in the set (from the header)
	 * @return every part, first first
	 * @throws MissingPartException naming the first missing part
	 */
	static List<Path> all(Path first, int totalParts) throws MissingPartException {
		List<Path> parts = new ArrayList<>(totalParts);
		parts.add(first);
		for (int number = 2; number <= totalParts; number++) {
			Path part = part(first, number);
			if (!Files.isRegularFile(part)) {
				throw new MissingPartException(first, "part " + number + " of " + totalParts + " of the split set, "
						+ part.getFileName() + ", is missing (it must sit beside " + first.getFileName() + ")");
			}
			parts.add(part);
		}
		return parts;
	}

	/** @return part {@code number} (2 or more) of the set whose first part is {@code first} */
	static Path part(Path first, int number) {
		String name = first.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String base = dot > 0 ? name.substring(0, dot) : name;
		String extension = dot > 0 ? name.substring(dot) : "";
		return first.resolveSibling(base + number + extension);
	}

	/**
	 * @return the probable first part of the set {@code part} belongs to ({@code install3.swm} → {@code install.swm}),
	 *         or null
	 */
	static @Nullable Path firstPartOf(Path part) {
		Matcher matcher = NUMBERED.matcher(part.getFileName().toString());
		if (!matcher.matches()) {
			return null;
		}
		String extension = matcher.group(3) == null ? "" : matcher.group(3);
		return part.resolveSibling(matcher.group(1) + extension);
	}
}
