package org.deployforge.wimlib.internal;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.annotation.Nullable;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * One {@code WIMStruct}: a WIM file opened with {@code wimlib_open_wim_with_progress}, or a new one from
 * {@code wimlib_create_new_wim}. Not thread-safe: use it only on its {@link WimThread}. {@link #close()} frees it.
 */
public final class Wim implements AutoCloseable {

	/** What a native call returns: a wimlib error code, 0 for success. */
	@FunctionalInterface
	public interface NativeCall {
		int call(Pointer wim);
	}

	/** Receives directory entries from {@link #iterate}; returning false stops. */
	@FunctionalInterface
	public interface EntrySink {
		boolean accept(ImageEntry entry) throws ImageException;
	}

	/** Returned by our callbacks to stop an iteration early (not a wimlib error code). */
	private static final int STOP = 0x7DF0_0001;

	private final Path file;
	private final WimProgress progress;
	private @Nullable Pointer handle;

	private Wim(Path file, Pointer handle, WimProgress progress) {
		this.file = file;
		this.handle = handle;
		this.progress = progress;
	}

	/** A {@code [WARNING] Ignoring file named "." or ".." in directory "/x"} line of wimlib (dentry.c). */
	private static final java.util.regex.Pattern DOT_NAME = java.util.regex.Pattern
			.compile("Ignoring file named \"\\.\" or \"\\.\\.\" in directory \"(.*)\"");

	/**
	 * Names wimlib drops while reading an image's metadata without telling its caller: it only prints a warning for a
	 * stored name {@code .} or {@code ..} (a "potentially malicious" archive) and leaves the entry out. To know about
	 * them, image {@code image} of {@code file} is loaded into a fresh WIMStruct with wimlib's messages sent to a work
	 * file for the duration (the message settings are global: the load is serialised).
	 *
	 * @return the in-image folders holding a {@code .} or {@code ..} name, in the order wimlib reported them
	 */
	public static List<String> dotNames(Path file, int image) throws ImageException {
		WimLib.ensureLoaded(file);
		synchronized (DOT_NAME) {
			Path log = null;
			try {
				log = java.nio.file.Files.createTempFile("deployforge-wimlib-", ".log");
				WimLib.N.wimlib_set_error_file_by_name(WimLib.cstr(log.toString()));
				WimLib.N.wimlib_set_print_errors(true);
				try (Wim fresh = open(file, 0, null)) {
					fresh.iterate(image, "/", 0, entry -> false);
				} finally {
					WimLib.N.wimlib_set_print_errors(false);
					WimLib.N.wimlib_set_error_file_by_name(WimLib.cstr("/dev/null"));
				}
				List<String> folders = new java.util.ArrayList<>();
				for (String line : java.nio.file.Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8)) {
					java.util.regex.Matcher matcher = DOT_NAME.matcher(line);
					if (matcher.find()) {
						folders.add(matcher.group(1));
					}
				}
				return folders;
			} catch (java.io.IOException e) {
				throw new ImageException(file, "cannot read wimlib's messages: " + e.getMessage(), e);
			} finally {
				if (log != null) {
					try {
						java.nio.file.Files.deleteIfExists(log);
					} catch (java.io.IOException e) {
						// a temporary file; nothing more to do
					}
				}
			}
		}
	}

	/**
	 * Opens a WIM file ({@code wimlib_open_wim_with_progress}).
	 *
	 * @param openFlags {@code WIMLIB_OPEN_FLAG_*}
	 * @param operation progress of the open (integrity check), or null
	 */
	public static Wim open(Path file, int openFlags, @Nullable WimOperation operation) throws ImageException {
		WimLib.ensureLoaded(file);
		WimProgress progress = new WimProgress();
		progress.attach(operation);
		PointerByReference result = new PointerByReference();
		int code = WimLib.N.wimlib_open_wim_with_progress(WimLib.cstr(file.toString()), openFlags, result, progress,
				null);
		progress.attach(null);
		if (code != 0) {
			if (operation != null && code == WimErrors.ERR_ABORTED_BY_PROGRESS) {
				throw new OperationCanceledException();
			}
			ImageException error = WimErrors.exception(code, file, "cannot open the image");
			if (code == WimErrors.ERR_INTEGRITY && operation != null) {
				error = new org.deployforge.core.VerificationFailedException(file,
						integrityMessage(operation) + " (wimlib: " + WimLib.errorString(code) + ", code " + code + ")");
			}
			throw error;
		}
		return new Wim(file, result.getValue(), progress);
	}

	/** @return "integrity check failed at chunk N of M (chunks of X bytes)" from the progress of a failed check */
	public static String integrityMessage(WimOperation operation) {
		return "integrity check failed at chunk " + operation.integrityFailedChunk() + " of "
				+ operation.integrityTotalChunks() + " (chunks of " + operation.integrityChunkSize()
				+ " bytes): the file's bytes do not match its integrity table";
	}

	/**
	 * Creates an empty WIM in memory ({@code wimlib_create_new_wim}).
	 *
	 * @param file            the file it will be written to (named in messages)
	 * @param compressionType {@code enum wimlib_compression_type}
	 */
	public static Wim create(Path file, int compressionType) throws ImageException {
		WimLib.ensureLoaded(file);
		PointerByReference result = new PointerByReference();
		int code = WimLib.N.wimlib_create_new_wim(compressionType, result);
		if (code != 0) {
			throw WimErrors.exception(code, file, "cannot create a new WIM");
		}
		WimProgress progress = new WimProgress();
		WimLib.N.wimlib_register_progress_function(result.getValue(), progress, null);
		return new Wim(file, result.getValue(), progress);
	}

	public Path file() {
		return file;
	}

	/** @return the {@code WIMStruct *} */
	public Pointer pointer() {
		Pointer current = handle;
		if (current == null) {
			throw new IllegalStateException(file + ": the WIM is closed");
		}
		return current;
	}

	/**
	 * Runs a native call with {@code operation} receiving its progress.
	 *
	 * @return the wimlib code (0 for success)
	 */
	public int call(@Nullable WimOperation operation, NativeCall call) {
		progress.attach(operation);
		try {
			return call.call(pointer());
		} finally {
			progress.attach(null);
		}
	}

	/**
	 * Runs a native call and throws when it fails: {@link OperationCanceledException} when the monitor cancelled it,
	 * else the mapped {@link ImageException} with {@code action} as its first words.
	 */
	public void check(@Nullable WimOperation operation, String action, NativeCall call) throws ImageException {
		int code = call(operation, call);
		if (code != 0) {
			if (code == WimErrors.ERR_ABORTED_BY_PROGRESS || operation != null && operation.aborted()) {
				throw new OperationCanceledException();
			}
			throw WimErrors.exception(code, file, action);
		}
	}

	/** @return {@code wimlib_get_wim_info} */
	public WimInfo info() throws ImageException {
		try (Memory info = new Memory(WimLib.Layout.WIM_INFO_SIZE)) {
			info.clear();
			check(null, "cannot read the WIM header", wim -> WimLib.N.wimlib_get_wim_info(wim, info));
			return WimInfo.read(info);
		}
	}

	/** Sets the boot index ({@code wimlib_set_wim_info} with {@code WIMLIB_CHANGE_BOOT_INDEX}). */
	public void setBootIndex(int index) throws ImageException {
		try (Memory info = new Memory(WimLib.Layout.WIM_INFO_SIZE)) {
			info.clear();
			info.setInt(WimLib.Layout.WI_BOOT_INDEX, index);
			check(null, "cannot set the boot index to " + index,
					wim -> WimLib.N.wimlib_set_wim_info(wim, info, WimLib.CHANGE_BOOT_INDEX));
		}
	}

	/** @return the image's NAME, or "" (the string belongs to wimlib and is not freed) */
	public String imageName(int image) {
		return string(WimLib.N.wimlib_get_image_name(pointer(), image));
	}

	/** @return the image's DESCRIPTION, or "" */
	public String imageDescription(int image) {
		Pointer text = WimLib.N.wimlib_get_image_description(pointer(), image);
		return string(text);
	}

	/** @return an XML property ({@code WINDOWS/EDITIONID}), or null when absent */
	public @Nullable String imageProperty(int image, String name) {
		Pointer text = WimLib.N.wimlib_get_image_property(pointer(), image, WimLib.cstr(name));
		return text == null ? null : text.getString(0, "UTF-8");
	}

	private static String string(@Nullable Pointer text) {
		return text == null ? "" : text.getString(0, "UTF-8");
	}

	/** @return the WIM's XML data ({@code wimlib_get_xml_data}, UTF-16LE in the file) as a string */
	public String xml() throws ImageException {
		PointerByReference buffer = new PointerByReference();
		LongByReference size = new LongByReference();
		check(null, "cannot read the WIM's XML data", wim -> WimLib.N.wimlib_get_xml_data(wim, buffer, size));
		Pointer data = buffer.getValue();
		if (data == null) {
			return "";
		}
		try {
			byte[] bytes = data.getByteArray(0, (int) size.getValue());
			int start = bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE ? 2 : 0;
			return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_16LE);
		} finally {
			Native.free(Pointer.nativeValue(data));
		}
	}

	/** References the other parts of a split set ({@code wimlib_reference_resource_files}). */
	public void referenceParts(List<Path> parts) throws ImageException {
		if (parts.isEmpty()) {
			return;
		}
		WimLib.StringArray names = new WimLib.StringArray(parts.stream().map(Path::toString).toList());
		check(null, "cannot open the other parts of the split set",
				wim -> WimLib.N.wimlib_reference_resource_files(wim, names.array, names.size(), 0, 0));
		Reference.reachabilityFence(names);
	}

	/**
	 * Iterates directory entries from metadata only ({@code wimlib_iterate_dir_tree}).
	 *
	 * @param image 1-based image index
	 * @param path  in-image path with {@code /} separators
	 * @param flags {@code WIMLIB_ITERATE_DIR_TREE_FLAG_*}
	 */
	public void iterate(int image, String path, int flags, EntrySink sink) throws ImageException {
		WimEntries reader = new WimEntries();
		ImageException[] failure = new ImageException[1];
		RuntimeException[] runtime = new RuntimeException[1];
		WimLib.DirEntryCallback callback = (dentry, context) -> {
			try {
				return sink.accept(reader.read(dentry)) ? 0 : STOP;
			} catch (ImageException e) {
				failure[0] = e;
			} catch (RuntimeException e) {
				runtime[0] = e;
			} catch (Throwable e) {
				runtime[0] = new IllegalStateException(e);
			}
			return STOP;
		};
		byte[] cpath = WimLib.cstr(path);
		int code = WimLib.N.wimlib_iterate_dir_tree(pointer(), image, cpath, flags, callback, null);
		Reference.reachabilityFence(callback);
		if (failure[0] != null) {
			throw failure[0];
		}
		if (runtime[0] != null) {
			throw runtime[0];
		}
		if (code != 0 && code != STOP) {
			throw WimErrors.exception(code, file, "cannot list '" + path + "' in image " + image);
		}
	}

	/**
	 * A blob of the lookup table ({@code struct wimlib_resource_entry}).
	 *
	 * @param uncompressedSize bytes of data
	 * @param flags            the bit field ({@link WimLib.Layout#RE_FLAG_PACKED}, …)
	 */
	public record Blob(long uncompressedSize, int flags, int partNumber) {
		public boolean packed() {
			return (flags & WimLib.Layout.RE_FLAG_PACKED) != 0;
		}

		public boolean metadata() {
			return (flags & WimLib.Layout.RE_FLAG_METADATA) != 0;
		}
	}

	/** Visits every blob of the lookup table ({@code wimlib_iterate_lookup_table}). */
	public void blobs(java.util.function.Consumer<Blob> sink) throws ImageException {
		WimLib.ResourceCallback callback = (resource, context) -> {
			try {
				sink.accept(new Blob(resource.getLong(WimLib.Layout.RE_UNCOMPRESSED_SIZE),
						resource.getInt(WimLib.Layout.RE_FLAGS), resource.getInt(WimLib.Layout.RE_PART_NUMBER)));
				return 0;
			} catch (Throwable e) {
				return STOP;
			}
		};
		int code = WimLib.N.wimlib_iterate_lookup_table(pointer(), 0, callback, null);
		Reference.reachabilityFence(callback);
		if (code != 0) {
			throw WimErrors.exception(code, file, "cannot read the blob table");
		}
	}

	/** Frees the {@code WIMStruct} ({@code wimlib_free}); safe to call twice. */
	@Override
	public void close() {
		Pointer current = handle;
		handle = null;
		if (current != null) {
			WimLib.N.wimlib_free(current);
		}
		Reference.reachabilityFence(progress);
	}
}
