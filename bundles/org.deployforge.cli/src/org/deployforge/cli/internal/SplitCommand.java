package org.deployforge.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.Image;
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
}
