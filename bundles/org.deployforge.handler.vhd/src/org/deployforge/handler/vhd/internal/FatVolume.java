package org.deployforge.handler.vhd.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A FAT12/16/32 partition (typically the EFI System partition), read-only, through {@code 7zz} on the partition
 * exported as a plain file: {@code 7zz l -slt -tfat} lists every entry once (path, folder flag, size, modified /
 * created / accessed times, attribute letters), {@code 7zz x -so -tfat FILE PATH} streams one file. FAT times are
 * local times without a zone; they are reported as if UTC.
 */
final class FatVolume {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SS]");

	private final Path image;
	private final Path partitionFile;
	private final String prefix;
	private final Map<String, ImageEntry> entries = new HashMap<>();
	private final Map<String, List<String>> children = new LinkedHashMap<>();

	/**
	 * @param prefix the partition folder in the image tree, e.g. {@code /1-EFI}
	 */
	FatVolume(Path image, Path partitionFile, String prefix) throws ImageException {
		this.image = image;
		this.partitionFile = partitionFile;
		this.prefix = prefix;
		entries.put(prefix, ImageEntry.simple(prefix, true, 0, null));
		children.put(prefix, new ArrayList<>());
		Tool.Result listing = Tool.ok(image, null, 5, List.of("7zz", "l", "-slt", "-tfat", "-sccUTF-8",
				partitionFile.toString()));
		String[] blocks = listing.stdout().split("\n----------\n", 2);
		if (blocks.length < 2) {
			return; // an empty file system
		}
		for (String block : blocks[1].split("\n\n")) {
			Map<String, String> fields = new HashMap<>();
			for (String line : block.split("\n")) {
				int equals = line.indexOf(" = ");
				if (equals > 0) {
					fields.put(line.substring(0, equals), line.substring(equals + 3));
				} else if (line.endsWith(" =")) {
					fields.put(line.substring(0, line.length() - 2), "");
				}
			}
			String path = fields.get("Path");
			if (path == null || path.isEmpty()) {
				continue;
			}
			String full = prefix + "/" + path;
			boolean directory = "+".equals(fields.get("Folder"));
			String letters = fields.getOrDefault("Attributes", "");
			long attributes = (letters.contains("R") ? ImageEntry.ATTRIBUTE_READONLY : 0) | (letters.contains("H")
					? ImageEntry.ATTRIBUTE_HIDDEN : 0) | (letters.contains("S") ? ImageEntry.ATTRIBUTE_SYSTEM : 0)
					| (letters.contains("A") ? ImageEntry.ATTRIBUTE_ARCHIVE : 0) | (directory
							? ImageEntry.ATTRIBUTE_DIRECTORY : 0);
			long size = directory ? 0 : parseLong(fields.get("Size"));
			entries.put(full, new ImageEntry(full, directory, size, attributes, time(fields.get("Created")), time(
					fields.get("Modified")), time(fields.get("Accessed")), null, List.of(), 0, 1));
			String parent = full.substring(0, full.lastIndexOf('/'));
			children.computeIfAbsent(parent, k -> new ArrayList<>()).add(full);
			if (directory) {
				children.computeIfAbsent(full, k -> new ArrayList<>());
			}
		}
	}

	private static long parseLong(@Nullable String value) {
		try {
			return value == null || value.isBlank() ? 0 : Long.parseLong(value.strip());
		} catch (NumberFormatException e) {
			return 0;
		}
	}

	private static @Nullable Instant time(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(value.strip(), TIME).toInstant(ZoneOffset.UTC);
		} catch (DateTimeParseException e) {
			return null;
		}
	}

	/** Finds an entry, matching names case-insensitively as FAT does. */
	ImageEntry stat(String path) throws ImageException {
		ImageEntry entry = entries.get(path);
		if (entry == null) {
			for (var candidate : entries.entrySet()) {
				if (candidate.getKey().equalsIgnoreCase(path)) {
					return candidate.getValue();
				}
			}
			throw new EntryNotFoundException(image, "no such file or folder: " + path);
		}
		return entry;
	}

	List<ImageEntry> list(String directory) throws ImageException {
		ImageEntry entry = stat(directory);
		if (!entry.directory()) {
			throw new ImageException(image, directory + " is a file, not a folder");
		}
		List<ImageEntry> result = new ArrayList<>();
		for (String child : children.getOrDefault(entry.path(), List.of())) {
			result.add(entries.get(child));
		}
		return result;
	}

	InputStream read(String path) throws ImageException {
		ImageEntry entry = stat(path);
		if (entry.directory()) {
			throw new ImageException(image, path + " is a folder, not a file");
		}
		String inside = entry.path().substring(prefix.length() + 1);
		Process process;
		try {
			process = new ProcessBuilder("7zz", "x", "-so", "-tfat", "-sccUTF-8", partitionFile.toString(), inside)
					.redirectError(ProcessBuilder.Redirect.DISCARD).start();
		} catch (IOException e) {
			throw new ImageException(image, "cannot run 7zz (Debian package 7zip): " + e.getMessage(), e);
		}
		Process started = process;
		return new FilterInputStream(process.getInputStream()) {
			@Override
			public void close() throws IOException {
				super.close();
				try {
					if (!started.waitFor(30, TimeUnit.SECONDS)) {
						started.destroyForcibly();
						throw new IOException(image + ": 7zz did not finish reading " + path);
					}
					if (started.exitValue() != 0) {
						throw new IOException(image + ": 7zz could not read " + path + " (exit code " + started
								.exitValue() + "): the FAT file system may be damaged");
					}
				} catch (InterruptedException e) {
					started.destroyForcibly();
					Thread.currentThread().interrupt();
				}
			}
		};
	}
}
