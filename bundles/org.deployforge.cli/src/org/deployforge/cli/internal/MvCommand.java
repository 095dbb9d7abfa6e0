package org.deployforge.cli.internal;

import java.nio.file.Path;
import java.util.Optional;

import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageTree;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge mv IMAGE FROM TO [--index N]}: rename or move inside an image, one commit. */
@Command(name = "mv", aliases = "rename", description = { "Rename or move a file or folder inside an image and commit.",
		"An existing TO is refused (as wimlib renames) unless --force replaces it." })
final class MvCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Parameters(index = "1", paramLabel = "FROM", description = "The current path inside the image (\\ accepted).")
	String from;

	@Parameters(index = "2", paramLabel = "TO", description = "The new path inside the image.")
	String to;

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	@Option(names = "--force", description = "Replace what is at TO (removed in the same commit).")
	boolean force;

	MvCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		try (Image image = open(file, false)) {
			ImageTree tree = image.tree(index(image, index));
			String source = imagePath(from);
			String target = imagePath(to);
			ImageEntry moved = tree.stat(source);
			Optional<ImageEntry> existing = tree.find(target);
			// a change of case only (/a -> /A) finds the entry itself: that is a rename, not a replacement
			if (existing.isPresent() && !existing.get().path().equals(moved.path())) {
				if (!force) {
					throw new ImageException(image.file(), existing.get().path() + " already exists in image "
							+ tree.index() + " (use --force to replace it)");
				}
				tree.remove(existing.get().path());
			}
			tree.rename(moved.path(), target);
			commit(image);
		}
		return 0;
	}
}
