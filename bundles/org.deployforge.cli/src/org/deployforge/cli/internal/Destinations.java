package org.deployforge.cli.internal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.deployforge.core.ImageException;

/**
 * The one rule for files a command creates (docs/cli.md "Conventions"): an existing destination is refused with exit 1
 * unless {@code --force} is given, as wimlib-imagex and DISM refuse; with {@code --force} it is replaced atomically (the
 * new file is written beside it and renamed over it).
 */
final class Destinations {

	/** The reason given for an existing destination. */
	static final String EXISTS = "already exists (use --force to replace it)";

	/** The {@code --force} option's help text. */
	static final String FORCE_HELP = "Replace DEST when it exists (written beside it, then renamed over it).";

	private Destinations() {
	}

	/**
	 * @param destination the file a command is about to create
	 * @param force       whether {@code --force} was given
	 * @throws ImageException "DEST: already exists (use --force to replace it)" when it exists and force is not given,
	 *                        "DIR: folder does not exist" when its folder is missing
	 */
	static void check(Path destination, boolean force) throws ImageException {
		if (Files.isDirectory(destination)) {
			throw new ImageException(destination, "is a folder; give a file name");
		}
		if (!force && Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
			throw new ImageException(destination, EXISTS);
		}
		Path folder = destination.toAbsolutePath().getParent();
		if (folder != null && !Files.isDirectory(folder)) {
			throw new ImageException(folder, Files.exists(folder) ? "is not a folder" : "folder does not exist");
		}
	}
}
