package org.deployforge.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageTree;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deployforge update IMAGE [--index N] < COMMANDS}: several changes read from standard input, in the
 * {@code wimlib-imagex update} syntax, written by one commit. A bad line stops everything before anything is written.
 */
@Command(name = "update", description = { "Apply add/delete/rename commands read from standard input, in one commit.",
		"Syntax (as wimlib-imagex update), one command per line:",
		"  add SOURCE PATH_IN_IMAGE        copy a host file or folder in (replacing what is there)",
		"  delete [--force] [--recursive] PATH   remove a file or folder (--force: ignore a missing PATH)",
		"  rename FROM TO                  rename or move",
		"Arguments with spaces go in \"double\" or 'single' quotes; \\ is a path separator, not an escape.",
		"Empty lines and lines starting with # are ignored. A bad line is reported with its number",
		"and nothing is changed." })
final class UpdateCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	UpdateCommand(CliContext context) {
		super(context);
	}

	/** One parsed command line. */
	record Step(int line, String text, String verb, List<String> arguments, boolean force) {
	}

	@Override
	public Integer call() throws Exception {
		List<Step> steps = parse(file, new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)));
		if (steps.isEmpty()) {
			out().println(file + ": no update commands on standard input; nothing changed");
			return 0;
		}
		try (Image image = open(file, false)) {
			ImageTree tree = image.tree(index(image, index));
			for (Step step : steps) {
				try {
					stage(tree, step);
				} catch (ImageException e) {
					image.discard();
					Path about = e.file();
					boolean sameFile = about == null || about.toAbsolutePath().normalize()
							.equals(image.file().toAbsolutePath().normalize());
					throw new ImageException(file, "line " + step.line() + " (" + step.text() + "): "
							+ (sameFile ? e.reason() : e.getMessage()) + "; nothing was changed", e);
				}
			}
			commit(image);
		}
		return 0;
	}

	private static void stage(ImageTree tree, Step step) throws ImageException {
		List<String> arguments = step.arguments();
		switch (step.verb()) {
		case "add" -> tree.add(Path.of(arguments.get(0)).toAbsolutePath(), imagePath(arguments.get(1)));
		case "delete" -> {
			String path = imagePath(arguments.get(0));
			if (!step.force() || tree.find(path).isPresent()) {
				tree.remove(path);
			}
		}
		case "rename" -> tree.rename(imagePath(arguments.get(0)), imagePath(arguments.get(1)));
		default -> throw new IllegalStateException(step.verb());
		}
	}

	/**
	 * Reads every command before anything is staged, so a syntax error changes nothing.
	 *
	 * @throws ImageException naming the line number and what is wrong with it
	 */
	static List<Step> parse(Path image, BufferedReader reader) throws ImageException {
		List<Step> steps = new ArrayList<>();
		int number = 0;
		try {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				number++;
				String text = line.strip();
				if (text.isEmpty() || text.startsWith("#")) {
					continue;
				}
				steps.add(parseLine(image, number, text));
			}
		} catch (ImageException e) {
			throw e;
		} catch (IOException e) {
			throw new ImageException(null, "cannot read the update commands from standard input: " + e.getMessage(), e);
		}
		return steps;
	}

	private static Step parseLine(Path image, int number, String text) throws ImageException {
		List<String> tokens = tokens(image, number, text);
		String verb = tokens.get(0);
		List<String> arguments = new ArrayList<>();
		boolean force = false;
		for (String token : tokens.subList(1, tokens.size())) {
			if (token.startsWith("--") && arguments.isEmpty()) {
				if (verb.equals("delete") && token.equals("--force")) {
					force = true;
				} else if (verb.equals("delete") && token.equals("--recursive")) {
					// folders are always removed with their contents; accepted for wimlib-imagex scripts
				} else {
					throw bad(image, number, text, "option " + token + " is not supported for " + verb);
				}
			} else {
				arguments.add(token);
			}
		}
		int wanted = switch (verb) {
		case "add", "rename" -> 2;
		case "delete" -> 1;
		default -> throw bad(image, number, text, "unknown command '" + verb + "' (use add, delete or rename)");
		};
		if (arguments.size() != wanted) {
			throw bad(image, number, text, verb + " takes " + wanted + (wanted == 1 ? " path" : " paths") + ", not "
					+ arguments.size());
		}
		if (verb.equals("add") && !Files.exists(Path.of(arguments.get(0)))) {
			throw bad(image, number, text, arguments.get(0) + ": no such file or folder");
		}
		return new Step(number, text, verb, List.copyOf(arguments), force);
	}

	/** Splits on white space; "double" and 'single' quotes group; backslashes are kept as they are. */
	static List<String> tokens(Path image, int number, String text) throws ImageException {
		List<String> tokens = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean inToken = false;
		char quote = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				} else {
					current.append(c);
				}
			} else if (c == '"' || c == '\'') {
				quote = c;
				inToken = true;
			} else if (Character.isWhitespace(c)) {
				if (inToken) {
					tokens.add(current.toString());
					current.setLength(0);
					inToken = false;
				}
			} else {
				current.append(c);
				inToken = true;
			}
		}
		if (quote != 0) {
			throw bad(image, number, text, "the quote " + quote + " is not closed");
		}
		if (inToken) {
			tokens.add(current.toString());
		}
		return tokens;
	}

	private static ImageException bad(Path image, int number, String text, String why) {
		return new ImageException(image, "line " + number + " (" + text + "): " + why + "; nothing was changed");
	}
}
