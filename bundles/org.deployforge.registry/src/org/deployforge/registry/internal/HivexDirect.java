package org.deployforge.registry.internal;

import java.nio.charset.StandardCharsets;

import org.eclipse.jdt.annotation.Nullable;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * {@link Hivex} through JNA direct mapping ({@code Native.register}): a native call costs about a tenth of an
 * interface-mapped one, which matters when exporting a hive means hundreds of thousands of calls. Strings go to hivex
 * as NUL-terminated UTF-8 bytes; out parameters as one-element arrays.
 */
final class HivexDirect implements Hivex {

	/** The natives, registered against libhivex.so.0 when this class is first used. */
	private static final class N {
		static {
			Native.register(N.class, NativeLibrary.getInstance("libhivex.so.0"));
		}

		static native Pointer hivex_open(byte[] filename, int flags);

		static native int hivex_close(Pointer h);

		static native long hivex_root(Pointer h);

		static native long hivex_last_modified(Pointer h);

		static native Pointer hivex_node_name(Pointer h, long node);

		static native long hivex_node_name_len(Pointer h, long node);

		static native long hivex_node_timestamp(Pointer h, long node);

		static native Pointer hivex_node_children(Pointer h, long node);

		static native long hivex_node_nr_children(Pointer h, long node);

		static native long hivex_node_parent(Pointer h, long node);

		static native Pointer hivex_node_values(Pointer h, long node);

		static native long hivex_node_nr_values(Pointer h, long node);

		static native long hivex_value_key_len(Pointer h, long value);

		static native Pointer hivex_value_key(Pointer h, long value);

		static native int hivex_value_type(Pointer h, long value, int[] type, long[] len);

		static native Pointer hivex_value_value(Pointer h, long value, int[] type, long[] len);

		static native int hivex_commit(Pointer h, byte @Nullable [] filename, int flags);

		static native long hivex_node_add_child(Pointer h, long parent, byte[] name);

		static native int hivex_node_delete_child(Pointer h, long node);

		static native int hivex_node_set_values(Pointer h, long node, long nrValues, Pointer values, int flags);
	}

	/**
	 * Loads and links the library now, so a missing library is reported when the first hive is opened.
	 *
	 * @throws UnsatisfiedLinkError when libhivex.so.0 cannot be loaded
	 */
	HivexDirect() {
		try {
			Class.forName(N.class.getName(), true, N.class.getClassLoader());
		} catch (ClassNotFoundException e) {
			throw new IllegalStateException(e);
		} catch (ExceptionInInitializerError e) {
			UnsatisfiedLinkError error = new UnsatisfiedLinkError(String.valueOf(e.getCause()));
			error.initCause(e.getCause());
			throw error;
		}
	}

	private static byte[] c(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		byte[] terminated = new byte[bytes.length + 1];
		System.arraycopy(bytes, 0, terminated, 0, bytes.length);
		return terminated;
	}

	@Override
	public Pointer hivex_open(String filename, int flags) {
		return N.hivex_open(c(filename), flags);
	}

	@Override
	public int hivex_close(Pointer h) {
		return N.hivex_close(h);
	}

	@Override
	public long hivex_root(Pointer h) {
		return N.hivex_root(h);
	}

	@Override
	public long hivex_last_modified(Pointer h) {
		return N.hivex_last_modified(h);
	}

	@Override
	public Pointer hivex_node_name(Pointer h, long node) {
		return N.hivex_node_name(h, node);
	}

	@Override
	public long hivex_node_name_len(Pointer h, long node) {
		return N.hivex_node_name_len(h, node);
	}

	@Override
	public long hivex_node_timestamp(Pointer h, long node) {
		return N.hivex_node_timestamp(h, node);
	}

	@Override
	public Pointer hivex_node_children(Pointer h, long node) {
		return N.hivex_node_children(h, node);
	}

	@Override
	public long hivex_node_nr_children(Pointer h, long node) {
		return N.hivex_node_nr_children(h, node);
	}

	@Override
	public long hivex_node_parent(Pointer h, long node) {
		return N.hivex_node_parent(h, node);
	}

	@Override
	public Pointer hivex_node_values(Pointer h, long node) {
		return N.hivex_node_values(h, node);
	}

	@Override
	public long hivex_node_nr_values(Pointer h, long node) {
		return N.hivex_node_nr_values(h, node);
	}

	@Override
	public long hivex_value_key_len(Pointer h, long value) {
		return N.hivex_value_key_len(h, value);
	}

	@Override
	public Pointer hivex_value_key(Pointer h, long value) {
		return N.hivex_value_key(h, value);
	}

	@Override
	public int hivex_value_type(Pointer h, long value, IntByReference type, LongByReference len) {
		int[] t = new int[1];
		long[] l = new long[1];
		int result = N.hivex_value_type(h, value, t, l);
		type.setValue(t[0]);
		len.setValue(l[0]);
		return result;
	}

	@Override
	public Pointer hivex_value_value(Pointer h, long value, IntByReference type, LongByReference len) {
		int[] t = new int[1];
		long[] l = new long[1];
		Pointer result = N.hivex_value_value(h, value, t, l);
		type.setValue(t[0]);
		len.setValue(l[0]);
		return result;
	}

	@Override
	public int hivex_commit(Pointer h, @Nullable String filename, int flags) {
		return N.hivex_commit(h, filename == null ? null : c(filename), flags);
	}

	@Override
	public long hivex_node_add_child(Pointer h, long parent, String name) {
		return N.hivex_node_add_child(h, parent, c(name));
	}

	@Override
	public int hivex_node_delete_child(Pointer h, long node) {
		return N.hivex_node_delete_child(h, node);
	}

	@Override
	public int hivex_node_set_values(Pointer h, long node, long nrValues, Pointer values, int flags) {
		return N.hivex_node_set_values(h, node, nrValues, values, flags);
	}
}
