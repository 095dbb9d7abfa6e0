package org.deployforge.wimlib.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The wimlib C API (include/wimlib.h of wimlib 1.13, {@code libwim.so.15}) as JNA direct-mapped natives. Strings are
 * passed as NUL-terminated UTF-8 {@code byte[]} ({@code wimlib_tchar} is {@code char} on Linux) so no implicit
 * encoding is involved; structs are read at fixed offsets of the x86_64 ABI (see {@link Layout}).
 * <p>
 * wimlib is not thread-safe per {@code WIMStruct}: every call for one WIM must run on one thread ({@link WimThread}).
 */
public final class WimLib {

	/** The shared object of Debian's {@code libwim15}. */
	public static final String LIBRARY = "libwim.so.15";

	public static final int ALL_IMAGES = -1;

	// enum wimlib_compression_type
	public static final int COMPRESSION_NONE = 0;
	public static final int COMPRESSION_XPRESS = 1;
	public static final int COMPRESSION_LZX = 2;
	public static final int COMPRESSION_LZMS = 3;

	// open flags
	public static final int OPEN_FLAG_CHECK_INTEGRITY = 0x1;
	public static final int OPEN_FLAG_WRITE_ACCESS = 0x4;

	// iterate_dir_tree flags
	public static final int ITERATE_DIR_TREE_FLAG_RECURSIVE = 0x1;
	public static final int ITERATE_DIR_TREE_FLAG_CHILDREN = 0x2;

	// add / delete flags
	public static final int ADD_FLAG_BOOT = 0x8;
	public static final int DELETE_FLAG_FORCE = 0x1;
	public static final int DELETE_FLAG_RECURSIVE = 0x2;

	// export flags
	public static final int EXPORT_FLAG_BOOT = 0x1;

	// extract flags
	public static final int EXTRACT_FLAG_NORPFIX = 0x200;
	public static final int EXTRACT_FLAG_NO_PRESERVE_DIR_STRUCTURE = 0x200000;

	// write flags
	public static final int WRITE_FLAG_CHECK_INTEGRITY = 0x1;
	public static final int WRITE_FLAG_RECOMPRESS = 0x10;
	public static final int WRITE_FLAG_FSYNC = 0x20;
	public static final int WRITE_FLAG_REBUILD = 0x40;
	public static final int WRITE_FLAG_RETAIN_GUID = 0x800;
	public static final int WRITE_FLAG_SOLID = 0x1000;

	// set_wim_info "which"
	public static final int CHANGE_BOOT_INDEX = 0x4;

	// update ops
	public static final int UPDATE_OP_ADD = 0;
	public static final int UPDATE_OP_DELETE = 1;
	public static final int UPDATE_OP_RENAME = 2;

	// reference_resource_files
	public static final int REF_FLAG_GLOB_ENABLE = 0x1;

	// enum wimlib_progress_msg (the ones DeployForge follows)
	public static final int MSG_EXTRACT_STREAMS = 4;
	public static final int MSG_SCAN_BEGIN = 9;
	public static final int MSG_SCAN_END = 11;
	public static final int MSG_WRITE_STREAMS = 12;
	public static final int MSG_VERIFY_INTEGRITY = 16;
	public static final int MSG_CALC_INTEGRITY = 17;
	public static final int MSG_SPLIT_BEGIN_PART = 19;
	public static final int MSG_SPLIT_END_PART = 20;
	public static final int MSG_UPDATE_END_COMMAND = 22;
	public static final int MSG_BEGIN_VERIFY_IMAGE = 27;
	public static final int MSG_VERIFY_STREAMS = 29;

	public static final int PROGRESS_CONTINUE = 0;
	public static final int PROGRESS_ABORT = 1;

	/**
	 * {@code wimlib_progress_func_t}: {@code enum wimlib_progress_status (*)(enum wimlib_progress_msg,
	 * union wimlib_progress_info *, void *)}.
	 */
	public interface ProgressCallback extends Callback {
		int invoke(int message, @Nullable Pointer info, @Nullable Pointer context);
	}

	/** {@code wimlib_iterate_dir_tree_callback_t}: {@code int (*)(const struct wimlib_dir_entry *, void *)}. */
	public interface DirEntryCallback extends Callback {
		int invoke(Pointer dentry, @Nullable Pointer context);
	}

	/** {@code wimlib_iterate_lookup_table_callback_t}: {@code int (*)(const struct wimlib_resource_entry *, void *)}. */
	public interface ResourceCallback extends Callback {
		int invoke(Pointer resource, @Nullable Pointer context);
	}

	/**
	 * Byte offsets of the wimlib structs on x86_64 (LP64): pointers and {@code size_t} are 8 bytes,
	 * {@code struct wimlib_timespec} is the 16-byte system {@code struct timespec}.
	 */
	public static final class Layout {
		// struct wimlib_wim_info (88 bytes)
		public static final int WIM_INFO_SIZE = 88;
		public static final int WI_GUID = 0;
		public static final int WI_IMAGE_COUNT = 16;
		public static final int WI_BOOT_INDEX = 20;
		public static final int WI_WIM_VERSION = 24;
		public static final int WI_CHUNK_SIZE = 28;
		public static final int WI_PART_NUMBER = 32;
		public static final int WI_TOTAL_PARTS = 34;
		public static final int WI_COMPRESSION_TYPE = 36;
		public static final int WI_TOTAL_BYTES = 40;
		public static final int WI_FLAGS = 48;

		// struct wimlib_dir_entry (248 bytes + streams[])
		public static final int DE_FILENAME = 0;
		public static final int DE_FULL_PATH = 16;
		public static final int DE_DEPTH = 24;
		public static final int DE_ATTRIBUTES = 48;
		public static final int DE_REPARSE_TAG = 52;
		public static final int DE_NUM_LINKS = 56;
		public static final int DE_NUM_NAMED_STREAMS = 60;
		public static final int DE_HARD_LINK_GROUP_ID = 64;
		public static final int DE_CREATION_TIME = 72;
		public static final int DE_LAST_WRITE_TIME = 88;
		public static final int DE_LAST_ACCESS_TIME = 104;
		public static final int DE_STREAMS = 248;

		// struct wimlib_stream_entry (128 bytes): name pointer, then struct wimlib_resource_entry (88 bytes)
		public static final int STREAM_ENTRY_SIZE = 128;
		public static final int SE_NAME = 0;
		public static final int SE_RESOURCE = 8;

		// struct wimlib_resource_entry (88 bytes)
		public static final int RE_UNCOMPRESSED_SIZE = 0;
		public static final int RE_COMPRESSED_SIZE = 8;
		public static final int RE_OFFSET = 16;
		public static final int RE_SHA1 = 24;
		public static final int RE_PART_NUMBER = 44;
		public static final int RE_REFERENCE_COUNT = 48;
		public static final int RE_FLAGS = 52;
		public static final int RE_SIZE = 88;
		/** bit of {@link #RE_FLAGS}: the blob holds an image's metadata */
		public static final int RE_FLAG_METADATA = 1 << 1;
		/** bit of {@link #RE_FLAGS}: the blob is missing (a split part not referenced) */
		public static final int RE_FLAG_MISSING = 1 << 4;
		/** bit of {@link #RE_FLAGS}: the blob is in a solid resource */
		public static final int RE_FLAG_PACKED = 1 << 5;

		// struct wimlib_update_command (40 bytes): enum op, pad, union at 8
		public static final int UPDATE_COMMAND_SIZE = 40;

		private Layout() {
		}
	}

	private static final Object LOCK = new Object();
	private static volatile boolean loaded;
	private static @Nullable Throwable loadFailure;

	private WimLib() {
	}

	/**
	 * Loads {@code libwim.so.15} once and initialises wimlib.
	 *
	 * @param file the image the caller is about to work on (named in the error)
	 * @throws ImageException when the library cannot be loaded (the message names the Debian package)
	 */
	public static void ensureLoaded(java.nio.file.@Nullable Path file) throws ImageException {
		if (loaded) {
			return;
		}
		synchronized (LOCK) {
			if (!loaded && loadFailure == null) {
				try {
					NativeLibrary library = NativeLibrary.getInstance(LIBRARY,
							Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
					Native.register(N.class, library);
					int code = N.wimlib_global_init(0);
					if (code != 0) {
						throw new IllegalStateException("wimlib_global_init failed with code " + code);
					}
					loaded = true;
				} catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, IllegalStateException
					loadFailure = e;
				}
			}
			Throwable failure = loadFailure;
			if (!loaded && failure != null) {
				throw new ImageException(file, "wimlib (" + LIBRARY + ") cannot be loaded; install the Debian package"
						+ " libwim15 (apt-get install libwim15): " + failure.getMessage(), failure);
			}
		}
	}

	/** @return whether the library is loaded (after {@link #ensureLoaded}) */
	public static boolean isLoaded() {
		return loaded;
	}

	/** @return {@code wimlib_get_error_string(code)}, or "error N" */
	public static String errorString(int code) {
		if (!loaded) {
			return "error " + code;
		}
		Pointer text = N.wimlib_get_error_string(code);
		return text == null ? "error " + code : text.getString(0, "UTF-8");
	}

	/** @return a NUL-terminated UTF-8 copy of {@code text}, or null for null */
	public static byte @Nullable [] cstr(@Nullable String text) {
		if (text == null) {
			return null;
		}
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		byte[] result = new byte[utf8.length + 1];
		System.arraycopy(utf8, 0, result, 0, utf8.length);
		return result;
	}

	/** @return a native copy of {@code text} (NUL-terminated UTF-8); keep it referenced while native code uses it */
	public static Memory nativeString(String text) {
		byte[] bytes = cstr(text);
		Memory memory = new Memory(bytes.length);
		memory.write(0, bytes, 0, bytes.length);
		return memory;
	}

	/** A native {@code const char *const[]} and the strings it points to (kept alive together). */
	public static final class StringArray {
		public final Memory array;
		private final Memory[] strings;

		public StringArray(List<String> values) {
			array = new Memory(Math.max(1, values.size()) * (long) Native.POINTER_SIZE);
			strings = new Memory[values.size()];
			for (int i = 0; i < values.size(); i++) {
				strings[i] = nativeString(values.get(i));
				array.setPointer((long) i * Native.POINTER_SIZE, strings[i]);
			}
		}

		public int size() {
			return strings.length;
		}
	}

	/** The natives, registered by {@link WimLib#ensureLoaded}. size_t is {@code long} (LP64). */
	public static final class N {
		private N() {
		}

		public static native int wimlib_global_init(int flags);

		/** {@code int wimlib_set_print_errors(bool show_messages)}: print error and warning messages or not. */
		public static native int wimlib_set_print_errors(boolean show);

		/** {@code int wimlib_set_error_file_by_name(const tchar *path)}: where messages go (opened for append). */
		public static native int wimlib_set_error_file_by_name(byte[] path);

		public static native int wimlib_open_wim_with_progress(byte[] path, int openFlags, PointerByReference wimReturn,
				@Nullable ProgressCallback progress, @Nullable Pointer context);

		public static native void wimlib_free(Pointer wim);

		public static native void wimlib_register_progress_function(Pointer wim, @Nullable ProgressCallback progress,
				@Nullable Pointer context);

		public static native int wimlib_get_wim_info(Pointer wim, Pointer info);

		public static native int wimlib_set_wim_info(Pointer wim, Pointer info, int which);

		public static native Pointer wimlib_get_image_name(Pointer wim, int image);

		public static native Pointer wimlib_get_image_description(Pointer wim, int image);

		public static native Pointer wimlib_get_image_property(Pointer wim, int image, byte[] name);

		public static native int wimlib_set_image_name(Pointer wim, int image, byte[] name);

		public static native int wimlib_set_image_descripton(Pointer wim, int image, byte[] description);

		public static native int wimlib_set_image_property(Pointer wim, int image, byte[] name, byte @Nullable [] value);

		public static native int wimlib_get_xml_data(Pointer wim, PointerByReference buffer, LongByReference size);

		public static native int wimlib_iterate_dir_tree(Pointer wim, int image, byte[] path, int flags,
				DirEntryCallback callback, @Nullable Pointer context);

		public static native int wimlib_iterate_lookup_table(Pointer wim, int flags, ResourceCallback callback,
				@Nullable Pointer context);

		public static native int wimlib_extract_paths(Pointer wim, int image, byte[] target, Pointer paths, long count,
				int extractFlags);

		public static native int wimlib_extract_image(Pointer wim, int image, byte[] target, int extractFlags);

		public static native int wimlib_update_image(Pointer wim, int image, Pointer commands, long count,
				int updateFlags);

		public static native int wimlib_write(Pointer wim, byte[] path, int image, int writeFlags, int numThreads);

		public static native int wimlib_split(Pointer wim, byte[] swmName, long partSize, int writeFlags);

		public static native int wimlib_join_with_progress(Pointer parts, int count, byte[] output, int swmOpenFlags,
				int writeFlags, @Nullable ProgressCallback progress, @Nullable Pointer context);

		public static native int wimlib_verify_wim(Pointer wim, int verifyFlags);

		public static native int wimlib_reference_resource_files(Pointer wim, Pointer files, int count, int refFlags,
				int openFlags);

		public static native int wimlib_export_image(Pointer source, int image, Pointer destination,
				byte @Nullable [] name, byte @Nullable [] description, int exportFlags);

		public static native int wimlib_add_image(Pointer wim, byte[] source, byte @Nullable [] name,
				byte @Nullable [] configFile, int addFlags);

		public static native int wimlib_create_new_wim(int compressionType, PointerByReference wimReturn);

		public static native int wimlib_set_output_compression_type(Pointer wim, int compressionType);

		public static native int wimlib_set_output_pack_compression_type(Pointer wim, int compressionType);

		public static native Pointer wimlib_get_error_string(int code);
	}
}
