package org.deployforge.registry.internal;

import java.nio.file.Path;

import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * The hivex C API (Debian {@code libhivex0} 1.3.23, {@code libhivex.so.0}) as used through JNA (implemented by
 * {@link HivexDirect} with direct mapping). Signatures follow
 * hivex's {@code hivex.h} (generated from {@code generator/generator.ml}): {@code hive_h*} is an opaque pointer,
 * {@code hive_node_h} and {@code hive_value_h} are {@code size_t} (offsets of the nk/vk cells in the file, 0 meaning
 * error or none), {@code hive_type} is an {@code int}. {@code size_t} is mapped to {@code long}: DeployForge runs on
 * 64-bit Linux only (LP64). Strings and arrays hivex returns are {@code malloc}ed and freed with {@link #free}.
 * <p>
 * Safety: hivex checks every offset it follows against its bitmap of used cells, so reading a corrupt hive gives
 * {@code errno}, not a crash; its writing code asserts instead, which is why {@code Hive} validates the cells a change
 * touches before calling a writing function ({@link RegfStructure#checkNodeForWrite}).
 */
public interface Hivex {

	/** {@code HIVEX_OPEN_VERBOSE}: messages on stderr. */
	int OPEN_VERBOSE = 1;
	/** {@code HIVEX_OPEN_DEBUG}. */
	int OPEN_DEBUG = 2;
	/**
	 * {@code HIVEX_OPEN_WRITE}: the whole file is read into memory (no {@code mmap}), so a file changed or truncated
	 * under us cannot raise SIGBUS; we always open with it, and commit only when asked.
	 */
	int OPEN_WRITE = 4;
	/** {@code HIVEX_OPEN_UNSAFE}: tolerate some corruption (not used by default). */
	int OPEN_UNSAFE = 8;

	/** The loaded library, or the reason it could not be loaded. */
	final class Holder {
		private static final @Nullable Hivex INSTANCE;
		private static final @Nullable String PROBLEM;

		static {
			Hivex instance = null;
			String problem = null;
			try {
				instance = new HivexDirect();
			} catch (UnsatisfiedLinkError | RuntimeException e) {
				problem = e.getMessage();
			}
			INSTANCE = instance;
			PROBLEM = problem;
		}

		private Holder() {
		}
	}

	/**
	 * @param file the hive the caller wants to open (named in the error)
	 * @return the library
	 * @throws ImageException when libhivex.so.0 cannot be loaded
	 */
	static Hivex get(Path file) throws ImageException {
		Hivex instance = Holder.INSTANCE;
		if (instance == null) {
			throw new ImageException(file, "the hivex library (libhivex.so.0, Debian package libhivex0) cannot be loaded: "
					+ Holder.PROBLEM);
		}
		return instance;
	}

	/** Frees memory hivex allocated ({@code free(3)}). */
	static void free(@Nullable Pointer pointer) {
		if (pointer != null) {
			Native.free(Pointer.nativeValue(pointer));
		}
	}

	Pointer hivex_open(String filename, int flags);

	int hivex_close(Pointer h);

	long hivex_root(Pointer h);

	long hivex_last_modified(Pointer h);

	Pointer hivex_node_name(Pointer h, long node);

	long hivex_node_name_len(Pointer h, long node);

	long hivex_node_timestamp(Pointer h, long node);

	/** @return a 0-terminated array of {@code size_t} node handles, to free */
	Pointer hivex_node_children(Pointer h, long node);

	long hivex_node_nr_children(Pointer h, long node);

	long hivex_node_parent(Pointer h, long node);

	/** @return a 0-terminated array of {@code size_t} value handles, to free */
	Pointer hivex_node_values(Pointer h, long node);

	long hivex_node_nr_values(Pointer h, long node);

	long hivex_value_key_len(Pointer h, long value);

	Pointer hivex_value_key(Pointer h, long value);

	int hivex_value_type(Pointer h, long value, IntByReference type, LongByReference len);

	/** @return the raw data ({@code len} bytes), to free; {@code len} must not be null (hivex writes it) */
	Pointer hivex_value_value(Pointer h, long value, IntByReference type, LongByReference len);

	/** @param filename null: the file it was opened from; flags must be 0 */
	int hivex_commit(Pointer h, @Nullable String filename, int flags);

	long hivex_node_add_child(Pointer h, long parent, String name);

	int hivex_node_delete_child(Pointer h, long node);

	/**
	 * @param values {@code nrValues} {@code hive_set_value} structs of 32 bytes each:
	 *               {@code {char *key; hive_type t; size_t len; char *value}} (key at 0, type at 8, len at 16, value at
	 *               24)
	 */
	int hivex_node_set_values(Pointer h, long node, long nrValues, Pointer values, int flags);

	/** Size of one {@code hive_set_value} on LP64. */
	int SET_VALUE_SIZE = 32;

	/**
	 * @param errno a Linux errno value left by hivex
	 * @return words for it
	 */
	static String describe(int errno) {
		return switch (errno) {
		case 0 -> "hivex failed without saying why";
		case 2 -> "no such file (ENOENT)";
		case 5 -> "input/output error (EIO)";
		case 12 -> "out of memory (ENOMEM)";
		case 13 -> "permission denied (EACCES)";
		case 14 -> "a cell offset points outside the hive's used cells: the hive is damaged (EFAULT)";
		case 17 -> "it exists already (EEXIST)";
		case 21 -> "it is a folder (EISDIR)";
		case 22 -> "invalid argument or damaged structure (EINVAL)";
		case 28 -> "no space left on the device (ENOSPC)";
		case 30 -> "the hive was not opened for writing (EROFS)";
		case 34 -> "a count or length is beyond hivex's limits (ERANGE)";
		case 75 -> "too many entries (EOVERFLOW)";
		case 84 -> "a name or string is not valid in its encoding (EILSEQ)";
		case 95 -> "not a registry hive, or a structure hivex does not support (ENOTSUP)";
		case 126 -> "the hive has no root key (HIVEX_NO_KEY)";
		default -> "errno " + errno;
		};
	}
}
