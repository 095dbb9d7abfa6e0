package org.deployforge.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageTree;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deployforge extract IMAGE PATH... --dest DIR [--index N]}: files and folders out of an image, never outside
 * DIR, times kept, no partial file left behind when data is damaged.
 */
@Command(name = "extract", description = { "Extract files and folders from an image into a folder (as wimlib-imagex extract).",
		"Each PATH lands in DIR under its own name; folders are extracted with everything below them.",
		"Names that would leave DIR ('..', drive letters, links) are skipped and reported (exit 1)." })
final class ExtractCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Files or folders inside the image (\\ accepted; / for everything).")
	List<String> paths;

	@Option(names = "--dest", required = true, paramLabel = "DIR", description = "The folder to write into (created if missing).")
	Path destination;

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	ExtractCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		if (Files.exists(destination) && !Files.isDirectory(destination)) {
			throw new ImageException(destination, "is a file; --dest takes a folder (created if missing)");
		}
		try (Image image = open(file, true)) {
			int chosen = index(image, index);
			ImageTree tree = image.tree(chosen);
			List<String> wanted = new ArrayList<>();
			for (String path : paths) {
				wanted.add(imagePath(path));
			}
			long total = context.terminal() ? totalBytes(tree, wanted) : -1;
			ExtractResult result;
			try (ConsoleProgress progress = progress("Extracting", total, true)) {
				result = tree.extract(wanted, destination, progress);
			}
			String name = shown(image.file());
			for (String skipped : result.skipped()) {
				err().println("deployforge: " + name + ": skipped " + skipped);
			}
			out().printf("Extracted %s, %s, %s to %s%n", plural(result.files(), "file"),
					plural(result.folders(), "folder"), Text.bytes(result.bytes()), destination);
			if (!result.skipped().isEmpty()) {
				err().println("deployforge: " + name + ": " + plural(result.skipped().size(), "entry")
						.replace("entrys", "entries") + " not extracted (see above)");
				return DeployForgeCli.FAILED;
			}
		}
		return DeployForgeCli.OK;
	}

	/** @return the bytes of data below the paths, from metadata (for the progress display) */
	static long totalBytes(ImageTree tree, List<String> paths) throws ImageException {
		long[] total = { 0 };
		for (String path : paths) {
			ImageEntry entry = tree.stat(path);
			if (entry.directory()) {
				tree.walk(path, child -> {
					total[0] += child.size();
					return true;
				});
			} else {
				total[0] += entry.size();
			}
		}
		return total[0];
	}
}
