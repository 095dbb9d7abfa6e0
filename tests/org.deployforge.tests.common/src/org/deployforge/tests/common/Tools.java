package org.deployforge.tests.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;

/**
 * Runs the real tools tests compare against ({@code wimlib-imagex}, {@code hivexget}, {@code xorriso}, {@code 7zz},
 * {@code qemu-img}, …). They are installed by the project's scripts ({@code releng/install-deps.sh}), so a missing tool
 * fails the test with a message naming the Debian package rather than skipping it.
 */
public final class Tools {

	/** The output of a finished tool. */
	public record Result(List<String> command, int exitCode, String stdout, String stderr) {

		/** @return this result, after failing the test when the exit code is not 0 */
		public Result assertOk() {
			Assertions.assertEquals(0, exitCode, () -> String.join(" ", command) + " failed with exit code " + exitCode
					+ "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
			return this;
		}
	}

	private Tools() {
	}

	/** Runs a tool in the current folder with a 10-minute limit. */
	public static Result run(String... command) throws IOException, InterruptedException {
		return run(null, Arrays.asList(command));
	}

	/**
	 * Runs a tool.
	 *
	 * @param directory the working folder, or null for the current one
	 */
	public static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
		if (directory != null) {
			builder.directory(directory.toFile());
		}
		Process process;
		try {
			process = builder.start();
		} catch (IOException e) {
			throw new IOException("cannot run " + command.get(0) + " (install the Debian packages with"
					+ " releng/install-deps.sh): " + e.getMessage(), e);
		}
		process.getOutputStream().close();
		Process started = process;
		var stderrReader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
			try {
				return started.getErrorStream().readAllBytes();
			} catch (IOException e) {
				return ("(stderr unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
			}
		});
		var stdout = process.getInputStream().readAllBytes();
		var stderr = stderrReader.join();
		if (!process.waitFor(10, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			Assertions.fail(command + " did not finish in 10 minutes");
		}
		return new Result(List.copyOf(command), process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
				new String(stderr, StandardCharsets.UTF_8));
	}

	/** Runs a tool and fails the test unless it exits 0. */
	public static Result ok(String... command) throws IOException, InterruptedException {
		return run(command).assertOk();
	}
}
