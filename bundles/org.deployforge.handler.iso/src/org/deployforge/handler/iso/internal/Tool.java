package org.deployforge.handler.iso.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Runs the external tools this handler drives ({@code 7zz}, {@code genisoimage}, {@code xorriso},
 * {@code wimlib-imagex}) as processes: arguments as a list (never through a shell), standard input closed, standard
 * error collected for the error message, cancellation through the monitor (the process is destroyed).
 */
final class Tool {

	/** The output of a finished tool. */
	record Result(int exitCode, String stdout, String stderr) {
	}

	private Tool() {
	}

	/** Starts a tool; the caller reads its output. */
	static Process start(Path image, List<String> command) throws ImageException {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
		builder.environment().put("LC_ALL", "C.UTF-8");
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			return process;
		} catch (IOException e) {
			throw new ImageException(image, "cannot run " + command.get(0) + " (Debian package " + packageOf(command.get(0))
					+ "): " + e.getMessage(), e);
		}
	}

	/**
	 * Runs a tool to its end, collecting both outputs.
	 *
	 * @param monitor checked every 100 ms; cancelling destroys the process and throws {@link OperationCanceledException}
	 */
	static Result run(Path image, List<String> command, @Nullable IProgressMonitor monitor) throws ImageException {
		Process process = start(image, command);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		Thread outReader = drain(process.getInputStream(), out);
		Thread errReader = drain(process.getErrorStream(), err);
		try {
			while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
				if (monitor != null && monitor.isCanceled()) {
					process.destroyForcibly();
					process.waitFor();
					throw new OperationCanceledException();
				}
			}
			outReader.join();
			errReader.join();
		} catch (InterruptedException e) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new ImageException(image, command.get(0) + " was interrupted", e);
		}
		return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** Runs a tool and fails with its last lines of standard error unless it exits 0. */
	static Result ok(Path image, List<String> command, @Nullable IProgressMonitor monitor) throws ImageException {
		Result result = run(image, command, monitor);
		if (result.exitCode() != 0) {
			throw new ImageException(image, command.get(0) + " failed (exit code " + result.exitCode() + "): "
					+ tail(result.stderr().isBlank() ? result.stdout() : result.stderr()));
		}
		return result;
	}

	static Thread drain(InputStream stream, ByteArrayOutputStream into) {
		Thread thread = new Thread(() -> {
			try (stream) {
				stream.transferTo(into);
			} catch (IOException e) {
				// the process died; its exit code tells
			}
		}, "deployforge-iso-tool-output");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/** @return the last few non-blank lines of a tool's output, joined with " | " */
	static String tail(String output) {
		List<String> lines = output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
		List<String> last = lines.subList(Math.max(0, lines.size() - 4), lines.size());
		return last.isEmpty() ? "(no output)" : String.join(" | ", last);
	}

	private static String packageOf(String tool) {
		return switch (tool) {
		case "7zz" -> "7zip";
		case "genisoimage" -> "genisoimage";
		case "xorriso" -> "xorriso";
		case "wimlib-imagex" -> "wimtools";
		default -> tool;
		};
	}
}
