package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.deployforge.core.CommitResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImagePath;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.UnsupportedCapabilityException;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.HandlerCapability;
import org.deployforge.core.capability.ImageCapability;
import org.eclipse.jdt.annotation.Nullable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the image commands share: opening through the {@link org.deployforge.core.ImageService}, choosing the image
 * index, asking for capabilities (never casting), progress and commits.
 */
abstract class CommandBase implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	final CliContext context;

	CommandBase(CliContext context) {
		this.context = context;
	}

	PrintWriter out() {
		return spec.commandLine().getOut();
	}

	PrintWriter err() {
		return spec.commandLine().getErr();
	}

	/** @return {@code file} named as the user typed it (see {@link FileNames}) */
	String shown(Path file) {
		return FileNames.of(spec).show(file);
	}

	/** Opens an image with the handler that claims it; read-only for commands that only look. */
	Image open(Path file, boolean readOnly) throws ImageException {
		return context.service().open(file, readOnly ? OpenOptions.READ_ONLY : OpenOptions.DEFAULT);
	}

	/**
	 * Chooses the image index a command works on: the one given, or the only one. An image file holding several
	 * images and no {@code --index} is a usage error listing them (as {@code wimlib-imagex} does).
	 */
	static int index(Image image, @Nullable Integer requested) throws ImageException {
		List<Integer> indexes = image.indexes();
		if (indexes.isEmpty()) {
			throw new ImageException(image.file(), "holds no images");
		}
		if (requested == null) {
			if (indexes.size() == 1) {
				return indexes.get(0);
			}
			List<VolumeInfo> volumes = image.info().volumes();
			throw new UsageException(image.file(), " holds " + volumes.size() + " images; choose one with --index N:"
					+ listing(volumes));
		}
		if (indexes.contains(requested)) {
			return requested;
		}
		throw new UsageException(image.file(), " has no image " + requested + "; its images are:"
				+ listing(image.info().volumes()));
	}

	/** @return one line per image: {@code "\n  1  Base"} */
	static String listing(List<VolumeInfo> volumes) {
		StringBuilder lines = new StringBuilder();
		int width = String.valueOf(volumes.get(volumes.size() - 1).index()).length();
		for (VolumeInfo volume : volumes) {
			lines.append(String.format(Locale.ROOT, "%n  %" + width + "d  %s", volume.index(),
					volume.name().isEmpty() ? "(no name)" : volume.name()));
		}
		return lines.toString();
	}

	/**
	 * Asks an open image for an optional operation.
	 *
	 * @param operation the operation's name as the user typed it ("export")
	 * @throws UnsupportedCapabilityException "FILE: the ISO handler does not offer export"
	 */
	static <T extends ImageCapability> T capability(Image image, Class<T> type, String operation)
			throws UnsupportedCapabilityException {
		return image.capability(type).orElseThrow(() -> new UnsupportedCapabilityException(image.file(),
				"the " + image.format().shortName() + " handler does not offer " + operation));
	}

	/** Asks a handler for an operation that creates images (capture, join). */
	static <T extends HandlerCapability> T capability(ImageHandler handler, ImageFormat format, Path file,
			Class<T> type, String operation) throws UnsupportedCapabilityException {
		return handler.capability(type).orElseThrow(() -> new UnsupportedCapabilityException(file,
				"the " + format.shortName() + " handler does not offer " + operation));
	}

	/** @return the in-image path in canonical form ({@code \} accepted, {@code /} written) */
	static String imagePath(String raw) throws ImageException {
		return ImagePath.parse(raw).toString();
	}

	ConsoleProgress progress(String label) {
		return ConsoleProgress.start(context, err(), label);
	}

	ConsoleProgress progress(String label, long totalBytes, boolean exact) {
		return ConsoleProgress.start(context, err(), label, totalBytes, exact);
	}

	/** Commits the staged changes with progress and prints what was written. */
	CommitResult commit(Image image) throws ImageException {
		int staged = image.pendingChanges().size();
		CommitResult result;
		try (ConsoleProgress progress = progress("Writing " + image.file().getFileName())) {
			result = image.commit(progress);
		}
		out().printf("%s: %s committed (%s)%n", shown(result.file()),
				plural(Math.max(result.changes(), staged), "change"),
				Text.bytes(result.bytes()));
		for (String note : result.notes()) {
			out().println("  " + note);
		}
		return result;
	}

	/** @return {@code "1 change"}, {@code "3 changes"} */
	static String plural(long count, String noun) {
		return Text.count(count) + " " + noun + (count == 1 ? "" : "s");
	}
}
