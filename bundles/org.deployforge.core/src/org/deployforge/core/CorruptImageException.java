package org.deployforge.core;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/** The image is damaged or not what its header claims: a bad checksum, a truncated file, a broken descriptor. */
public class CorruptImageException extends ImageException {

	private static final long serialVersionUID = 1L;

	public CorruptImageException(@Nullable Path file, String reason) {
		super(file, reason);
	}

	public CorruptImageException(@Nullable Path file, String reason, @Nullable Throwable cause) {
		super(file, reason, cause);
	}
}
