package org.deployforge.core;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/** A name inside an image or archive that would leave the target folder (.., absolute, drive-letter or UNC forms, NUL) or a link that leads out of it. */
public class UnsafePathException extends ImageException {

	private static final long serialVersionUID = 1L;

	public UnsafePathException(@Nullable Path file, String reason) {
		super(file, reason);
	}

	public UnsafePathException(@Nullable Path file, String reason, @Nullable Throwable cause) {
		super(file, reason, cause);
	}
}
