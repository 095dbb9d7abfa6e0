package org.deployforge.cli.internal;

/**
 * A command line that cannot be carried out as written (exit code 2), found after parsing: several images and no
 * {@code --index}, an index out of range, options that contradict each other. The message says what to write instead.
 */
final class UsageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	UsageException(String message) {
		super(message);
	}
}
