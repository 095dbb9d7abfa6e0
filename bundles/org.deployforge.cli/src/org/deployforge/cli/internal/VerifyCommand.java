package org.deployforge.cli.internal;

import java.nio.file.Path;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.Image;
import org.deployforge.core.capability.VerifyCapability;
import org.deployforge.core.capability.VerifyCapability.VerifyResult;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge verify IMAGE}: integrity table and stream hashes; exit 3 when something does not match. */
@Command(name = "verify", description = { "Check an image's integrity (as wimlib-imagex verify).",
		"Checks its integrity table and the hash of every stored stream. Exit code 3 when a check fails." })
final class VerifyCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Option(names = "--json", description = "Write JSON (fields in docs/cli.md).")
	boolean json;

	VerifyCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		VerifyResult result;
		try (Image image = open(file, true)) {
			VerifyCapability verify = capability(image, VerifyCapability.class, "verify");
			try (ConsoleProgress progress = progress("Verifying", image.info().fileSize(), false)) {
				result = verify.verify(progress);
			}
		}
		if (json) {
			ObjectNode root = Json.object();
			root.put("file", file.toString());
			root.put("ok", result.ok());
			ArrayNode checks = root.putArray("checks");
			result.checks().forEach(checks::add);
			ArrayNode problems = root.putArray("problems");
			result.problems().forEach(problems::add);
			Json.print(out(), root);
		} else {
			for (String check : result.checks()) {
				out().println("checked: " + check);
			}
			for (String problem : result.problems()) {
				err().println("deployforge: " + file + ": " + problem);
			}
			if (result.ok()) {
				out().println(file + ": verification passed");
			} else {
				err().println("deployforge: " + file + ": verification failed");
			}
		}
		return result.ok() ? DeployForgeCli.OK : DeployForgeCli.VERIFICATION_FAILED;
	}
}
