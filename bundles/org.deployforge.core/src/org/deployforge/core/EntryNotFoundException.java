package org.deployforge.core;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/** A path does not exist inside the image. */
public class EntryNotFoundException extends ImageException {

	private static final long serialVersionUID = 1L;

	public EntryNotFoundException(@Nullable Path file, String reason) {
		super(file, reason);
	}

	public EntryNotFoundException(@Nullable Path file, String reason, @Nullable Throwable cause) {
		super(file, reason, cause);
	}
}
