package org.deployforge.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.CorruptImageException;
import org.deployforge.core.Image;
import org.deployforge.core.VerificationFailedException;
import org.deployforge.core.capability.VerifyCapability;
import org.deployforge.core.capability.VerifyCapability.VerifyResult;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deployforge verify IMAGE}: integrity table and stream hashes; exit 3 when something does not match. */
@Command(name = "verify", description = { "Check an image's integrity (as wimlib-imagex verify).",
		"Checks its integrity table and the hash of every stored stream. Exit code 3 when a check fails",
		"or the image (or a part of a split set) is too damaged to open; the damaged file is named." })
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
		// problems that name their own file (a damaged part of a split set) rather than IMAGE
		List<String> named = new ArrayList<>();
		try (Image image = open(file, true)) {
			VerifyCapability verify = capability(image, VerifyCapability.class, "verify");
			try (ConsoleProgress progress = progress("Verifying", image.info().fileSize(), false)) {
				result = verify.verify(progress);
			}
		} catch (CorruptImageException | VerificationFailedException damaged) {
			// damage that stops the image from opening (a truncated file or split part, a broken header or table) is
			// what verify looks for: a failed verification (exit 3) naming the damaged file, not an unreadable one
			String problem = FileNames.of(spec).message(damaged);
			named.add(problem);
			result = new VerifyResult(false, List.of(), List.of(problem));
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
				err().println("deployforge: " + (named.contains(problem) ? "" : file + ": ") + problem);
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
