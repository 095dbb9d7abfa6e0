package org.deployforge.cli.internal;

import java.nio.file.Path;

import org.deployforge.core.Image;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge mv IMAGE FROM TO [--index N]}: rename or move inside an image, one commit. */
@Command(name = "mv", aliases = "rename", description = "Rename or move a file or folder inside an image and commit.")
final class MvCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Parameters(index = "1", paramLabel = "FROM", description = "The current path inside the image (\\ accepted).")
	String from;

	@Parameters(index = "2", paramLabel = "TO", description = "The new path inside the image.")
	String to;

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	MvCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		try (Image image = open(file, false)) {
			image.tree(index(image, index)).rename(imagePath(from), imagePath(to));
			commit(image);
		}
		return 0;
	}
}
