package org.deployforge.core;

import java.util.List;
import java.util.Locale;

/**
 * A file format DeployForge can recognise, for example WIM or VHDX.
 *
 * @param id          short stable identifier used on the command line and in JSON ({@code "wim"}, {@code "vhdx"})
 * @param displayName the name people use ({@code "Windows Imaging Format (WIM)"})
 * @param extensions  file name extensions without the dot, lower case ({@code "wim"}); may be empty
 */
public record ImageFormat(String id, String displayName, List<String> extensions) {

	public ImageFormat {
		if (id.isBlank()) {
			throw new IllegalArgumentException("format id must not be blank");
		}
		extensions = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
	}

	public static ImageFormat of(String id, String displayName, String... extensions) {
		return new ImageFormat(id, displayName, List.of(extensions));
	}

	/** @return whether the file name ends with one of this format's extensions (case-insensitive) */
	public boolean matchesName(String fileName) {
		String lower = fileName.toLowerCase(Locale.ROOT);
		return extensions.stream().anyMatch(e -> lower.endsWith("." + e));
	}

	/** @return the short name shown in messages, e.g. "VHDX" */
	public String shortName() {
		return id.toUpperCase(Locale.ROOT);
	}
}
