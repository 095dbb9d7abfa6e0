package org.deployforge.cli.internal;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageService;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code deployforge}: the root of every command. */
@Command(name = "deployforge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "Offline Windows deployment images: WIM, ESD, SWM, PPKG, ISO, VHD and VHDX.",
		subcommands = { FormatsCommand.class, DetectCommand.class, PluginsCommand.class, ShellCommand.class, CommandLine.HelpCommand.class },
		footer = { "", "Exit codes: 0 done, 1 operation failed, 2 usage error, 3 verification failed.",
				"See docs/cli.md for every command and its --json output." })
public final class RootCommand implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
	}

	/** @return a command line whose commands get {@code service} injected */
	public static CommandLine commandLine(ImageService service) {
		CommandLine commandLine = new CommandLine(new RootCommand(), new ServiceFactory(service));
		commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
			if (exception instanceof ImageException imageException) {
				command.getErr().println("deployforge: " + imageException.getMessage());
			} else {
				command.getErr().println("deployforge: internal error: " + exception);
				exception.printStackTrace(command.getErr());
			}
			return DeployForgeCli.FAILED;
		});
		return commandLine;
	}

	/** Creates commands, handing the image service to those that take it. */
	private record ServiceFactory(ImageService service) implements CommandLine.IFactory {
		@Override
		public <K> K create(Class<K> type) throws Exception {
			for (var constructor : type.getDeclaredConstructors()) {
				if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == ImageService.class) {
					constructor.setAccessible(true);
					return type.cast(constructor.newInstance(service));
				}
			}
			return CommandLine.defaultFactory().create(type);
		}
	}
}
