package org.deployforge.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A path inside an image, and the one place where an in-image name becomes a path on the host.
 * <p>
 * Parsing accepts both {@code /} and {@code \} as separators (Windows names cannot contain
 * {@code \}), ignores empty and {@code .} components, and rejects every form that could leave a
 * target folder: {@code ..} components, drive letters ({@code C:\Windows}), UNC names
 * ({@code \\server\share}), device paths ({@code \\?\}, {@code \\.\}) and NUL characters.
 * A leading {@code /} means the image root, so {@code /abs} and {@code abs} are the same path;
 * this neutralises absolute names in archives exactly as {@code tar} and {@code cabextract} do.
 * Names made only of three or more dots are ordinary names on Linux and stay inside the target.
 * <p>
 * {@link #resolveUnder(Path)} then maps a parsed path below a target folder and refuses to pass
 * through a symbolic link, so extraction never leaves the target folder (ARCHITECTURE "Reliability rules").
 */
public final class ImagePath implements Comparable<ImagePath> {

	/** The image root, {@code /}. */
	public static final ImagePath ROOT = new ImagePath(List.of());


	private final List<String> components;

	private ImagePath(List<String> components) {
		this.components = components;
	}

	/**
	 * Parses an in-image path.
	 *
	 * @param raw the name as stored in the image or typed by a user
	 * @return the normalised path
	 * @throws UnsafePathException when the name could leave a target folder (the message quotes the name and says why)
	 */
	public static ImagePath parse(String raw) throws UnsafePathException {
		if (raw.indexOf('\0') >= 0) {
			throw unsafe(raw, "contains a NUL character");
		}
		if (raw.startsWith("\\\\") || raw.startsWith("//")) {
			throw unsafe(raw, "is a UNC or device path (\\\\server\\share, \\\\?\\)");
		}
		if (startsWithDriveLetter(raw)) {
			throw unsafe(raw, "starts with a drive letter");
		}
		// split at '/' and '\\' by hand: this runs once per entry of every listing (String.split with a character
		// class compiles a pattern on every call)
		List<String> parts = new ArrayList<>();
		int start = 0;
		for (int i = 0; i <= raw.length(); i++) {
			if (i < raw.length() && raw.charAt(i) != '/' && raw.charAt(i) != '\\') {
				continue;
			}
			String part = raw.substring(start, i);
			start = i + 1;
			if (part.isEmpty() || part.equals(".")) {
				continue;
			}
			if (part.equals("..")) {
				throw unsafe(raw, "has a '..' component that would climb out of the target folder");
			}
			if (part.length() == 2 && startsWithDriveLetter(part)) {
				throw unsafe(raw, "has a drive-letter component '" + part + "'");
			}
			parts.add(part);
		}
		return new ImagePath(Collections.unmodifiableList(parts));
	}

	/** @return whether {@code name} starts with an ASCII letter and a colon ({@code C:}) */
	private static boolean startsWithDriveLetter(String name) {
		if (name.length() < 2 || name.charAt(1) != ':') {
			return false;
		}
		char letter = name.charAt(0);
		return letter >= 'A' && letter <= 'Z' || letter >= 'a' && letter <= 'z';
	}

	private static UnsafePathException unsafe(String raw, String why) {
		return new UnsafePathException(null, "unsafe name '" + printable(raw) + "': it " + why);
	}

	/** @return the name with control characters shown as {@code \xNN}, fit for an error message */
	public static String printable(String raw) {
		StringBuilder out = new StringBuilder(raw.length());
		for (char c : raw.toCharArray()) {
			if (c < 0x20 || c == 0x7F) {
				out.append(String.format("\\x%02X", (int) c));
			} else {
				out.append(c);
			}
		}
		return out.toString();
	}

	/** @return the components from the root, e.g. [Windows, System32] */
	public List<String> components() {
		return components;
	}

	public boolean isRoot() {
		return components.isEmpty();
	}

	/** @return the last component, empty for the root */
	public String name() {
		return components.isEmpty() ? "" : components.get(components.size() - 1);
	}

	/** @return the parent, or null for the root */
	public @Nullable ImagePath parent() {
		return components.isEmpty() ? null : new ImagePath(components.subList(0, components.size() - 1));
	}

	/**
	 * @param relative a relative name, parsed with the same rules
	 * @return this path with {@code relative} appended
	 */
	public ImagePath resolve(String relative) throws UnsafePathException {
		ImagePath tail = parse(relative);
		List<String> joined = new ArrayList<>(components);
		joined.addAll(tail.components);
		return new ImagePath(Collections.unmodifiableList(joined));
	}

	/** @return whether {@code other} equals this path or lies below it */
	public boolean contains(ImagePath other) {
		return other.components.size() >= components.size()
				&& other.components.subList(0, components.size()).equals(components);
	}

	/**
	 * Maps this path below {@code targetDirectory} for extraction.
	 *
	 * @param targetDirectory the folder extraction writes into
	 * @return a path that is {@code targetDirectory} or lies below it
	 * @throws UnsafePathException when an existing component below the target is a symbolic link, or the
	 *                             result would otherwise leave the target (checked after normalisation)
	 */
	public Path resolveUnder(Path targetDirectory) throws UnsafePathException {
		Path root = targetDirectory.toAbsolutePath().normalize();
		Path result = root;
		for (String component : components) {
			result = result.resolve(component);
			if (Files.isSymbolicLink(result)) {
				throw new UnsafePathException(null, "refusing to write '" + this + "' through the symbolic link " + result
						+ " (it could lead out of " + root + ")");
			}
		}
		Path normalized = result.normalize();
		if (!normalized.startsWith(root)) {
			throw new UnsafePathException(null, "refusing to write '" + this + "' outside " + root);
		}
		return normalized;
	}

	/**
	 * Like {@link #resolveUnder(Path)}, and also checks the target folder's real location still holds the result
	 * once existing links above it are resolved.
	 */
	public Path resolveUnderReal(Path targetDirectory) throws UnsafePathException, IOException {
		Path result = resolveUnder(targetDirectory);
		Path realRoot = targetDirectory.toRealPath();
		Path existing = result;
		while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
			existing = existing.getParent();
		}
		if (existing != null && !existing.toRealPath().startsWith(realRoot)) {
			throw new UnsafePathException(null, "refusing to write '" + this + "' outside " + realRoot);
		}
		return result;
	}

	@Override
	public int compareTo(ImagePath other) {
		return toString().compareTo(other.toString());
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof ImagePath path && path.components.equals(components);
	}

	@Override
	public int hashCode() {
		return components.hashCode();
	}

	/** @return the canonical form, {@code /} for the root, else {@code /a/b} */
	@Override
	public String toString() {
		return "/" + String.join("/", components);
	}
}
