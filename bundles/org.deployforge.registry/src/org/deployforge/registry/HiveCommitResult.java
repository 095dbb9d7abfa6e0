package org.deployforge.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * What a hive commit wrote and what reading it back found.
 *
 * @param file     the hive file now on disk
 * @param changes  how many changes were written
 * @param verified how many changed keys and values were read back from the written file and matched
 * @param notes    facts a user should know (CurrentControlSet resolution, forced write of a dirty hive, …)
 */
public record HiveCommitResult(Path file, int changes, int verified, List<String> notes) {

	public HiveCommitResult {
		notes = List.copyOf(notes);
	}
}
