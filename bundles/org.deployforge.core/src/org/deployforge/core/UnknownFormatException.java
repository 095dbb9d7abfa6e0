package org.deployforge.core;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/** The file is not a format DeployForge recognises. */
public class UnknownFormatException extends ImageException {

	private static final long serialVersionUID = 1L;

	public UnknownFormatException(@Nullable Path file, String reason) {
		super(file, reason);
	}

	public UnknownFormatException(@Nullable Path file, String reason, @Nullable Throwable cause) {
		super(file, reason, cause);
	}
}
