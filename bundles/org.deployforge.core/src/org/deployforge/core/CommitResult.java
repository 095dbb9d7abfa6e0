package org.deployforge.core;

import java.nio.file.Path;
import java.util.List;

/**
 * What a commit wrote.
 *
 * @param file    the image file now on disk
 * @param changes how many staged changes were written
 * @param bytes   the size of the image file after the commit, in bytes
 * @param notes   facts a user should know, e.g. "rebuilt by genisoimage with ISO 9660 + Joliet + UDF 1.02"
 */
public record CommitResult(Path file, int changes, long bytes, List<String> notes) {

	public CommitResult {
		notes = List.copyOf(notes);
	}
}
