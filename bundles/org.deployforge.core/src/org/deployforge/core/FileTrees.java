package org.deployforge.core;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Deletes host files and folder trees: work folders, staged copies, what a failed extraction leaves. A symbolic link
 * is deleted as a link and never followed ({@link Files#walkFileTree} without {@code FOLLOW_LINKS}), so a link inside
 * a work folder cannot make a clean-up delete anything outside it. A path that does not exist is no error.
 */
public final class FileTrees {

	private FileTrees() {
	}

	/**
	 * Deletes a file, a link or a folder with everything below it.
	 *
	 * @throws IOException the first entry that cannot be deleted (what was deleted before it stays deleted)
	 */
	public static void delete(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		Files.walkFileTree(path, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path folder, @Nullable IOException failure) throws IOException {
				if (failure != null) {
					throw failure;
				}
				Files.delete(folder);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	/**
	 * Deletes what can be deleted of a file, a link or a folder tree and goes on past what cannot (clean-up in
	 * {@code finally} blocks, where a leftover work folder is harmless and another error would hide the first).
	 *
	 * @param path what to delete; null (a work folder never made) does nothing
	 */
	public static void deleteQuietly(@Nullable Path path) {
		if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try {
			Files.walkFileTree(path, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					deleteIfPossible(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException failure) {
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path folder, @Nullable IOException failure) {
					deleteIfPossible(folder);
					return FileVisitResult.CONTINUE;
				}
			});
		} catch (IOException e) {
			// the visitor reports nothing: only the walk's start can fail, and then there is nothing to delete
		}
	}

	private static void deleteIfPossible(Path path) {
		try {
			Files.deleteIfExists(path);
		} catch (IOException e) {
			// left behind; the caller's work folders carry recognisable names
		}
	}
}
