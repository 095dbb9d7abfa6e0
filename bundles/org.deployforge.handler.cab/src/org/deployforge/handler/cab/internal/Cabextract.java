package org.deployforge.handler.cab.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Runs {@code cabextract} (Debian package {@code cabextract}, 1.9; libmspack underneath: MSZIP, LZX and Quantum) to
 * get file data. {@code cabextract -p} writes the data of every selected file to standard output, one after the other
 * in CFFILE order; the sizes from our own parse of the CFFILE records split that stream into files. No name produced by
 * {@code cabextract} is ever used as a host path.
 */
final class Cabextract {

	static final String TOOL = "cabextract";

	private Cabextract() {
	}

	/** A running {@code cabextract -p}: its standard output, and its exit code and error output at the end. */
	static final class Stream extends FilterInputStream {

		private final Process process;
		private final CompletableFuture<String> stderr;
		private final Path cabinet;

		Stream(Process process, Path cabinet) {
			super(process.getInputStream());
			this.process = process;
			this.cabinet = cabinet;
			this.stderr = CompletableFuture.supplyAsync(() -> {
				try (InputStream err = process.getErrorStream()) {
					return new String(err.readAllBytes(), StandardCharsets.UTF_8).trim();
				} catch (IOException e) {
					return "(error output unreadable: " + e.getMessage() + ")";
				}
			});
		}

		/**
		 * Reads the rest of the output and waits for the exit.
		 *
		 * @return the number of bytes left over
		 * @throws ImageException when cabextract reported a failure
		 */
		long finish() throws ImageException {
			try {
				long rest = in.transferTo(OutputStreamNull.INSTANCE);
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new ImageException(cabinet, TOOL + " did not finish");
				}
				String errors = stderr.join();
				if (process.exitValue() != 0) {
					throw new org.deployforge.core.CorruptImageException(cabinet,
							TOOL + " could not decompress the cabinet (exit code " + process.exitValue() + ")"
									+ (errors.isEmpty() ? "" : ": " + errors));
				}
				return rest;
			} catch (IOException e) {
				throw new ImageException(cabinet, "cannot read the output of " + TOOL + ": " + e.getMessage(), e);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
				throw new ImageException(cabinet, "interrupted while " + TOOL + " ran");
			}
		}

		/** Skips exactly {@code count} bytes, or fewer at the end of the output; @return the bytes skipped */
		long skipNBytes0(long count) throws IOException {
			byte[] buffer = new byte[64 * 1024];
			long left = count;
			while (left > 0) {
				int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
				if (read < 0) {
					break;
				}
				left -= read;
			}
			return count - left;
		}

		@Override
		public void close() throws IOException {
			process.destroy();
			super.close();
		}
	}

	private static final class OutputStreamNull extends java.io.OutputStream {
		static final OutputStreamNull INSTANCE = new OutputStreamNull();

		@Override
		public void write(int b) {
			// discard
		}

		@Override
		public void write(byte[] b, int off, int len) {
			// discard
		}
	}

	/**
	 * Starts {@code cabextract -q -p [-F pattern] cabinet}.
	 *
	 * @param filter a {@code fnmatch} pattern ({@code FNM_CASEFOLD}) on cabextract's output name, or null for all files
	 */
	static Stream start(Path cabinet, @Nullable String filter) throws ImageException {
		List<String> command = new ArrayList<>(List.of(TOOL, "-q", "-p"));
		if (filter != null) {
			command.add("-F");
			command.add(filter);
		}
		command.add(cabinet.toAbsolutePath().toString());
		try {
			ProcessBuilder builder = new ProcessBuilder(command);
			builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
			return new Stream(builder.start(), cabinet);
		} catch (IOException e) {
			throw new ImageException(cabinet, "cannot run " + TOOL + " (install the Debian package 'cabextract'): "
					+ e.getMessage(), e);
		}
	}

	/**
	 * The name {@code cabextract} 1.9 prints and filters on ({@code create_output_name}): backslashes become slashes,
	 * and empty, {@code .} and {@code ..} components are dropped.
	 */
	static String outputName(String rawName) {
		List<String> parts = new ArrayList<>();
		for (String part : rawName.replace('\\', '/').split("/")) {
			if (!part.isEmpty() && !part.equals(".") && !part.equals("..")) {
				parts.add(part);
			}
		}
		return String.join("/", parts);
	}

	/**
	 * A {@code fnmatch} pattern that matches {@code name}: {@code * ? [ ] \} escaped, every non-ASCII character
	 * replaced by {@code *} (cabextract compares bytes in the cabinet's own encoding, which Java cannot pass on the
	 * command line exactly).
	 */
	static String pattern(String name) {
		StringBuilder pattern = new StringBuilder();
		for (char c : name.toCharArray()) {
			if (c >= 0x80) {
				if (pattern.isEmpty() || pattern.charAt(pattern.length() - 1) != '*') {
					pattern.append('*');
				}
			} else if ("*?[]\\".indexOf(c) >= 0) {
				pattern.append('\\').append(c);
			} else {
				pattern.append(c);
			}
		}
		return pattern.toString();
	}

	/** @return a Java pattern that matches what {@link #pattern(String)} matches, case-insensitively as cabextract */
	static Pattern regex(String name) {
		StringBuilder regex = new StringBuilder();
		boolean star = false;
		for (char c : name.toCharArray()) {
			if (c >= 0x80) {
				if (!star) {
					regex.append(".*");
				}
				star = true;
			} else {
				regex.append(Pattern.quote(String.valueOf(c)));
				star = false;
			}
		}
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
	}
}
