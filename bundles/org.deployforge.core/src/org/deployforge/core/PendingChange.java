package org.deployforge.core;

import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A change staged in an {@link Image} and not yet committed.
 *
 * @param kind   what the change does
 * @param index  the 1-based image index it applies to
 * @param path   the in-image path added, removed or renamed (its old name)
 * @param target the new in-image path of a rename, else null
 * @param source the host file or folder an add copies in, else null
 */
public record PendingChange(Kind kind, int index, String path, @Nullable String target, @Nullable Path source) {

	/** The kinds of staged change. */
	public enum Kind {
		ADD, REMOVE, RENAME, PROPERTIES
	}

	public static PendingChange add(int index, Path source, String path) {
		return new PendingChange(Kind.ADD, index, path, null, source);
	}

	public static PendingChange remove(int index, String path) {
		return new PendingChange(Kind.REMOVE, index, path, null, null);
	}

	public static PendingChange rename(int index, String from, String to) {
		return new PendingChange(Kind.RENAME, index, from, to, null);
	}

	/** @return a one-line description, e.g. "rename /a.txt -> /b.txt (index 2)" */
	public String describe() {
		return switch (kind) {
		case ADD -> "add " + source + " as " + path + " (index " + index + ")";
		case REMOVE -> "remove " + path + " (index " + index + ")";
		case RENAME -> "rename " + path + " -> " + target + " (index " + index + ")";
		case PROPERTIES -> "set " + path + (target == null ? "" : " = " + target) + " (index " + index + ")";
		};
	}
}
