package org.deployforge.cli.internal;

import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.Image;
import org.deployforge.core.ImageTree;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge rm IMAGE PATH... [--index N]}: remove files and folders, one commit. */
@Command(name = "rm", aliases = "delete", description = { "Remove files and folders (recursively) from an image and commit.",
		"A missing PATH is an error and nothing is changed." })
final class RmCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Files or folders inside the image (\\ accepted).")
	List<String> paths;

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	RmCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		try (Image image = open(file, false)) {
			ImageTree tree = image.tree(index(image, index));
			for (String path : paths) {
				tree.remove(imagePath(path));
			}
			commit(image);
		}
		return 0;
	}
}
