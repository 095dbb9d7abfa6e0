package org.deployforge.cli.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deployforge.core.Image;
import org.deployforge.core.capability.ImagePropertiesCapability;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deployforge set-info IMAGE [--index N] [--name …] [--description …] [--property KEY=VALUE]... [--boot]}:
 * an image's name, description, XML properties and the boot index (as wimlib-imagex info IMAGE N NAME DESC
 * --image-property, --boot).
 */
@Command(name = "set-info", description = { "Change an image's name, description, properties or make it the boot image.",
		"Properties are XML paths such as FLAGS, DISPLAYNAME or WINDOWS/EDITIONID (as wimlib-imagex",
		"info --image-property); an empty VALUE removes the property. One commit." })
final class SetInfoCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Option(names = "--index", paramLabel = "N",
			description = "The image index to change (needed when the file holds several images).")
	Integer index;

	@Option(names = "--name", paramLabel = "NAME", description = "The new NAME (unique in the file).")
	String name;

	@Option(names = "--description", paramLabel = "TEXT", description = "The new DESCRIPTION.")
	String description;

	@Option(names = "--property", paramLabel = "KEY=VALUE", description = "Set an XML property (repeatable).")
	Map<String, String> properties = new LinkedHashMap<>();

	@Option(names = "--boot", description = "Make this image the boot image (the WIM boot index).")
	boolean boot;

	SetInfoCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		if (name == null && description == null && properties.isEmpty() && !boot) {
			throw new UsageException("set-info needs at least one of --name, --description, --property, --boot");
		}
		for (String key : properties.keySet()) {
			if (key.isBlank()) {
				throw new UsageException("--property: the property name is empty (write --property NAME=VALUE, e.g."
						+ " --property DISPLAYNAME=\"Windows 11 Pro\")");
			}
		}
		try (Image image = open(file, false)) {
			int chosen = index(image, index);
			ImagePropertiesCapability editor = capability(image, ImagePropertiesCapability.class, "set-info");
			if (name != null) {
				editor.setName(chosen, name);
			}
			if (description != null) {
				editor.setDescription(chosen, description);
			}
			for (Map.Entry<String, String> property : properties.entrySet()) {
				editor.setProperty(chosen, property.getKey(), property.getValue() == null ? "" : property.getValue());
			}
			if (boot) {
				editor.setBootIndex(chosen);
			}
			commit(image);
		}
		return 0;
	}
}
