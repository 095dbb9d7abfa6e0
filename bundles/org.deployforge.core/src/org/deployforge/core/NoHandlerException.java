package org.deployforge.core;

import java.nio.file.Path;

/**
 * The file was recognised by its signature, but no installed handler opens that format
 * ({@code "disk.vhdx: no handler installed for VHDX"}).
 */
public class NoHandlerException extends ImageException {

	private static final long serialVersionUID = 1L;

	private final ImageFormat format;

	public NoHandlerException(Path file, ImageFormat format) {
		super(file, advice(format));
		this.format = format;
	}

	private static String advice(ImageFormat format) {
		if (format.id().equals(KnownFormats.HIVE.id())) {
			return "this is a registry hive, not an image; open it with 'deployforge reg ls'";
		}
		return "no handler installed for " + format.shortName() + " (" + format.displayName()
				+ "); install one from an update site with 'deployforge plugins install' (in the workbench: Help > Install"
				+ " New Software...)";
	}

	/** @return the recognised format */
	public ImageFormat format() {
		return format;
	}
}
