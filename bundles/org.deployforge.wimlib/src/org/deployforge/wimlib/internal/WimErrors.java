package org.deployforge.wimlib.internal;

import java.nio.file.Path;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.EncryptedImageException;
import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.ImageException;
import org.deployforge.core.MissingPartException;
import org.deployforge.core.VerificationFailedException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Turns a {@code enum wimlib_error_code} into an {@link ImageException} whose message names the file and says what
 * happened in plain words, followed by wimlib's own text ({@code wimlib_get_error_string}) and the code.
 */
public final class WimErrors {

	public static final int ERR_DECOMPRESSION = 2;
	public static final int ERR_IMAGE_NAME_COLLISION = 11;
	public static final int ERR_INTEGRITY = 13;
	public static final int ERR_INVALID_CHUNK_SIZE = 15;
	public static final int ERR_INVALID_COMPRESSION_TYPE = 16;
	public static final int ERR_INVALID_HEADER = 17;
	public static final int ERR_INVALID_IMAGE = 18;
	public static final int ERR_INVALID_INTEGRITY_TABLE = 19;
	public static final int ERR_INVALID_LOOKUP_TABLE_ENTRY = 20;
	public static final int ERR_INVALID_METADATA_RESOURCE = 21;
	public static final int ERR_INVALID_OVERLAY = 23;
	public static final int ERR_INVALID_PART_NUMBER = 25;
	public static final int ERR_INVALID_REPARSE_DATA = 27;
	public static final int ERR_INVALID_RESOURCE_HASH = 28;
	public static final int ERR_IS_DIRECTORY = 32;
	public static final int ERR_METADATA_NOT_FOUND = 36;
	public static final int ERR_NOMEM = 39;
	public static final int ERR_NOTDIR = 40;
	public static final int ERR_NOT_A_WIM_FILE = 43;
	public static final int ERR_OPEN = 47;
	public static final int ERR_PATH_DOES_NOT_EXIST = 49;
	public static final int ERR_READ = 50;
	public static final int ERR_RESOURCE_NOT_FOUND = 55;
	public static final int ERR_SPLIT_INVALID = 62;
	public static final int ERR_STAT = 63;
	public static final int ERR_UNEXPECTED_END_OF_FILE = 65;
	public static final int ERR_UNKNOWN_VERSION = 67;
	public static final int ERR_WIM_IS_READONLY = 71;
	public static final int ERR_WRITE = 72;
	public static final int ERR_XML = 73;
	public static final int ERR_WIM_IS_ENCRYPTED = 74;
	public static final int ERR_ABORTED_BY_PROGRESS = 76;
	public static final int ERR_WIM_IS_INCOMPLETE = 84;
	public static final int ERR_IMAGE_HAS_MULTIPLE_REFERENCES = 86;
	public static final int ERR_DUPLICATE_EXPORTED_IMAGE = 87;

	private WimErrors() {
	}

	/**
	 * @param code   the wimlib error code (not 0)
	 * @param file   the image file
	 * @param action what DeployForge was doing, e.g. "cannot open the image" (the sentence starts with it)
	 */
	public static ImageException exception(int code, @Nullable Path file, String action) {
		String wimlib = " (wimlib: " + WimLib.errorString(code) + ", code " + code + ")";
		return switch (code) {
		case ERR_WIM_IS_ENCRYPTED -> new EncryptedImageException(file,
				action + ": this ESD is encrypted; wimlib cannot read encrypted ESDs" + wimlib);
		case ERR_INTEGRITY -> new VerificationFailedException(file,
				action + ": integrity check failed (the file's bytes do not match its integrity table)" + wimlib);
		case ERR_INVALID_RESOURCE_HASH -> new CorruptImageException(file,
				action + ": stored data does not match its SHA-1 (the image is damaged)" + wimlib);
		case ERR_DECOMPRESSION -> new CorruptImageException(file,
				action + ": compressed data cannot be decompressed (the image is damaged)" + wimlib);
		case ERR_NOT_A_WIM_FILE -> new CorruptImageException(file, action + ": not a WIM file (no MSWIM header)" + wimlib);
		case ERR_INVALID_HEADER, ERR_UNKNOWN_VERSION, ERR_INVALID_CHUNK_SIZE, ERR_INVALID_COMPRESSION_TYPE ->
			new CorruptImageException(file, action + ": the WIM header is invalid" + wimlib);
		case ERR_INVALID_INTEGRITY_TABLE -> new CorruptImageException(file,
				action + ": the integrity table is damaged" + wimlib);
		case ERR_INVALID_LOOKUP_TABLE_ENTRY, ERR_INVALID_METADATA_RESOURCE, ERR_XML, ERR_INVALID_REPARSE_DATA ->
			new CorruptImageException(file, action + ": the image's metadata is damaged" + wimlib);
		case ERR_UNEXPECTED_END_OF_FILE -> new CorruptImageException(file,
				action + ": the file ends early (truncated download or copy?)" + wimlib);
		case ERR_WIM_IS_INCOMPLETE -> new CorruptImageException(file,
				action + ": the file was never finished (a write was interrupted)" + wimlib);
		case ERR_SPLIT_INVALID, ERR_INVALID_PART_NUMBER -> new MissingPartException(file,
				action + ": the split parts do not belong together or one is missing" + wimlib);
		case ERR_RESOURCE_NOT_FOUND -> new MissingPartException(file,
				action + ": data is missing from this file (a split part not found?)" + wimlib);
		case ERR_METADATA_NOT_FOUND -> new MissingPartException(file,
				action + ": this file holds no image metadata (open the first part of a split set)" + wimlib);
		case ERR_PATH_DOES_NOT_EXIST -> new EntryNotFoundException(file,
				action + ": no such file or folder in the image" + wimlib);
		case ERR_IMAGE_NAME_COLLISION -> new ImageException(file,
				action + ": an image with that name already exists" + wimlib);
		case ERR_WIM_IS_READONLY -> new ImageException(file,
				action + ": the WIM is read-only (read-only header flag, split part or file permissions)" + wimlib);
		case ERR_INVALID_OVERLAY -> new ImageException(file,
				action + ": a file and a folder would take the same name in the image" + wimlib);
		case ERR_NOMEM -> new ImageException(file, action + ": out of memory" + wimlib);
		case ERR_OPEN, ERR_READ, ERR_STAT -> new ImageException(file, action + ": a file cannot be read" + wimlib);
		case ERR_WRITE -> new ImageException(file, action + ": writing failed (disk full?)" + wimlib);
		default -> new ImageException(file, action + wimlib);
		};
	}
}
