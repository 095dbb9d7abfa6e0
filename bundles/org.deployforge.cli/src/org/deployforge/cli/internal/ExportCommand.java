package org.deployforge.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.Compression;
import org.deployforge.core.capability.ExportCapability;
import org.deployforge.core.capability.ExportCapability.ExportOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deployforge export IMAGE DEST [--index N|all] [--compress none|xpress|lzx|lzms] [--solid]}: images into a new
 * file (or appended to an existing one, as wimlib-imagex export and DISM /Export-Image do), every XML property kept.
 */
@Command(name = "export", description = { "Export one image or all of them to another image file (as wimlib-imagex export).",
		"DEST is created, or the images are appended when it exists (as wimlib-imagex and DISM do).",
		"Compression defaults to the source's; --solid (what an ESD is) defaults to LZMS, and a DEST",
		"named *.esd is written solid LZMS unless told otherwise." })
final class ExportCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The source image file.")
	Path file;

	@Parameters(index = "1", paramLabel = "DEST", description = "The image file to write or append to.")
	Path destination;

	@Option(names = "--index", paramLabel = "N|all", description = "The image to export, or all (needed when the file holds several images).")
	String index;

	@Option(names = "--compress", paramLabel = "TYPE", description = "none, xpress, lzx or lzms.")
	String compress;

	@Option(names = "--solid", description = "Write solid resources (ESD); implies LZMS unless --compress says otherwise.")
	boolean solid;

	ExportCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		Compression compression = compress == null ? null : compression(compress);
		boolean esd = destination.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".esd");
		if (Files.isDirectory(destination)) {
			throw new ImageException(destination, "is a folder; DEST is the image file to write or append to");
		}
		try (Image image = open(file, true)) {
			ImageInfo info = image.info();
			List<Integer> indexes = new ArrayList<>();
			if (index != null && index.equalsIgnoreCase("all")) {
				info.volumes().forEach(volume -> indexes.add(volume.index()));
			} else {
				Integer requested = null;
				if (index != null) {
					try {
						requested = Integer.valueOf(index.strip());
					} catch (NumberFormatException e) {
						throw new UsageException("--index takes an image index or 'all', not '" + index + "'");
					}
				}
				indexes.add(index(image, requested));
			}
			ExportCapability export = capability(image, ExportCapability.class, "export");
			boolean writeSolid = solid || (esd && (compression == null || compression == Compression.LZMS));
			if (compression == null) {
				compression = writeSolid ? Compression.LZMS : sourceCompression(info);
			}
			boolean append = Files.exists(destination);
			long total = info.volumes().stream().filter(volume -> indexes.contains(volume.index()))
					.mapToLong(VolumeInfo::totalBytes).filter(bytes -> bytes > 0).sum();
			try (ConsoleProgress progress = progress("Exporting", total > 0 ? total : -1, false)) {
				export.export(indexes, destination, new ExportOptions(compression, writeSolid, append), progress);
			}
			out().printf("%s %s of %s to %s (%s%s)%n", append ? "Appended" : "Exported",
					indexes.size() == 1 ? "image " + indexes.get(0)
							: "images " + indexes.stream().map(String::valueOf).collect(Collectors.joining(", ")),
					file, destination, append ? "kept the destination's compression" : compression.name(),
					writeSolid && !append ? ", solid" : "");
		}
		return 0;
	}

	static Compression compression(String name) {
		try {
			return Compression.parse(name);
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	/** @return the compression the handler reports for the file (a property named "Compression"), else LZX */
	static Compression sourceCompression(ImageInfo info) {
		for (Map.Entry<String, String> property : info.properties().entrySet()) {
			if (property.getKey().equalsIgnoreCase("compression")) {
				String value = property.getValue().strip().split("[\\s(,]")[0];
				try {
					return Compression.parse(value);
				} catch (IllegalArgumentException e) {
					break;
				}
			}
		}
		return Compression.LZX;
	}
}
