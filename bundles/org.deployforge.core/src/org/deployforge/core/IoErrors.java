package org.deployforge.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The reason of a host file error in words a person reads ("permission denied"), for messages of the form
 * "FILE: what failed: reason". {@code java.nio.file} exceptions carry only the path as their message for the common
 * cases, which would repeat the path and lose the reason.
 */
public final class IoErrors {

	private IoErrors() {
	}

	/**
	 * @return "permission denied", "no such file or folder", "already exists", "not a folder", "folder not empty", the
	 *         operating system's reason of another {@link FileSystemException} (e.g. "No space left on device"), else
	 *         the exception's message
	 */
	public static String reason(IOException error) {
		if (error instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (error instanceof NoSuchFileException) {
			return "no such file or folder";
		}
		if (error instanceof FileAlreadyExistsException) {
			return "already exists";
		}
		if (error instanceof NotDirectoryException) {
			return "not a folder";
		}
		if (error instanceof DirectoryNotEmptyException) {
			return "folder not empty";
		}
		if (error instanceof FileSystemException system && system.getReason() != null) {
			return system.getReason();
		}
		String message = error.getMessage();
		return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
	}
}
