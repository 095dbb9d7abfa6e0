package org.deployforge.registry;

import java.nio.file.Path;

import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/** A {@code .reg} file that cannot be read: the message names the file and the line. Nothing was changed. */
public class RegFormatException extends ImageException {

	private static final long serialVersionUID = 1L;

	private final int line;

	/**
	 * @param file   the .reg file
	 * @param line   the 1-based line number (of the first physical line of a continued line), 0 for the whole file
	 * @param reason what is wrong
	 */
	public RegFormatException(@Nullable Path file, int line, String reason) {
		super(file, (line > 0 ? "line " + line + ": " : "") + reason);
		this.line = line;
	}

	/** @return the 1-based line number, 0 when the problem is not on one line */
	public int line() {
		return line;
	}
}
