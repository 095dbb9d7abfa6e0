package org.deployforge.core;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/** A part of a multi-part image (split WIM part, differencing disk parent) cannot be found. */
public class MissingPartException extends ImageException {

	private static final long serialVersionUID = 1L;

	public MissingPartException(@Nullable Path file, String reason) {
		super(file, reason);
	}

	public MissingPartException(@Nullable Path file, String reason, @Nullable Throwable cause) {
		super(file, reason, cause);
	}
}
