package org.deployforge.core;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/** The image's format does not offer the requested operation. */
public class UnsupportedCapabilityException extends ImageException {

	private static final long serialVersionUID = 1L;

	public UnsupportedCapabilityException(@Nullable Path file, String reason) {
		super(file, reason);
	}

	public UnsupportedCapabilityException(@Nullable Path file, String reason, @Nullable Throwable cause) {
		super(file, reason, cause);
	}
}
