package org.deployforge.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.ImageException;
import org.deployforge.core.ImageService;
import org.deployforge.core.ImageService.Detection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deployforge detect FILE…}: what each file is by its signature, and which handler would open it. */
@Command(name = "detect", description = "Say what each file is (by content) and which handler would open it.")
final class DetectCommand implements java.util.concurrent.Callable<Integer> {

	private final ImageService service;

	@Spec
	CommandSpec spec;

	@Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to look at.")
	List<Path> files;

	@Option(names = "--json", description = "Write JSON (see docs/cli.md).")
	boolean json;

	DetectCommand(ImageService service) {
		this.service = service;
	}

	@Override
	public Integer call() {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		ArrayNode array = Json.MAPPER.createArrayNode();
		int exit = 0;
		for (Path file : files) {
			try {
				Detection detection = service.detect(file);
				String format = detection.recognised().map(f -> f.id()).orElse(null);
				String handler = detection.handler().map(h -> h.id()).orElse(null);
				if (json) {
					ObjectNode node = array.addObject();
					node.put("file", file.toString());
					node.put("format", format);
					node.put("handler", handler);
					node.put("confidence", detection.confidence());
				} else {
					out.printf("%s: %s, %s%n", file,
							detection.recognised().map(f -> f.displayName()).orElse("not a recognised format"),
							handler == null ? "no handler installed"
									: detection.confidence() > 0 ? "opened by handler '" + handler + "'"
											: "no signature matched; handler '" + handler + "' would try it by its name");
				}
			} catch (ImageException e) {
				err.println("deployforge: " + e.getMessage());
				exit = 1;
			}
		}
		if (json) {
			Json.print(out, array);
		}
		return exit;
	}
}
