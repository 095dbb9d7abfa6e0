package org.deployforge.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.deployforge.cli.DeployForgeCli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deployforge shell}: one long-running DeployForge that reads command lines from standard input, so several
 * commands share one start-up, and a plug-in installed with {@code plugins install} is used by the next command at once.
 */
@Command(name = "shell", description = "Read commands from standard input, one per line, in one running DeployForge.")
final class ShellCommand implements Callable<Integer> {

	/** The line {@code --porcelain} prints after each command, followed by the exit code. */
	static final String END_MARKER = "%%exit ";

	private final CliContext context;

	@Spec
	CommandSpec spec;

	@Option(names = "--porcelain", description = "For programs: no prompt, and a line '%%exit N' after each command.")
	boolean porcelain;

	ShellCommand(CliContext context) {
		this.context = context;
	}

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		boolean interactive = !porcelain && System.console() != null;
		BufferedReader in = new BufferedReader(new InputStreamReader(context.in(), Charset.defaultCharset()));
		// each command gets no standard input (the shell reads it) and is not interrupted by Ctrl-C (that ends the shell)
		CliContext commandContext = new CliContext(context.service(), InputStream.nullInputStream(), context.binaryOut(),
				context.terminal(), false);
		int last = DeployForgeCli.OK;
		while (true) {
			if (interactive) {
				out.print("deployforge> ");
				out.flush();
			}
			String line = in.readLine();
			if (line == null) {
				break;
			}
			line = line.strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			if (line.equals("exit") || line.equals("quit")) {
				break;
			}
			List<String> words;
			try {
				words = split(line);
			} catch (IllegalArgumentException e) {
				err.println("deployforge: " + e.getMessage());
				last = DeployForgeCli.USAGE;
				words = null;
			}
			if (words != null) {
				if (!words.isEmpty() && words.get(0).equals("shell")) {
					err.println("deployforge: already in the shell");
					last = DeployForgeCli.USAGE;
				} else {
					last = RootCommand.run(commandContext, out, err, words.toArray(String[]::new));
				}
			}
			err.flush();
			out.flush();
			context.binaryOut().flush();
			if (porcelain) {
				out.println(END_MARKER + last);
			}
			out.flush();
		}
		return last;
	}

	/** Splits a line into words: blanks separate, '…' and "…" quote, a backslash escapes the next character. */
	static List<String> split(String line) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean inWord = false;
		char quote = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				} else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
					word.append(line.charAt(++i));
				} else {
					word.append(c);
				}
			} else if (c == '\'' || c == '"') {
				quote = c;
				inWord = true;
			} else if (c == '\\' && i + 1 < line.length()) {
				word.append(line.charAt(++i));
				inWord = true;
			} else if (Character.isWhitespace(c)) {
				if (inWord) {
					words.add(word.toString());
					word.setLength(0);
					inWord = false;
				}
			} else {
				word.append(c);
				inWord = true;
			}
		}
		if (quote != 0) {
			throw new IllegalArgumentException("unclosed quote " + quote + " in: " + line);
		}
		if (inWord) {
			words.add(word.toString());
		}
		return words;
	}
}
