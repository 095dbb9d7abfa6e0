package org.deployforge.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge add IMAGE SOURCE PATH_IN_IMAGE [--index N]}: copy a host file or folder in, one commit. */
@Command(name = "add", description = { "Add a file or folder (recursively) to an image and commit.",
		"What is at PATH_IN_IMAGE is replaced. The commit writes a new file beside the image and renames",
		"it over the original, so an interruption leaves the original as it was." })
final class AddCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Parameters(index = "1", paramLabel = "SOURCE", description = "A file or folder on this machine.")
	Path source;

	@Parameters(index = "2", paramLabel = "PATH_IN_IMAGE", description = "Where it goes inside the image (\\ accepted).")
	String target;

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	AddCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		if (!Files.exists(source)) {
			throw new ImageException(source, "no such file or folder");
		}
		try (Image image = open(file, false)) {
			int chosen = index(image, index);
			image.tree(chosen).add(source.toAbsolutePath(), imagePath(target));
			commit(image);
		}
		return 0;
	}
}
