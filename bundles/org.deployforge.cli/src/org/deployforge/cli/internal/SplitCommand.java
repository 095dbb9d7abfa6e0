package org.deployforge.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.capability.SplitCapability;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge split IMAGE DEST.swm --part-size MIB}: a split set (install.swm, install2.swm, …). */
@Command(name = "split", description = { "Split an image into parts of at most MIB mebibytes (as wimlib-imagex split).",
		"Parts are DEST.swm, DEST2.swm, …; a single file larger than the part size gets a larger part." })
final class SplitCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file to split.")
	Path file;

	@Parameters(index = "1", paramLabel = "DEST.swm", description = "The first part's file name.")
	Path firstPart;

	@Option(names = "--force", description = "Replace parts that exist (each written beside, then renamed over it).")
	boolean force;

	@Option(names = "--part-size", required = true, paramLabel = "MIB", description = "The largest part size in MiB (1,048,576 bytes).")
	long partSize;

	SplitCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		if (partSize <= 0) {
			throw new UsageException("--part-size must be a positive number of MiB, not " + partSize);
		}
		Destinations.check(firstPart, force);
		List<Path> others = otherParts(firstPart);
		if (!force && !others.isEmpty()) {
			throw new ImageException(others.get(0), "already exists (named like a later part of DEST; use --force to"
					+ " replace it)");
		}
		try (Image image = open(file, true)) {
			SplitCapability split = capability(image, SplitCapability.class, "split");
			List<Path> parts;
			try (ConsoleProgress progress = progress("Splitting", image.info().fileSize(), false)) {
				parts = split.split(firstPart, partSize * 1024 * 1024, progress);
			}
			out().printf("Split %s into %s:%n", file, plural(parts.size(), "part"));
			for (Path part : parts) {
				out().printf("  %s  %s%n", part, Text.bytes(Files.size(part)));
			}
		}
		return 0;
	}

	/** @return the files beside DEST.swm named like its later parts: DEST2.swm, DEST3.swm, … */
	static List<Path> otherParts(Path firstPart) throws IOException {
		Path folder = firstPart.toAbsolutePath().getParent();
		String name = firstPart.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String stem = dot < 0 ? name : name.substring(0, dot);
		String extension = dot < 0 ? "" : name.substring(dot);
		Pattern part = Pattern.compile(Pattern.quote(stem) + "[0-9]+" + Pattern.quote(extension));
		if (folder == null || !Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(file -> part.matcher(file.getFileName().toString()).matches()).sorted().toList();
		}
	}
}
