package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService;
import org.deployforge.core.KnownFormats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deployforge formats}: the handlers discovered right now, and what is recognised without a handler. */
@Command(name = "formats", description = "List the format handlers installed right now.")
final class FormatsCommand implements Runnable {

	private final ImageService service;

	@Spec
	CommandSpec spec;

	@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
	boolean json;

	FormatsCommand(ImageService service) {
		this.service = service;
	}

	@Override
	public void run() {
		PrintWriter out = spec.commandLine().getOut();
		List<ImageHandler> handlers = service.handlers();
		Set<String> handled = new LinkedHashSet<>();
		handlers.forEach(handler -> handler.formats().forEach(format -> handled.add(format.id())));
		List<ImageFormat> unhandled = KnownFormats.ALL.stream().filter(format -> !handled.contains(format.id()))
				.toList();
		if (json) {
			ObjectNode root = Json.object();
			ArrayNode array = root.putArray("handlers");
			for (ImageHandler handler : handlers) {
				ObjectNode node = array.addObject();
				node.put("id", handler.id());
				node.put("name", handler.displayName());
				ArrayNode formats = node.putArray("formats");
				for (ImageFormat format : handler.formats()) {
					ObjectNode formatNode = formats.addObject();
					formatNode.put("id", format.id());
					formatNode.put("name", format.displayName());
					ArrayNode extensions = formatNode.putArray("extensions");
					format.extensions().forEach(extensions::add);
				}
			}
			ArrayNode recognised = root.putArray("recognisedWithoutHandler");
			unhandled.forEach(format -> recognised.add(format.id()));
			Json.print(out, root);
			return;
		}
		if (handlers.isEmpty()) {
			out.println("No format handlers are installed.");
		} else {
			int idWidth = Math.max(7, handlers.stream().mapToInt(handler -> handler.id().length()).max().orElse(0));
			out.printf("%-" + idWidth + "s  %-26s  %s%n", "HANDLER", "FORMATS", "DESCRIPTION");
			for (ImageHandler handler : handlers) {
				String formats = handler.formats().stream().map(ImageFormat::shortName).collect(Collectors.joining(", "));
				out.printf("%-" + idWidth + "s  %-26s  %s%n", handler.id(), formats, handler.displayName());
			}
		}
		if (!unhandled.isEmpty()) {
			out.println();
			out.println("Recognised, but no handler installed: "
					+ unhandled.stream().map(ImageFormat::shortName).collect(Collectors.joining(", ")));
			List<String> names = unhandled.stream().map(ImageFormat::shortName).toList();
			if (names.contains("HIVE")) {
				out.println("  HIVE: registry hives are not opened as images; edit them with 'deployforge reg'"
						+ " (docs/registry.md)");
			}
			if (names.contains("CAB") || names.contains("MSU")) {
				out.println("  CAB, MSU: the optional cabinet handler installs from the update site with"
						+ " 'deployforge plugins install' (docs/plugins.md)");
			}
		}
	}
}
