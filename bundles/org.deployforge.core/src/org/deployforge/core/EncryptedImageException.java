package org.deployforge.core;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/** The image is encrypted and cannot be read (for example an old encrypted ESD). */
public class EncryptedImageException extends ImageException {

	private static final long serialVersionUID = 1L;

	public EncryptedImageException(@Nullable Path file, String reason) {
		super(file, reason);
	}

	public EncryptedImageException(@Nullable Path file, String reason, @Nullable Throwable cause) {
		super(file, reason, cause);
	}
}
