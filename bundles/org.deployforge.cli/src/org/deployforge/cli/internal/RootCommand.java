package org.deployforge.cli.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageService;
import org.deployforge.core.VerificationFailedException;
import org.eclipse.core.runtime.OperationCanceledException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code deployforge}: the root of every command. */
@Command(name = "deployforge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "Offline Windows deployment images: WIM, ESD, SWM, PPKG, ISO, VHD and VHDX.",
		subcommands = { FormatsCommand.class, DetectCommand.class,
				InfoCommand.class,
				LsCommand.class,
				CatCommand.class,
				ExtractCommand.class,
				AddCommand.class,
				RmCommand.class,
				MvCommand.class,
				UpdateCommand.class,
				ExportCommand.class,
				SplitCommand.class,
				JoinCommand.class,
				VerifyCommand.class,
				OptimizeCommand.class,
				CaptureCommand.class,
				ApplyCommand.class,
				SetInfoCommand.class,
				RegCommand.class,
				IsoCommand.class,
				VhdCommand.class,
				PluginsCommand.class,
				ShellCommand.class,
				CommandLine.HelpCommand.class },
		footer = { "", "Exit codes: 0 done, 1 operation failed, 2 usage error, 3 verification failed,",
				"130/143 interrupted by Ctrl-C/SIGTERM (the work was cancelled).",
				"See docs/cli.md for every command and its --json output." })
public final class RootCommand implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
	}

	/**
	 * @return a command line whose commands get {@code service} injected; standard input is empty and {@code cat}
	 *         output goes through the command line's {@code out} writer
	 */
	public static CommandLine commandLine(ImageService service) {
		return commandLine(new CliContext(service, new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(),
				false, false));
	}

	/**
	 * Gives every subcommand a {@code --help} (and {@code -h} where the command does not use it otherwise), so that
	 * {@code deployforge verify --help} prints that command's help instead of complaining about a missing IMAGE.
	 */
	private static void addHelpOptions(CommandLine commandLine) {
		for (CommandLine subcommand : commandLine.getSubcommands().values()) {
			CommandLine.Model.CommandSpec spec = subcommand.getCommandSpec();
			if (spec.findOption("--help") == null) {
				String[] names = spec.findOption("-h") == null ? new String[] { "-h", "--help" } : new String[] { "--help" };
				spec.addOption(CommandLine.Model.OptionSpec.builder(names).usageHelp(true)
						.description("Show this help message and exit.").build());
			}
			spec.usageMessage().description(paragraphs(spec.usageMessage().description()));
			addHelpOptions(subcommand);
		}
	}

	/**
	 * Joins description lines written as one sentence over several source lines into one paragraph, so picocli wraps it
	 * at the usage width (80 columns) instead of breaking each source line on its own and leaving a word or two on a
	 * line of their own. A line ending a sentence ({@code .}) or introducing a list ({@code :}) ends its paragraph;
	 * indented lines (tables such as the update syntax) are kept as they are.
	 */
	static String[] paragraphs(String[] lines) {
		java.util.List<String> joined = new java.util.ArrayList<>();
		StringBuilder paragraph = null;
		for (String line : lines) {
			boolean indented = line.startsWith(" ");
			if (paragraph != null && !indented) {
				paragraph.append(' ').append(line.strip());
			} else {
				if (paragraph != null) {
					joined.add(paragraph.toString());
				}
				paragraph = new StringBuilder(line);
			}
			String end = line.stripTrailing();
			if (indented || end.endsWith(".") || end.endsWith(":")) {
				joined.add(paragraph.toString());
				paragraph = null;
			}
		}
		if (paragraph != null) {
			joined.add(paragraph.toString());
		}
		return joined.toArray(String[]::new);
	}

	/** @return a command line whose commands get {@code context} (or its image service) injected */
	public static CommandLine commandLine(CliContext context) {
		CommandLine commandLine = new CommandLine(new RootCommand(), new ServiceFactory(context));
		addHelpOptions(commandLine);
		commandLine.setParameterExceptionHandler(RootCommand::usageError);
		commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
			PrintWriter err = command.getErr();
			command.getOut().flush();
			FileNames names = FileNames.of(command.getCommandSpec());
			if (exception instanceof UsageException usage) {
				err.println("deployforge: " + usage.message(names));
				if (!usage.listsImages()) {
					err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
				}
				return DeployForgeCli.USAGE;
			}
			if (exception instanceof VerificationFailedException failed) {
				err.println("deployforge: " + names.message(failed));
				return DeployForgeCli.VERIFICATION_FAILED;
			}
			if (exception instanceof ImageException imageException) {
				err.println("deployforge: " + names.message(imageException));
				return DeployForgeCli.FAILED;
			}
			if (exception instanceof OperationCanceledException) {
				String name = command.getCommandName();
				err.println(name.equals("extract") || name.equals("apply")
						? "deployforge: cancelled; the files written before it are whole, no partial file is left"
						: "deployforge: cancelled; nothing was written");
				return DeployForgeCli.FAILED;
			}
			if (exception instanceof UncheckedIOException unchecked) {
				err.println("deployforge: " + unchecked.getCause().getMessage());
				return DeployForgeCli.FAILED;
			}
			if (exception instanceof IOException io) {
				err.println("deployforge: " + io.getMessage());
				return DeployForgeCli.FAILED;
			}
			err.println("deployforge: internal error: " + exception);
			exception.printStackTrace(err);
			return DeployForgeCli.FAILED;
		});
		return commandLine;
	}

	/**
	 * A command line picocli cannot parse: the one error and where to read more (as picocli's short form and GNU tools
	 * do), not the whole help.
	 *
	 * @return {@link DeployForgeCli#USAGE}
	 */
	static int usageError(CommandLine.ParameterException exception, String[] args) {
		CommandLine command = exception.getCommandLine();
		PrintWriter err = command.getErr();
		command.getOut().flush();
		err.println("deployforge: " + exception.getMessage());
		CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
		err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
		return DeployForgeCli.USAGE;
	}

	/**
	 * Runs a command line and flushes both writers.
	 *
	 * @return the exit code
	 */
	public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = commandLine(context);
		commandLine.setOut(out);
		commandLine.setErr(err);
		try {
			return commandLine.execute(args);
		} finally {
			out.flush();
			err.flush();
		}
	}

	/** Creates commands, handing the context or the image service to those that take it. */
	private record ServiceFactory(CliContext context) implements CommandLine.IFactory {
		@Override
		public <K> K create(Class<K> type) throws Exception {
			for (var constructor : type.getDeclaredConstructors()) {
				if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == CliContext.class) {
					constructor.setAccessible(true);
					return type.cast(constructor.newInstance(context));
				}
				if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == ImageService.class) {
					constructor.setAccessible(true);
					return type.cast(constructor.newInstance(context.service()));
				}
			}
			return CommandLine.defaultFactory().create(type);
		}
	}
}
