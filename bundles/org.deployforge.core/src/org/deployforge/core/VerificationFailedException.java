package org.deployforge.core;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/** An integrity check or hash comparison failed. */
public class VerificationFailedException extends ImageException {

	private static final long serialVersionUID = 1L;

	public VerificationFailedException(@Nullable Path file, String reason) {
		super(file, reason);
	}

	public VerificationFailedException(@Nullable Path file, String reason, @Nullable Throwable cause) {
		super(file, reason, cause);
	}
}
