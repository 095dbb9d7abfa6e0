package org.deployforge.registry;

import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Facts about one key.
 *
 * @param path        the key's path from the hive root, {@code \}-separated, as stored (empty for the root)
 * @param name        the key's name as stored (any Unicode)
 * @param lastWritten the key's last-written time (nk cell FILETIME, 100 ns since 1601-01-01 UTC, via
 *                    {@code hivex_node_timestamp}); keys hivex creates inherit their parent's time
 * @param className   the key's class name (read from the nk cell by us; hivex has no call for it), or null
 * @param subkeys     the number of subkeys
 * @param values      the number of values
 */
public record KeyInfo(String path, String name, Instant lastWritten, @Nullable String className, int subkeys,
		int values) {
}
