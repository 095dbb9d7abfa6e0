package org.deployforge.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService.Detection;
import org.deployforge.core.NoHandlerException;
import org.deployforge.core.capability.JoinCapability;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deployforge join FIRST.swm DEST.wim}: one image file from a split set. */
@Command(name = "join", description = { "Join the parts of a split image into one file (as wimlib-imagex join).",
		"The other parts (FIRST2.swm, FIRST3.swm, …) are found beside the first one." })
final class JoinCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "FIRST.swm", description = "The first part of the split set.")
	Path firstPart;

	@Parameters(index = "1", paramLabel = "DEST.wim", description = "The joined image file to write.")
	Path destination;

	JoinCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		if (Files.exists(destination)) {
			throw new ImageException(destination, "already exists; join writes a new file");
		}
		Detection detection = context.service().detect(firstPart);
		ImageHandler handler = detection.handler().orElseThrow(() -> detection.recognised().isPresent()
				? new NoHandlerException(firstPart, detection.recognised().get())
				: new ImageException(firstPart, "not a split image any installed handler recognises"));
		ImageFormat format = detection.recognised().orElse(handler.formats().get(0));
		JoinCapability join = capability(handler, format, firstPart, JoinCapability.class, "join");
		try (ConsoleProgress progress = progress("Joining")) {
			join.join(firstPart, destination, progress);
		}
		out().printf("Joined %s into %s (%s)%n", firstPart, destination, Text.bytes(Files.size(destination)));
		return 0;
	}
}
