package org.deployforge.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.deployforge.core.EntryVisitor;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageTree;
import org.deployforge.core.LeftOutEntry;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The one place where in-image paths typed by a user meet the names an image stores, for every handler: Windows looks
 * names up without regard to case, so a path with no exact match is resolved component by component ignoring case (an
 * exact match always wins; names that differ only in case and match equally are an error listing them). Paths that do
 * not exist yet ({@code add}, the target of a rename) keep their existing folders' stored case. Before a change is
 * staged, the folders it goes into are checked, so that a file in the way is reported by name instead of as a
 * library error code.
 *
 * @param delegate the handler's tree
 * @param image    the session it belongs to (named in errors)
 */
record ResolvingTree(ImageTree delegate, Image image) implements ImageTree {

	@Override
	public int index() {
		return delegate.index();
	}

	/**
	 * @return {@code raw} in canonical form, with each leading component that exists in the image spelled as stored;
	 *         components from the first missing one on are kept as given
	 * @throws ImageException when a component matches several stored names that differ only in case
	 */
	String resolve(String raw) throws ImageException {
		ImagePath wanted = ImagePath.parse(raw);
		if (wanted.isRoot() || existing(wanted).isPresent()) {
			return wanted.toString();
		}
		ImagePath current = ImagePath.ROOT;
		List<String> components = wanted.components();
		int resolved = 0;
		for (String component : components) {
			ImageEntry match = match(current, component);
			if (match == null) {
				break;
			}
			current = ImagePath.parse(match.path());
			resolved++;
			if (!match.directory()) {
				break;
			}
		}
		for (String rest : components.subList(resolved, components.size())) {
			current = current.resolve(rest);
		}
		return current.toString();
	}

	/** @return the entry stored exactly at {@code path}, or empty (also when the handler cannot look it up) */
	private Optional<ImageEntry> existing(ImagePath path) {
		try {
			return delegate.find(path.toString());
		} catch (ImageException e) {
			return Optional.empty();
		}
	}

	/** @return the child of {@code folder} named {@code name} exactly, else the only one named so ignoring case */
	private @Nullable ImageEntry match(ImagePath folder, String name) throws ImageException {
		List<ImageEntry> children;
		try {
			children = delegate.list(folder.toString());
		} catch (ImageException e) {
			return null;
		}
		List<ImageEntry> variants = new ArrayList<>();
		for (ImageEntry child : children) {
			String childName = ImagePath.parse(child.path()).name();
			if (childName.equals(name)) {
				return child;
			}
			if (childName.equalsIgnoreCase(name)
					|| childName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
				variants.add(child);
			}
		}
		if (variants.size() > 1) {
			List<String> paths = variants.stream().map(ImageEntry::path).toList();
			throw new ImageException(image.file(), "'" + folder.resolve(name) + "' matches " + variants.size()
					+ " names in image " + delegate.index() + " that differ only in case: " + String.join(", ", paths)
					+ "; give the exact one");
		}
		return variants.isEmpty() ? null : variants.get(0);
	}

	/**
	 * Checks the folders above a new entry: a file in the way is an error naming it. Whether missing folders are
	 * created (wimlib's add, an ISO rebuild) or refused (wimlib's rename) is the handler's to say.
	 */
	private void checkParent(String path) throws ImageException {
		ImagePath parent = ImagePath.parse(path).parent();
		List<ImagePath> ancestors = new ArrayList<>();
		for (ImagePath at = parent; at != null && !at.isRoot(); at = at.parent()) {
			ancestors.add(0, at);
		}
		for (ImagePath ancestor : ancestors) {
			Optional<ImageEntry> entry = existing(ancestor);
			if (entry.isEmpty()) {
				return;
			}
			if (!entry.get().directory()) {
				throw new ImageException(image.file(), "no such folder in image " + delegate.index() + ": "
						+ ancestor + " is a file (cannot put " + path + " below it)");
			}
		}
	}

	@Override
	public ImageEntry stat(String path) throws ImageException {
		return delegate.stat(resolve(path));
	}

	@Override
	public List<ImageEntry> list(String directory) throws ImageException {
		return delegate.list(resolve(directory));
	}

	@Override
	public void walk(String directory, EntryVisitor visitor) throws ImageException {
		delegate.walk(resolve(directory), visitor);
	}

	@Override
	public List<LeftOutEntry> leftOut(String directory, boolean recursive) throws ImageException {
		return delegate.leftOut(resolve(directory), recursive);
	}

	@Override
	public InputStream read(String path) throws ImageException {
		return delegate.read(resolve(path));
	}

	@Override
	public ExtractResult extract(List<String> paths, Path targetDirectory, IProgressMonitor monitor)
			throws ImageException {
		List<String> resolved = new ArrayList<>();
		for (String path : paths) {
			resolved.add(resolve(path));
		}
		return delegate.extract(resolved, targetDirectory, monitor);
	}

	@Override
	public void add(Path source, String pathInImage) throws ImageException {
		String resolved = resolve(pathInImage);
		checkParent(resolved);
		checkWindowsNames(source);
		delegate.add(source, resolved);
	}

	/** Characters a Windows file name cannot hold (Microsoft, "Naming Files, Paths, and Namespaces"). */
	private static final String FORBIDDEN = "\\/:*?\"<>|";

	/** Device names Windows reserves, with or without an extension. */
	private static final Pattern RESERVED = Pattern.compile(
			"(?i)(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\\..*)?");

	/**
	 * Refuses a host folder holding a file or folder whose name Windows cannot use: once in the image it could not be
	 * addressed ({@code \} is a separator there) nor used by Windows Setup.
	 *
	 * @throws ImageException naming the host file and the reason
	 */
	private void checkWindowsNames(Path source) throws ImageException {
		List<Path> files = new ArrayList<>();
		if (Files.isDirectory(source)) {
			try (Stream<Path> walk = Files.walk(source)) {
				walk.skip(1).forEach(files::add);
			} catch (IOException | UncheckedIOException e) {
				return; // unreadable sources are the handler's to report
			}
		}
		// the source's own name does not go into the image (PATH_IN_IMAGE names it); the names below a folder do
		for (Path file : files) {
			Path name = file.getFileName();
			if (name == null) {
				continue;
			}
			String text = name.toString();
			String reason = null;
			for (char c : text.toCharArray()) {
				if (c < 32 || FORBIDDEN.indexOf(c) >= 0) {
					reason = "a Windows file name cannot contain " + (c < 32 ? "control characters" : "'" + c + "'");
					break;
				}
			}
			if (reason == null && (text.endsWith(".") || text.endsWith(" "))) {
				reason = "a Windows file name cannot end with a dot or a space";
			}
			if (reason == null && RESERVED.matcher(text).matches()) {
				reason = "'" + text.split("\\.", 2)[0] + "' is a device name Windows reserves";
			}
			if (reason != null) {
				throw new ImageException(image.file(), "cannot add " + file + ": " + reason);
			}
		}
	}

	@Override
	public void remove(String path) throws ImageException {
		delegate.remove(resolve(path));
	}

	@Override
	public void rename(String from, String to) throws ImageException {
		String source = resolve(from);
		ImagePath typed = ImagePath.parse(to);
		String target = resolve(to);
		ImagePath resolvedTarget = ImagePath.parse(target);
		ImagePath parent = resolvedTarget.parent();
		if (resolvedTarget.equals(ImagePath.parse(source)) && !typed.equals(resolvedTarget) && parent != null) {
			// a change of case only: resolving found the entry itself; the new name is spelled as typed
			target = parent.resolve(typed.name()).toString();
		}
		if (target.toLowerCase(Locale.ROOT).startsWith(source.toLowerCase(Locale.ROOT) + "/")) {
			throw new ImageException(image.file(), "cannot move '" + source + "' into itself ('" + target + "')");
		}
		checkParent(target);
		delegate.rename(source, target);
	}
}
