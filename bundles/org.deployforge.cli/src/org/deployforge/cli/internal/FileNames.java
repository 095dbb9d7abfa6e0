package org.deployforge.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * How the command line names files in what it prints: as the user typed them, as {@code wimlib-imagex} and DISM do
 * ({@code deployforge: install.wim: …}, never {@code /home/me/install.wim} for {@code install.wim}). Handlers name
 * files as they opened them, often absolute; this maps such a name back to the argument it came from. A file the
 * user did not type but that lies beside one they did (a later part of a split set, {@code install2.swm}) is named
 * as it would have been typed ({@code media/install2.swm} for {@code media/install.swm}); any other file keeps the
 * handler's name.
 */
final class FileNames {

	private final List<Path> typed;
	private final @Nullable Path subject;

	private FileNames(List<Path> typed, @Nullable Path subject) {
		this.typed = typed;
		this.subject = subject;
	}

	/**
	 * @return the names given on the command line of {@code spec} (its {@code Path} arguments, and the image part of an
	 *         {@code IMAGE::PATH} argument); the subject is its first positional {@code Path} (IMAGE, DISK, FIRST.swm)
	 */
	static FileNames of(@Nullable CommandSpec spec) {
		List<Path> typed = new ArrayList<>();
		Path subject = null;
		if (spec != null) {
			for (ArgSpec arg : spec.args()) {
				Object value = arg.getValue();
				List<Path> paths = new ArrayList<>();
				if (value instanceof Path path) {
					paths.add(path);
				} else if (value instanceof Collection<?> values) {
					for (Object element : values) {
						if (element instanceof Path path) {
							paths.add(path);
						}
					}
				} else if (value instanceof String text && arg.isPositional() && text.contains("::")) {
					paths.add(Path.of(text.substring(0, text.indexOf("::"))));
				}
				typed.addAll(paths);
				if (subject == null && arg instanceof PositionalParamSpec && !paths.isEmpty()) {
					subject = paths.get(0);
				}
			}
		}
		return new FileNames(typed, subject);
	}

	/** @return the file the command works on (its first positional file argument), or null */
	@Nullable
	Path subject() {
		return subject;
	}

	/** @return {@code file} as the user typed it (or would have, for a file beside one they typed) */
	String show(Path file) {
		Path absolute = absolute(file);
		for (Path given : typed) {
			if (absolute(given).equals(absolute)) {
				return given.toString();
			}
		}
		Path name = absolute.getFileName();
		if (name != null && !file.toString().contains("::")) {
			for (Path given : typed) {
				Path parent = absolute(given).getParent();
				if (parent != null && parent.equals(absolute.getParent())) {
					return given.resolveSibling(name).toString();
				}
			}
		}
		return file.toString();
	}

	/**
	 * @return the one-line error for {@code error}: {@code "FILE: reason"} with FILE as typed; an error that names no
	 *         file (an unsafe in-image name, say) is about the command's subject and named after it
	 */
	String message(ImageException error) {
		Path file = error.file();
		if (file != null) {
			return show(file) + ": " + error.reason();
		}
		Path about = subject;
		return about == null ? error.getMessage() : show(about) + ": " + error.reason();
	}

	private static Path absolute(Path path) {
		try {
			return path.toAbsolutePath().normalize();
		} catch (RuntimeException e) {
			return path;
		}
	}
}
