package org.deployforge.handler.iso.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Host-side file work for rebuilds: recursive delete and copy that never follow symbolic links. */
final class HostFiles {

	private HostFiles() {
	}

		/**
	 * Copies a file or folder; regular files are hard-linked when source and target share a file system (an added
	 * 5 GB install.wim is not copied just to be read once by genisoimage), copied otherwise.
	 */
	static void copyRecursively(Path source, Path target) throws IOException {
		if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
			linkOrCopy(source, target);
			return;
		}
		Files.walkFileTree(source, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
				Files.createDirectories(target.resolve(source.relativize(dir).toString()));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				if (attributes.isRegularFile()) {
					linkOrCopy(file, target.resolve(source.relativize(file).toString()));
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}

	private static void linkOrCopy(Path source, Path target) throws IOException {
		try {
			Files.createLink(target, source);
		} catch (FileSystemException | UnsupportedOperationException e) {
			Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
		}
	}

	/** @return the size of a file or of every regular file below a folder, in bytes, and the largest file */
	static long[] sizeAndLargest(Path path) throws IOException {
		long[] result = new long[2];
		Files.walkFileTree(path, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				if (attributes.isRegularFile()) {
					result[0] += attributes.size();
					result[1] = Math.max(result[1], attributes.size());
				}
				return FileVisitResult.CONTINUE;
			}
		});
		return result;
	}
}
