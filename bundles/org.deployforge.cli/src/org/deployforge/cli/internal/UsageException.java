package org.deployforge.cli.internal;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A command line that cannot be carried out as written (exit code 2), found after parsing: several images and no
 * {@code --index}, an index out of range, options that contradict each other. The message says what to write instead.
 */
final class UsageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Path file;
	private final String afterFile;

	UsageException(String message) {
		super(message);
		this.file = null;
		this.afterFile = message;
	}

	/**
	 * A message that starts with a file's name ({@code "install.wim holds 3 images; …"}), so the command line can
	 * name the file as the user typed it.
	 *
	 * @param afterFile the rest of the message, from the character after the file name
	 */
	UsageException(Path file, String afterFile) {
		super(file + afterFile);
		this.file = file;
		this.afterFile = afterFile;
	}

	/**
	 * @return whether the message is about a file's images (several and no {@code --index}, an index it does not hold)
	 *         and lists them, rather than about the options (which get a pointer to {@code --help})
	 */
	boolean listsImages() {
		return file != null;
	}

	/** @return the message with the file named by {@code names} */
	String message(FileNames names) {
		Path about = file;
		return about == null ? getMessage() : names.show(about) + afterFile;
	}
}
