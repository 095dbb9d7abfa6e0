package org.deployforge.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.deployforge.cli.internal.CliContext;
import org.deployforge.cli.internal.RootCommand;
import org.deployforge.core.ImageService;

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
	 * Runs a command with text streams only: standard input is empty, and the data {@code cat} writes is decoded as
	 * UTF-8 into {@code out} (use {@link #execute(ImageService, InputStream, OutputStream, OutputStream, String...)}
	 * for bytes).
	 *
	 * @param service the image service to work through
	 * @param out     where results go
	 * @param err     where errors and progress go
	 * @param args    the arguments after {@code deployforge}
	 * @return the exit code
	 */
	public static int execute(ImageService service, PrintWriter out, PrintWriter err, String... args) {
		OutputStream decoded = new OutputStream() {
			private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

			@Override
			public void write(int b) {
				pending.write(b);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				pending.write(bytes, offset, length);
			}

			@Override
			public void flush() {
				out.write(pending.toString(StandardCharsets.UTF_8));
				pending.reset();
				out.flush();
			}
		};
		CliContext context = new CliContext(service, InputStream.nullInputStream(), decoded, false, false);
		return RootCommand.run(context, out, err, args);
	}

	/**
	 * Runs a command with byte streams, as a process does: {@code update} reads {@code in}, {@code cat} writes file
	 * data to {@code out} unchanged, text goes to {@code out} in the platform charset.
	 *
	 * @return the exit code
	 */
	public static int execute(ImageService service, InputStream in, OutputStream out, OutputStream err,
			String... args) {
		Charset charset = Charset.defaultCharset();
		PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, charset), false);
		PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, charset), false);
		CliContext context = new CliContext(service, in, out, false, false);
		return RootCommand.run(context, outWriter, errWriter, args);
	}
}
