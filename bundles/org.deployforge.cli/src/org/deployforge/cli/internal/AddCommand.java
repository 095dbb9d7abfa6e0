package org.deployforge.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageTree;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge add IMAGE SOURCE PATH_IN_IMAGE [--index N]}: copy a host file or folder in, one commit. */
@Command(name = "add", description = { "Add a file or folder (recursively) to an image and commit.",
		"As wimlib-imagex update add: a file at PATH_IN_IMAGE is replaced, a folder is merged into the folder",
		"there (its files replaced); a file onto a folder or a folder onto a file is refused unless --force.",
		"The commit writes a new file beside the image and renames it over the original, so an interruption",
		"leaves the original as it was." })
final class AddCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Parameters(index = "1", paramLabel = "SOURCE", description = "A file or folder on this machine.")
	Path source;

	@Parameters(index = "2", paramLabel = "PATH_IN_IMAGE", description = "Where it goes inside the image (\\ accepted).")
	String target;

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	@Option(names = "--force", description = "Replace a folder at PATH_IN_IMAGE with a file, or a file with a folder.")
	boolean force;

	AddCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		if (!Files.exists(source)) {
			throw new ImageException(source, "no such file or folder");
		}
		try (Image image = open(file, false)) {
			ImageTree tree = image.tree(index(image, index));
			String path = imagePath(target);
			Optional<ImageEntry> existing = tree.find(path);
			boolean folder = Files.isDirectory(source);
			if (existing.isPresent() && existing.get().directory() != folder) {
				if (!force) {
					throw new ImageException(image.file(), existing.get().path() + " already exists in image "
							+ tree.index() + " as a " + (folder ? "file" : "folder") + " (use --force to replace it)");
				}
				tree.remove(existing.get().path());
			}
			tree.add(source.toAbsolutePath(), existing.map(ImageEntry::path).orElse(path));
			commit(image);
		}
		return 0;
	}
}
