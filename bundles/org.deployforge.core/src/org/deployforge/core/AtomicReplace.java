package org.deployforge.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Write-beside-then-rename, the commit protocol of every handler: the new content goes to a hidden temporary file in
 * the same folder as the target (so the rename never crosses file systems), and only a complete file is renamed over
 * the target with {@link StandardCopyOption#ATOMIC_MOVE}. A replaced file keeps its POSIX permissions; a new file
 * gets the process's umask, like any file the user creates. Until then the original stays byte-identical; a process killed
 * mid-write leaves at most a {@code .NAME.*.deployforge-tmp} file, which {@link #cleanStale(Path)} removes.
 */
public final class AtomicReplace implements AutoCloseable {

	/** Suffix of temporary files written beside a target. */
	public static final String TEMP_SUFFIX = ".deployforge-tmp";

	private final Path target;
	private final Path temporary;
	private boolean done;

	private AtomicReplace(Path target, Path temporary) {
		this.target = target;
		this.temporary = temporary;
	}

	/**
	 * Reserves a temporary file beside {@code target}.
	 *
	 * @throws ImageException when the folder cannot be written
	 */
	public static AtomicReplace beside(Path target) throws ImageException {
		Path absolute = target.toAbsolutePath();
		Path folder = absolute.getParent();
		requireFolder(folder);
		try {
			// not Files.createTempFile: it makes the file 0600 whatever the umask, and images on a deployment
			// share must stay readable by the accounts that read them
			for (int attempt = 0;; attempt++) {
				String unique = Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36);
				Path temporary = folder.resolve("." + absolute.getFileName() + "." + unique + TEMP_SUFFIX);
				try {
					Files.createFile(temporary);
					return new AtomicReplace(absolute, temporary);
				} catch (java.nio.file.FileAlreadyExistsException e) {
					if (attempt > 100) {
						throw e;
					}
				}
			}
		} catch (IOException e) {
			throw new ImageException(target, "cannot create a work file in " + folder + ": " + IoErrors.reason(e), e);
		}
	}

	/**
	 * Checks that the folder a new file goes into is there, so that a mistyped destination is reported as such and
	 * not as a failed work file.
	 *
	 * @throws ImageException "DIR: folder does not exist" or "DIR: is not a folder"
	 */
	public static void requireFolder(Path folder) throws ImageException {
		if (!Files.isDirectory(folder)) {
			throw new ImageException(folder, Files.exists(folder) ? "is not a folder" : "folder does not exist");
		}
	}

	/** @return the temporary file to write the new content into (it exists, empty) */
	public Path temporary() {
		return temporary;
	}

	/** @return the file that {@link #commit()} replaces */
	public Path target() {
		return target;
	}

	/**
	 * Renames the temporary file over the target, atomically.
	 *
	 * @throws ImageException when the rename fails; the target is then unchanged
	 */
	public void commit() throws ImageException {
		try {
			keepPermissionsOfTarget();
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			done = true;
		} catch (AtomicMoveNotSupportedException e) {
			throw new ImageException(target, "the file system cannot replace files atomically: " + e.getMessage(), e);
		} catch (IOException e) {
			throw new ImageException(target, "cannot replace the image with the new version: " + IoErrors.reason(e), e);
		}
	}

	/** A replaced file keeps its POSIX permissions; a new one gets the umask's (as any new file would). */
	private void keepPermissionsOfTarget() throws IOException {
		if (Files.exists(target) && Files.exists(temporary)) {
			try {
				Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target));
			} catch (UnsupportedOperationException e) {
				// not a POSIX file system: nothing to keep
			}
		}
	}

	/** Deletes the temporary file unless {@link #commit()} succeeded. */
	@Override
	public void close() {
		if (!done) {
			try {
				Files.deleteIfExists(temporary);
			} catch (IOException e) {
				// nothing more to do: the name is recognisable and cleanStale removes it later
			}
		}
	}

	/**
	 * Removes temporary files a killed commit of {@code target} left beside it.
	 *
	 * @return how many were removed
	 */
	public static int cleanStale(Path target) {
		Path absolute = target.toAbsolutePath();
		String prefix = "." + absolute.getFileName() + ".";
		int removed = 0;
		try (var files = Files.newDirectoryStream(absolute.getParent(), prefix + "*" + TEMP_SUFFIX)) {
			for (Path stale : files) {
				Files.deleteIfExists(stale);
				removed++;
			}
		} catch (IOException e) {
			// the folder cannot be listed: nothing to clean that we could clean
		}
		return removed;
	}
}
