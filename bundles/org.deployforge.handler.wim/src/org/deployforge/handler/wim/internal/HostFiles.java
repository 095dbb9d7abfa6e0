package org.deployforge.handler.wim.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;

/** Host-side file work around wimlib extraction: counting, moving a staging folder into place, deleting. */
final class HostFiles {

	/** Files, folders and bytes below a folder. */
	static final class Counts {
		long files;
		long folders;
		long bytes;
	}

	private HostFiles() {
	}

	/** Counts what lies below {@code folder} (not following links; links count as files). */
	static void count(Path folder, Counts counts) throws IOException {
		Files.walkFileTree(folder, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
				if (!dir.equals(folder)) {
					counts.folders++;
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
				counts.files++;
				if (attrs.isRegularFile()) {
					counts.bytes += attrs.size();
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}

	/**
	 * Moves every child of {@code staging} into {@code target}: folders merge, files replace. Each name goes through
	 * {@link ImagePath#resolveUnder(Path)}, so nothing lands outside {@code target} or passes through a link.
	 */
	static void moveChildren(Path image, Path staging, Path target) throws ImageException, IOException {
		try (DirectoryStream<Path> children = Files.newDirectoryStream(staging)) {
			for (Path child : children) {
				String name = child.getFileName().toString();
				Path destination = ImagePath.parse(name).resolveUnder(target);
				if (!destination.getParent().equals(target.toAbsolutePath().normalize())) {
					throw new ImageException(image, "refusing to write '" + name + "' outside " + target);
				}
				move(image, child, destination);
			}
		}
	}

	private static void move(Path image, Path from, Path to) throws ImageException, IOException {
		boolean fromDirectory = Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS);
		if (Files.isSymbolicLink(to)) {
			Files.delete(to); // replace a link, never write through it
		}
		if (fromDirectory && Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
			FileTime modified = Files.getLastModifiedTime(from, LinkOption.NOFOLLOW_LINKS);
			moveChildren(image, from, to);
			Files.delete(from);
			Files.setLastModifiedTime(to, modified);
			return;
		}
		if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
			throw new ImageException(image, "cannot extract the file " + to.getFileName() + ": a folder of that name"
					+ " already exists in " + to.getParent());
		}
		Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
