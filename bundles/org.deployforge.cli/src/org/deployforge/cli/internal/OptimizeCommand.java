package org.deployforge.cli.internal;

import java.nio.file.Path;

import org.deployforge.core.Image;
import org.deployforge.core.capability.OptimizeCapability;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge optimize IMAGE [--recompress]}: rebuild without wasted space (as wimlib-imagex optimize). */
@Command(name = "optimize", description = { "Rebuild an image without wasted space (as wimlib-imagex optimize).",
		"The new file is written beside the image and renamed over it." })
final class OptimizeCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Option(names = "--recompress", description = "Also recompress every stream (slower, smaller).")
	boolean recompress;

	OptimizeCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		long[] sizes;
		try (Image image = open(file, false)) {
			OptimizeCapability optimize = capability(image, OptimizeCapability.class, "optimize");
			try (ConsoleProgress progress = progress("Optimizing", image.info().fileSize(), false)) {
				sizes = optimize.optimize(recompress, progress);
			}
		}
		out().printf("%s: %s before, %s after (%+,d bytes)%n", file, Text.bytes(sizes[0]), Text.bytes(sizes[1]),
				sizes[1] - sizes[0]);
		return 0;
	}
}
