package org.deployforge.cli.internal;

import java.nio.file.Path;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.ApplyCapability;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge apply IMAGE DIR [--index N]}: a whole image into a folder (as wimlib-imagex apply). */
@Command(name = "apply", description = { "Apply (extract) a whole image to a folder (as wimlib-imagex apply, DISM /Apply-Image).",
		"Nothing is written outside DIR: names that would leave it are skipped and reported (exit 1), as by extract." })
final class ApplyCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Parameters(index = "1", paramLabel = "DIR", description = "The folder to fill (created if missing).")
	Path directory;

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	ApplyCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		try (Image image = open(file, true)) {
			int chosen = index(image, index);
			ApplyCapability apply = capability(image, ApplyCapability.class, "apply");
			VolumeInfo volume = image.info().volumes().stream().filter(v -> v.index() == chosen).findFirst()
					.orElseThrow();
			ExtractResult result;
			try (ConsoleProgress progress = progress("Applying", volume.totalBytes(), true)) {
				result = apply.applyAndReport(chosen, directory, progress);
			}
			String name = shown(image.file());
			for (String skipped : result.skipped()) {
				err().println("deployforge: " + name + ": skipped " + skipped);
			}
			out().printf("Applied image %d%s of %s to %s (%s)%n", chosen,
					volume.name().isEmpty() ? "" : " \"" + volume.name() + "\"", file, directory,
					volume.totalBytes() < 0 ? "size unknown" : Text.bytes(volume.totalBytes()));
			if (!result.skipped().isEmpty()) {
				err().println("deployforge: " + name + ": " + plural(result.skipped().size(), "entry")
						.replace("entrys", "entries") + " not applied (see above)");
				return DeployForgeCli.FAILED;
			}
		}
		return DeployForgeCli.OK;
	}
}
