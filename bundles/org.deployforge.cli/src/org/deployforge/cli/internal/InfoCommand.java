package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.capability.ImagePropertiesCapability;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.InstallEditionsCapability;
import org.deployforge.core.capability.InstallEditionsCapability.Edition;
import org.deployforge.core.capability.InstallEditionsCapability.InstallEditions;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge info IMAGE [--json]}: the file's facts and every image index in it (as wiminfo). */
@Command(name = "info", description = { "Show an image file's format, facts and every image in it.",
		"Like wimlib-imagex info; metadata only, nothing is decompressed." })
final class InfoCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file (WIM, ESD, SWM, ISO, VHD, …).")
	Path file;

	@Option(names = "--json", description = "Write JSON (fields in docs/cli.md).")
	boolean json;

	InfoCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		try (Image image = open(file, true)) {
			// read first (with progress where it takes a pass over the install image), so info() includes them
			var editions = image.capability(InstallEditionsCapability.class);
			if (editions.isPresent()) {
				try (ConsoleProgress progress = progress("Reading the editions of the install image")) {
					editions.get().installEditions(progress);
				}
			}
			ImageInfo info = image.info();
			if (json) {
				ObjectNode root = toJson(image, info);
				root.put("file", shown(info.file()));
				Json.print(out(), root);
			} else {
				print(out(), image, info, file);
			}
		}
		return 0;
	}

	static ObjectNode toJson(Image image, ImageInfo info) {
		ObjectNode root = Json.object();
		root.put("file", info.file().toString());
		root.put("format", info.format().id());
		root.put("formatName", info.format().displayName());
		root.put("handler", image.handlerId());
		root.put("fileSize", info.fileSize());
		root.put("imageCount", info.imageCount());
		root.put("bootIndex", info.bootIndex());
		ObjectNode properties = root.putObject("properties");
		info.properties().forEach(properties::put);
		ArrayNode images = root.putArray("images");
		for (VolumeInfo volume : info.volumes()) {
			ObjectNode node = images.addObject();
			node.put("index", volume.index());
			node.put("name", volume.name());
			node.put("description", volume.description());
			node.put("directoryCount", volume.directoryCount());
			node.put("fileCount", volume.fileCount());
			node.put("totalBytes", volume.totalBytes());
			node.put("creationTime", Text.iso(volume.creationTime()));
			node.put("lastModificationTime", Text.iso(volume.lastModificationTime()));
			node.put("boot", volume.index() == info.bootIndex());
			ObjectNode volumeProperties = node.putObject("properties");
			volume.properties().forEach(volumeProperties::put);
		}
		image.capability(InstallEditionsCapability.class).ifPresent(capability -> {
			try {
				// info() has read them already: the capability keeps them for the session
				InstallEditions found = capability.installEditions(new NullProgressMonitor());
				ObjectNode editions = root.putObject("installEditions");
				editions.put("path", found.path());
				editions.put("unknownReason", found.unknownReason());
				editions.put("readHow", found.readHow());
				ArrayNode list = editions.putArray("editions");
				for (Edition edition : found.editions()) {
					ObjectNode node = list.addObject();
					node.put("index", edition.index());
					node.put("name", edition.name());
					node.put("editionId", edition.editionId());
					node.put("architecture", edition.architecture());
					node.put("build", edition.build());
				}
			} catch (ImageException e) {
				root.putObject("installEditions").put("unknownReason", e.reason());
			}
		});
		return root;
	}

	/**
	 * @param given the file the user named: a later part of a split set is shown as itself, with which part it is and
	 *              where the first part (the one the set is read from) is
	 */
	static void print(PrintWriter out, Image image, ImageInfo info, Path given) {
		Map<String, String> properties = new LinkedHashMap<>(info.properties());
		Text.title(out, info.format().shortName() + " Information:");
		Text.Block header = new Text.Block().add("Path", given);
		String part = laterPart(given, info, properties);
		if (part != null) {
			header.add("Split Part", part);
		}
		header.add("Format", info.format().displayName())
				.add("Handler", image.handlerId()).add("Size", Text.bytes(info.fileSize()))
				.add("Image Count", info.imageCount());
		if (info.bootIndex() != 0 || image.capability(ImagePropertiesCapability.class).isPresent()) {
			header.add("Boot Index", info.bootIndex()); // a WIM's boot index; an ISO lists its El Torito entries
		}
		header.addAll(properties).print(out);
		if (info.volumes().isEmpty()) {
			return;
		}
		out.println();
		Text.title(out, "Available Images:");
		boolean first = true;
		for (VolumeInfo volume : info.volumes()) {
			if (!first) {
				out.println();
			}
			first = false;
			Text.Block block = new Text.Block().add("Index", volume.index()).add("Name", volume.name())
					.add("Description", volume.description());
			block.add("Directory Count", known(volume.directoryCount()));
			block.add("File Count", known(volume.fileCount()));
			block.add("Total Bytes", volume.totalBytes() < 0 ? "unknown" : Text.bytes(volume.totalBytes()));
			block.add("Creation Time", Text.time(volume.creationTime()));
			block.add("Last Modification Time", Text.time(volume.lastModificationTime()));
			block.addAll(volume.properties()).print(out);
		}
	}

	/**
	 * @param properties the file's facts; its "Part Number" is set to the given part's
	 * @return "part 2 of 2; part 1 (the first part, which the set is read from) is …/install.swm" when {@code given}
	 *         is a later part of the split set the handler opened from its first part, else null
	 */
	static @Nullable String laterPart(Path given, ImageInfo info, Map<String, String> properties) {
		Path first = info.file().toAbsolutePath().normalize();
		if (first.equals(given.toAbsolutePath().normalize()) || given.getFileName() == null) {
			return null;
		}
		// named as the user would type it: beside the given part, in the same spelling of its folder
		Path shownFirst = first.getParent() != null
				&& first.getParent().equals(given.toAbsolutePath().normalize().getParent())
						? given.resolveSibling(first.getFileName())
						: first;
		String parts = properties.get("Parts");
		List<String> names = parts == null ? List.of() : List.of(parts.split(",\\s*"));
		String name = given.getFileName().toString();
		for (int position = 1; position <= names.size(); position++) {
			if (names.get(position - 1).equalsIgnoreCase(name)) {
				properties.put("Part Number", position + "/" + names.size());
				return "part " + position + " of " + names.size() + "; part 1 (the first part, which the set is read"
						+ " from) is " + shownFirst;
			}
		}
		return "the set is read from its first part, " + shownFirst;
	}

	private static String known(long count) {
		return count < 0 ? "unknown" : Text.count(count);
	}
}
