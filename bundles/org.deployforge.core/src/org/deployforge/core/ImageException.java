package org.deployforge.core;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The root of DeployForge's errors about an image file. The message always names the file and says
 * what went wrong, in words a deployment engineer can act on: {@code "install.esd: this ESD is
 * encrypted; wimlib cannot read encrypted ESDs"}.
 */
public class ImageException extends IOException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Path file;
	private final String reason;

	/**
	 * @param file   the image file the error is about, or null where none is known
	 * @param reason what went wrong, without the file name
	 */
	public ImageException(@Nullable Path file, String reason) {
		this(file, reason, null);
	}

	public ImageException(@Nullable Path file, String reason, @Nullable Throwable cause) {
		super(file == null ? reason : file + ": " + reason, cause);
		this.file = file;
		this.reason = reason;
	}

	/** @return the image file the error is about, or null */
	public @Nullable Path file() {
		return file;
	}

	/** @return what went wrong, without the file name */
	public String reason() {
		return reason;
	}
}
