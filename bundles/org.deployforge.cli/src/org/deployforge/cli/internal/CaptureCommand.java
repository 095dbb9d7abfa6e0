package org.deployforge.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService.Detection;
import org.deployforge.core.capability.CaptureCapability;
import org.deployforge.core.capability.CaptureCapability.CaptureOptions;
import org.deployforge.core.capability.Compression;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deployforge capture DIR DEST --name NAME [--description TEXT] [--compress …] [--solid] [--append]}: a folder
 * as a new image (as wimlib-imagex capture/append, DISM /Capture-Image, /Append-Image).
 */
@Command(name = "capture", description = { "Capture a folder as a new image (as wimlib-imagex capture).",
		"DEST is a new image file, or with --append an existing one the image is added to (as wimlib-imagex",
		"append). The handler is chosen by DEST's name (.wim, .esd, …), or by its content with --append.",
		"Compression defaults to LZX; --solid and *.esd to solid LZMS." })
final class CaptureCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "DIR", description = "The folder to capture.")
	Path source;

	@Parameters(index = "1", paramLabel = "DEST", description = "The image file to create (or append to, with --append).")
	Path destination;

	@Option(names = "--name", required = true, paramLabel = "NAME", description = "The new image's NAME (unique in the file).")
	String name;

	@Option(names = "--description", paramLabel = "TEXT", description = "The new image's DESCRIPTION.")
	String description;

	@Option(names = "--compress", paramLabel = "TYPE", description = "none, xpress, lzx or lzms (for a new file).")
	String compress;

	@Option(names = "--solid", description = "Write solid resources (ESD); implies LZMS unless --compress says otherwise.")
	boolean solid;

	@Option(names = "--append", description = "Add the image to the existing DEST as its next index.")
	boolean append;

	CaptureCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		if (!Files.isDirectory(source)) {
			throw new ImageException(source, Files.exists(source) ? "is not a folder" : "no such folder");
		}
		boolean exists = Files.exists(destination);
		if (append && !exists) {
			throw new ImageException(destination, "does not exist; --append adds an image to an existing file");
		}
		if (!append && exists) {
			throw new ImageException(destination, "already exists; use --append to add an image to it");
		}
		ImageHandler handler;
		ImageFormat format;
		if (append) {
			Detection detection = context.service().detect(destination);
			handler = detection.handler().orElseThrow(
					() -> new ImageException(destination, "no installed handler recognises this file"));
			format = detection.recognised().orElse(handler.formats().get(0));
		} else {
			String fileName = destination.getFileName().toString();
			handler = context.service().handlers().stream()
					.filter(candidate -> candidate.formats().stream().anyMatch(f -> f.matchesName(fileName)))
					.findFirst().orElseThrow(() -> new ImageException(destination,
							"no installed handler writes files named like this (installed: " + context.service()
									.handlers().stream().flatMap(h -> h.formats().stream())
									.flatMap(f -> f.extensions().stream()).distinct()
									.map(e -> "." + e).collect(Collectors.joining(", "))
							+ ")"));
			format = handler.formats().stream().filter(f -> f.matchesName(fileName)).findFirst().orElseThrow();
		}
		CaptureCapability capture = capability(handler, format, destination, CaptureCapability.class, "capture");
		boolean esd = destination.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".esd");
		Compression compression = compress == null ? null : ExportCommand.compression(compress);
		boolean writeSolid = solid || (esd && (compression == null || compression == Compression.LZMS));
		if (compression == null) {
			compression = writeSolid ? Compression.LZMS : Compression.LZX;
		}
		int index;
		try (ConsoleProgress progress = progress("Capturing")) {
			index = capture.capture(source, destination,
					new CaptureOptions(name, description, compression, writeSolid, append), progress);
		}
		out().printf("Captured %s as image %d \"%s\" in %s (%s)%n", source, index, name, destination,
				Text.bytes(Files.size(destination)));
		return 0;
	}
}
