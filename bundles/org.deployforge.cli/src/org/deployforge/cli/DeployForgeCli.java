package org.deployforge.cli;

import java.io.PrintWriter;

import org.deployforge.cli.internal.RootCommand;
import org.deployforge.core.ImageService;

import picocli.CommandLine;

/**
 * Runs a DeployForge command line in-process, the way {@code ./deployforge} does.
 * <p>
 * Exit codes (see {@code docs/cli.md}): {@link #OK} done, {@link #FAILED} the operation failed, {@link #USAGE} the
 * command line was wrong, {@link #VERIFICATION_FAILED} an integrity check found a problem.
 */
public final class DeployForgeCli {

	public static final int OK = 0;
	public static final int FAILED = 1;
	public static final int USAGE = 2;
	public static final int VERIFICATION_FAILED = 3;

	private DeployForgeCli() {
	}

	/**
	 * @param service the image service to work through
	 * @param out     where results go
	 * @param err     where errors and progress go
	 * @param args    the arguments after {@code deployforge}
	 * @return the exit code
	 */
	public static int execute(ImageService service, PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = RootCommand.commandLine(service);
		commandLine.setOut(out);
		commandLine.setErr(err);
		try {
			return commandLine.execute(args);
		} finally {
			out.flush();
			err.flush();
		}
	}
}
