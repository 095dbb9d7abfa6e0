package org.deployforge.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.CorruptImageException;
import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.ImageException;
import org.deployforge.core.VerificationFailedException;
import org.deployforge.registry.internal.Hivex;
import org.deployforge.registry.internal.RegfStructure;
import org.eclipse.jdt.annotation.Nullable;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * An open registry hive file: read keys and values, stage changes in memory, commit them atomically with read-back.
 * <p>
 * Backed by hivex ({@code libhivex0}) through JNA; every native failure becomes an {@link ImageException} naming the
 * file. Node handles are never kept between calls: each call resolves its key path from the root, so no handle of a
 * deleted key is ever passed to hivex. Before hivex's writing code touches cells read from the file, their structure is
 * checked ({@link RegfStructure}), because hivex asserts (aborts the process) on bad offsets there.
 * <p>
 * Key paths are {@code \}-separated from the hive root, matched case-insensitively. In a SYSTEM hive a path starting
 * with {@code CurrentControlSet} is resolved through {@code Select\Current} (offline hives have no
 * CurrentControlSet); each resolution is recorded in {@link #notes()}.
 * <p>
 * Not thread-safe; one session per file at a time.
 */
public final class Hive implements AutoCloseable {

	/** FILETIME epoch, 1601-01-01T00:00:00Z. */
	private static final Instant FILETIME_EPOCH = Instant.parse("1601-01-01T00:00:00Z");

	private final Path file;
	private final Path label;
	private final Hivex hivex;
	private final boolean writable;
	private final boolean force;
	private final HiveState state;
	private @Nullable Pointer handle;
	private RegfStructure structure;
	private final List<Change> changes = new ArrayList<>();
	private final Map<Long, Map<String, Long>> childCache = new HashMap<>();
	private final Set<String> notes = new LinkedHashSet<>();

	/** One staged change, kept for read-back after commit. */
	private record Change(String description, String keyPath, @Nullable String valueName, @Nullable RegValue expected,
			boolean keyExpected) {
	}

	private Hive(Path file, Path label, boolean writable, boolean force) throws ImageException {
		this.file = file;
		this.label = label;
		this.writable = writable;
		this.force = force;
		if (Files.isDirectory(file)) {
			throw new ImageException(label, "is a folder, not a hive file");
		}
		if (!Files.isRegularFile(file)) {
			throw new EntryNotFoundException(label, "no such hive file");
		}
		this.hivex = Hivex.get(file);
		try {
			this.state = HiveState.of(file);
		} catch (CorruptImageException e) {
			// a work copy (a hive taken out of an image) is named as the user knows it, not by its temporary path
			throw file.equals(label) ? e : new CorruptImageException(label, e.reason(), e);
		}
		this.structure = RegfStructure.read(file, label);
		this.handle = openHandle(file);
		if (writable && state.dirty() && force) {
			notes.add(label + ": written although " + state.explanation()
					+ " (--force); the logs were left beside it, untouched, and their changes are not in the hive");
		}
	}

	private Pointer openHandle(Path path) throws ImageException {
		Pointer opened = hivex.hivex_open(path.toString(), Hivex.OPEN_WRITE);
		if (opened == null) {
			int errno = Native.getLastError();
			throw new CorruptImageException(label, "hivex cannot open the hive: " + Hivex.describe(errno));
		}
		return opened;
	}

	/**
	 * Opens a hive for reading.
	 *
	 * @throws ImageException naming the file when it is missing, not a hive or damaged
	 */
	public static Hive open(Path file) throws ImageException {
		return new Hive(file, file, false, false);
	}

	/**
	 * Opens a hive for changes.
	 *
	 * @param force allow changes to a dirty hive (see {@link HiveState}); the logs are left untouched
	 */
	public static Hive openForWrite(Path file, boolean force) throws ImageException {
		return new Hive(file, file, true, force);
	}

	/**
	 * Opens a work copy of a hive that users know under another name (e.g. a hive extracted from an image): errors
	 * and notes name {@code label}.
	 *
	 * @param file     the hive file to read and write
	 * @param label    the name for messages, e.g. {@code install.wim::Windows/System32/config/SOFTWARE}
	 * @param writable whether changes are allowed
	 * @param force    allow changes to a dirty hive
	 */
	public static Hive open(Path file, Path label, boolean writable, boolean force) throws ImageException {
		return new Hive(file, label, writable, force);
	}

	/** @return the hive file */
	public Path file() {
		return file;
	}

	/** @return the name errors and notes use for the hive (the file, or e.g. {@code install.wim::…/SOFTWARE}) */
	public Path label() {
		return label;
	}

	/** @return whether the hive is dirty, and why */
	public HiveState state() {
		return state;
	}

	/** @return facts a user should know, e.g. how CurrentControlSet was resolved */
	public List<String> notes() {
		return List.copyOf(notes);
	}

	/** @return whether changes are staged */
	public boolean hasChanges() {
		return !changes.isEmpty();
	}

	/** @return the staged changes, one line each */
	public List<String> pendingChanges() {
		return changes.stream().map(Change::description).toList();
	}

	/** @return the base block's format version, e.g. "1.5" */
	public String formatVersion() {
		return structure.majorVersion() + "." + structure.minorVersion();
	}

	private Pointer h() throws ImageException {
		Pointer current = handle;
		if (current == null) {
			throw new ImageException(label, "the hive was closed");
		}
		return current;
	}

	private ImageException failure(String what) {
		int errno = Native.getLastError();
		return new ImageException(label, what + ": " + Hivex.describe(errno));
	}

	// ---------------------------------------------------------------- paths

	/** Splits a key path into its names (empty and leading/trailing separators ignored). */
	static List<String> split(String path) {
		List<String> parts = new ArrayList<>();
		for (String part : path.split("\\\\")) {
			if (!part.isEmpty()) {
				parts.add(part);
			}
		}
		return parts;
	}

	/**
	 * Resolves {@code CurrentControlSet} in a SYSTEM hive: offline there is no such key, Windows creates it at boot as a
	 * link to {@code ControlSet00N} where N is {@code Select\Current} (REG_DWORD).
	 *
	 * @return the path with CurrentControlSet replaced when it applies, else the path unchanged
	 */
	public String resolve(String path) throws ImageException {
		List<String> parts = split(path);
		if (parts.isEmpty() || !parts.get(0).equalsIgnoreCase("CurrentControlSet")) {
			return String.join("\\", parts);
		}
		long root = rootNode();
		if (child(root, parts.get(0)) != 0) {
			return String.join("\\", parts); // a real key of that name (an online export, or another hive)
		}
		long select = child(root, "Select");
		if (select == 0) {
			return String.join("\\", parts);
		}
		RegValue current = findValue(select, "Current");
		Long number = current == null ? null : current.asNumber();
		if (number == null) {
			throw new ImageException(label, "cannot resolve CurrentControlSet: Select\\Current is missing or not a DWORD");
		}
		String controlSet = String.format("ControlSet%03d", number);
		parts.set(0, controlSet);
		notes.add("CurrentControlSet resolved to " + controlSet + " (Select\\Current = " + number
				+ "; an offline SYSTEM hive has no CurrentControlSet)");
		return String.join("\\", parts);
	}

	private long rootNode() throws ImageException {
		long root = hivex.hivex_root(h());
		if (root == 0) {
			throw failure("the hive has no root key");
		}
		return root;
	}

	private long[] children(long node) throws ImageException {
		Pointer array = hivex.hivex_node_children(h(), node);
		if (array == null) {
			throw new CorruptImageException(label, "cannot list subkeys: " + Hivex.describe(Native.getLastError()));
		}
		try {
			return zeroTerminated(array);
		} finally {
			Hivex.free(array);
		}
	}

	private static long[] zeroTerminated(Pointer array) {
		int count = 0;
		while (array.getLong(8L * count) != 0) {
			count++;
		}
		return array.getLongArray(0, count);
	}

	private String nodeName(long node) throws ImageException {
		long length = hivex.hivex_node_name_len(h(), node);
		Pointer name = hivex.hivex_node_name(h(), node);
		if (name == null) {
			throw new CorruptImageException(label, "cannot read a key name: " + Hivex.describe(Native.getLastError()));
		}
		try {
			return utf8(name, length);
		} finally {
			Hivex.free(name);
		}
	}

	private static String utf8(Pointer pointer, long length) {
		if (length <= 0) {
			return pointer.getString(0, StandardCharsets.UTF_8.name());
		}
		return new String(pointer.getByteArray(0, (int) length), StandardCharsets.UTF_8);
	}

	/**
	 * The name as keys are compared: each character upper-cased then lower-cased (the per-character rule of
	 * {@link String#equalsIgnoreCase}; Windows compares key names upper-cased character by character).
	 */
	static String fold(String name) {
		StringBuilder folded = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			folded.append(Character.toLowerCase(Character.toUpperCase(name.charAt(i))));
		}
		return folded.toString();
	}

	/**
	 * The children of a node by folded name. Node handles are cell offsets that hivex never moves (it only appends
	 * cells), so the map stays right while keys are added (we add the new child) and values change; a key delete frees
	 * cells and clears every map, so no freed handle is ever used.
	 */
	private Map<String, Long> childMap(long node) throws ImageException {
		Map<String, Long> map = childCache.get(node);
		if (map == null) {
			long[] children = children(node);
			map = new HashMap<>(children.length * 2);
			for (long child : children) {
				map.putIfAbsent(fold(nodeName(child)), child);
			}
			childCache.put(node, map);
		}
		return map;
	}

	/** @return the child node with that name (case-insensitive), or 0 */
	private long child(long node, String name) throws ImageException {
		Long child = childMap(node).get(fold(name));
		return child == null ? 0 : child;
	}

	/** @return the node at the path, or 0 when a key on the way is missing */
	private long find(String path) throws ImageException {
		long node = rootNode();
		for (String part : split(resolve(path))) {
			node = child(node, part);
			if (node == 0) {
				return 0;
			}
		}
		return node;
	}

	private long require(String path) throws ImageException {
		long node = find(path);
		if (node == 0) {
			throw new EntryNotFoundException(label, "no key '" + display(path) + "'");
		}
		return node;
	}

	private static String display(String path) {
		return path.isEmpty() ? "\\" : path;
	}

	// ---------------------------------------------------------------- reading

	/** @return whether a key exists */
	public boolean exists(String path) throws ImageException {
		return find(path) != 0;
	}

	/** @return facts about the key, or empty when there is none */
	public Optional<KeyInfo> key(String path) throws ImageException {
		long node = find(path);
		if (node == 0) {
			return Optional.empty();
		}
		List<String> parts = split(resolve(path));
		return Optional.of(info(node, parts.isEmpty() ? "" : String.join("\\", parts.subList(0, parts.size() - 1))));
	}

	private KeyInfo info(long node, String parentPath) throws ImageException {
		String name = node == rootNode() ? "" : nodeName(node);
		long timestamp = hivex.hivex_node_timestamp(h(), node);
		Instant written = timestamp < 0 ? FILETIME_EPOCH : filetime(timestamp);
		int subkeys = (int) hivex.hivex_node_nr_children(h(), node);
		int values = (int) hivex.hivex_node_nr_values(h(), node);
		String path = parentPath.isEmpty() ? name : parentPath + "\\" + name;
		return new KeyInfo(path, name, written, structure.className(node), subkeys, values);
	}

	/** Converts a FILETIME (100 ns units since 1601-01-01 UTC) to an instant. */
	public static Instant filetime(long filetime) {
		return FILETIME_EPOCH.plusSeconds(Long.divideUnsigned(filetime, 10_000_000L))
				.plus(Duration.ofNanos(Long.remainderUnsigned(filetime, 10_000_000L) * 100));
	}

	/**
	 * @return the subkeys of a key in stored order (sorted by Windows' upper-case comparison)
	 * @throws EntryNotFoundException when the key does not exist
	 */
	public List<KeyInfo> subkeys(String path) throws ImageException {
		long node = require(path);
		String resolved = String.join("\\", split(resolve(path)));
		List<KeyInfo> result = new ArrayList<>();
		for (long child : children(node)) {
			result.add(info(child, resolved));
		}
		return result;
	}

	/**
	 * @return the values of a key in stored order, data as raw bytes
	 * @throws EntryNotFoundException when the key does not exist
	 */
	public List<RegValue> values(String path) throws ImageException {
		return readValues(require(path), path);
	}

	/** @return the value, or empty when the key or value does not exist ({@code ""} is the default value) */
	public Optional<RegValue> value(String path, String name) throws ImageException {
		long node = find(path);
		return node == 0 ? Optional.empty() : Optional.ofNullable(findValue(node, name));
	}

	private @Nullable RegValue findValue(long node, String name) throws ImageException {
		for (RegValue value : readValues(node, "")) {
			if (value.name().equalsIgnoreCase(name)) {
				return value;
			}
		}
		return null;
	}

	private List<RegValue> readValues(long node, String path) throws ImageException {
		Pointer array = hivex.hivex_node_values(h(), node);
		if (array == null) {
			throw new CorruptImageException(label,
					"cannot list the values of '" + display(path) + "': " + Hivex.describe(Native.getLastError()));
		}
		long[] handles;
		try {
			handles = zeroTerminated(array);
		} finally {
			Hivex.free(array);
		}
		List<RegValue> result = new ArrayList<>(handles.length);
		for (long value : handles) {
			String problem = structure.checkValueReadable(value);
			if (problem != null) {
				throw new CorruptImageException(label, "key '" + display(path) + "': " + problem);
			}
			long nameLength = hivex.hivex_value_key_len(h(), value);
			Pointer namePointer = hivex.hivex_value_key(h(), value);
			if (namePointer == null) {
				throw new CorruptImageException(label, "cannot read a value name in '" + display(path) + "': "
						+ Hivex.describe(Native.getLastError()));
			}
			String name;
			try {
				name = utf8(namePointer, nameLength);
			} finally {
				Hivex.free(namePointer);
			}
			IntByReference type = new IntByReference();
			LongByReference length = new LongByReference();
			Pointer data = hivex.hivex_value_value(h(), value, type, length);
			if (data == null && length.getValue() != 0) {
				throw new CorruptImageException(label, "cannot read value '" + name + "' in '" + display(path) + "': "
						+ Hivex.describe(Native.getLastError()));
			}
			try {
				byte[] bytes = data == null || length.getValue() == 0 ? new byte[0]
						: data.getByteArray(0, (int) length.getValue());
				result.add(new RegValue(name, type.getValue(), bytes));
			} finally {
				Hivex.free(data);
			}
		}
		return result;
	}

	// ---------------------------------------------------------------- changing

	private void requireWritable() throws ImageException {
		if (!writable) {
			throw new ImageException(label, "the hive was opened read-only");
		}
		if (state.dirty() && !force) {
			throw new ImageException(label, state.refusal());
		}
	}

	/**
	 * Creates a key and any missing parents.
	 *
	 * @return whether anything was created
	 */
	public boolean createKey(String path) throws ImageException {
		requireWritable();
		List<String> parts = split(resolve(path));
		if (parts.isEmpty()) {
			return false;
		}
		long node = rootNode();
		boolean created = false;
		StringBuilder sofar = new StringBuilder();
		for (String part : parts) {
			checkName(part, "key");
			if (part.length() > 255) {
				throw new ImageException(label, "key name '" + part + "' is longer than Windows' 255 characters");
			}
			sofar.append(sofar.isEmpty() ? "" : "\\").append(part);
			long next = child(node, part);
			if (next == 0) {
				structure.checkNodeForWrite(node, sofar.toString(), false);
				next = hivex.hivex_node_add_child(h(), node, part);
				if (next == 0) {
					throw failure("cannot create key '" + sofar + "'");
				}
				childMap(node).put(fold(part), next);
				changes.add(new Change("create key " + sofar, sofar.toString(), null, null, true));
				created = true;
			}
			node = next;
		}
		return created;
	}

	private void checkName(String name, String kind) throws ImageException {
		if (name.indexOf('\0') >= 0) {
			throw new ImageException(label, kind + " name '" + name.replace("\0", "\\0")
					+ "' contains a NUL character, which hivex cannot write");
		}
	}

	/**
	 * Deletes a key with all its subkeys and values.
	 *
	 * @return whether it existed
	 */
	public boolean deleteKey(String path) throws ImageException {
		requireWritable();
		List<String> parts = split(resolve(path));
		if (parts.isEmpty()) {
			throw new ImageException(label, "the root key cannot be deleted");
		}
		long node = find(path);
		if (node == 0) {
			return false;
		}
		String resolved = String.join("\\", parts);
		long parent = hivex.hivex_node_parent(h(), node);
		if (parent == 0) {
			throw failure("cannot find the parent of '" + resolved + "'");
		}
		structure.checkNodeForWrite(node, resolved, true);
		structure.checkUnlinkable(parent, node, resolved);
		int deleted;
		try {
			deleted = hivex.hivex_node_delete_child(h(), node);
		} finally {
			childCache.clear();
		}
		if (deleted != 0) {
			throw failure("cannot delete key '" + resolved + "'");
		}
		changes.add(new Change("delete key " + resolved, resolved, null, null, false));
		return true;
	}

	/**
	 * Renames a key. hivex has no rename: the key is copied (subkeys and values, recursively) under the new name and
	 * the old one deleted; the copies get their parent's last-written time and lose class names (hivex cannot write
	 * them), which is said in {@link #notes()}.
	 *
	 * @param newName the new name (a name, not a path)
	 */
	public void renameKey(String path, String newName) throws ImageException {
		requireWritable();
		List<String> parts = split(resolve(path));
		if (parts.isEmpty()) {
			throw new ImageException(label, "the root key cannot be renamed");
		}
		if (newName.isEmpty() || newName.contains("\\")) {
			throw new ImageException(label, "'" + newName + "' is not a key name");
		}
		String resolved = String.join("\\", parts);
		String parentPath = String.join("\\", parts.subList(0, parts.size() - 1));
		String target = parentPath.isEmpty() ? newName : parentPath + "\\" + newName;
		if (find(path) == 0) {
			throw new EntryNotFoundException(label, "no key '" + resolved + "'");
		}
		boolean sameKey = parts.get(parts.size() - 1).equalsIgnoreCase(newName);
		if (!sameKey && find(target) != 0) {
			throw new ImageException(label, "cannot rename '" + resolved + "': '" + target + "' exists already");
		}
		String staging = sameKey ? parentPath + (parentPath.isEmpty() ? "" : "\\") + newName + ".deployforge-rename"
				: target;
		copyTree(resolved, staging);
		deleteKey(resolved);
		if (sameKey) {
			copyTree(staging, target);
			deleteKey(staging);
		}
		notes.add("renamed '" + resolved + "' to '" + target + "' by copy and delete (hivex has no rename): copied keys"
				+ " carry their parent's last-written time and no class name");
	}

	private void copyTree(String from, String to) throws ImageException {
		createKey(to);
		List<RegValue> values = values(from);
		if (!values.isEmpty()) {
			writeValues(require(to), to, values);
			for (RegValue value : values) {
				changes.add(new Change("set " + to + "\\" + value.name(), to, value.name(), value, true));
			}
		}
		for (KeyInfo child : subkeys(from)) {
			copyTree(from + "\\" + child.name(), to + "\\" + child.name());
		}
	}

	/**
	 * Sets a value (replacing one of the same name, case-insensitively) in an existing key.
	 *
	 * @throws EntryNotFoundException when the key does not exist
	 */
	public void setValue(String path, RegValue value) throws ImageException {
		requireWritable();
		checkName(value.name(), "value");
		long node = require(path);
		String resolved = String.join("\\", split(resolve(path)));
		List<RegValue> values = new ArrayList<>(readValues(node, resolved));
		boolean replaced = false;
		for (int i = 0; i < values.size(); i++) {
			if (values.get(i).name().equalsIgnoreCase(value.name())) {
				values.set(i, value);
				replaced = true;
			}
		}
		if (!replaced) {
			values.add(value);
		}
		writeValues(node, resolved, values);
		changes.add(new Change("set " + resolved + "\\" + (value.name().isEmpty() ? "@" : value.name()) + " = "
				+ value.typeName(), resolved, value.name(), value, true));
	}

	/**
	 * Deletes a value.
	 *
	 * @return whether it existed
	 */
	public boolean deleteValue(String path, String name) throws ImageException {
		requireWritable();
		long node = find(path);
		if (node == 0) {
			return false;
		}
		String resolved = String.join("\\", split(resolve(path)));
		List<RegValue> values = new ArrayList<>(readValues(node, resolved));
		boolean removed = values.removeIf(value -> value.name().equalsIgnoreCase(name));
		if (removed) {
			writeValues(node, resolved, values);
			changes.add(new Change("delete " + resolved + "\\" + (name.isEmpty() ? "@" : name), resolved, name, null,
					true));
		}
		return removed;
	}

	/** Renames a value (its type and data are kept). */
	public void renameValue(String path, String oldName, String newName) throws ImageException {
		requireWritable();
		Optional<RegValue> old = value(path, oldName);
		if (old.isEmpty()) {
			throw new EntryNotFoundException(label, "no value '" + oldName + "' in '" + display(path) + "'");
		}
		if (!oldName.equalsIgnoreCase(newName) && value(path, newName).isPresent()) {
			throw new ImageException(label, "value '" + newName + "' exists already in '" + display(path) + "'");
		}
		deleteValue(path, oldName);
		setValue(path, new RegValue(newName, old.get().type(), old.get().data()));
	}

	/** Replaces all values of a node through {@code hivex_node_set_values}. */
	private void writeValues(long node, String path, List<RegValue> values) throws ImageException {
		for (RegValue value : values) {
			checkName(value.name(), "value");
		}
		structure.checkNodeForWrite(node, path, false);
		List<Memory> keep = new ArrayList<>();
		Memory array = new Memory((long) Hivex.SET_VALUE_SIZE * Math.max(1, values.size()));
		array.clear();
		for (int i = 0; i < values.size(); i++) {
			RegValue value = values.get(i);
			byte[] nameBytes = value.name().getBytes(StandardCharsets.UTF_8);
			Memory name = new Memory(nameBytes.length + 1);
			name.write(0, nameBytes, 0, nameBytes.length);
			name.setByte(nameBytes.length, (byte) 0);
			byte[] data = value.data();
			Memory bytes = new Memory(Math.max(1, data.length));
			if (data.length > 0) {
				bytes.write(0, data, 0, data.length);
			}
			keep.add(name);
			keep.add(bytes);
			long base = (long) Hivex.SET_VALUE_SIZE * i;
			array.setPointer(base, name);
			array.setInt(base + 8, value.type());
			array.setLong(base + 16, data.length);
			array.setPointer(base + 24, bytes);
		}
		int result = hivex.hivex_node_set_values(h(), node, values.size(), array, 0);
		if (result != 0) {
			throw failure("cannot write the values of '" + display(path) + "'");
		}
		keep.clear();
	}

	// ---------------------------------------------------------------- commit

	/**
	 * Writes the staged changes atomically: hivex writes the hive to a work file beside it, we re-open that file and
	 * read back every changed key and value, and only when all match is it renamed over the hive.
	 *
	 * @throws VerificationFailedException when the read-back differs (the hive file is then unchanged)
	 * @throws ImageException              when writing fails (the hive file is then unchanged)
	 */
	public HiveCommitResult commit() throws ImageException {
		requireWritable();
		if (changes.isEmpty()) {
			return new HiveCommitResult(label, 0, 0, notes());
		}
		try (AtomicReplace replace = AtomicReplace.beside(file)) {
			if (hivex.hivex_commit(h(), replace.temporary().toString(), 0) != 0) {
				throw failure("cannot write the hive");
			}
			keepPermissions(file, replace.temporary());
			int verified = verify(replace.temporary());
			replace.commit();
			int count = changes.size();
			changes.clear();
			structure = RegfStructure.read(file, label);
			return new HiveCommitResult(label, count, verified, notes());
		}
	}

	/** Gives the new file the old one's POSIX permissions (the work file is created private). */
	static void keepPermissions(Path from, Path to) {
		try {
			Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
		} catch (IOException | UnsupportedOperationException e) {
			// not a POSIX file system, or not ours to change: the work file's permissions stay
		}
	}

	/** Re-opens the written file with a fresh hivex handle and compares every change. */
	private int verify(Path written) throws ImageException {
		List<String> differences = new ArrayList<>();
		int verified = 0;
		try (Hive check = new Hive(written, label, false, false)) {
			// the last change to a key or value decides what must be there; changes below a key deleted later are
			// covered by that delete (one backward pass: commits of tens of thousands of changes stay linear)
			List<Change> latest = new ArrayList<>();
			Set<String> seen = new HashSet<>();
			List<String> deletedLater = new ArrayList<>();
			for (int i = changes.size() - 1; i >= 0; i--) {
				Change change = changes.get(i);
				String key = fold(change.keyPath());
				String valueName = change.valueName();
				boolean covered = false;
				for (String deleted : deletedLater) {
					if (key.startsWith(deleted + "\\") || (valueName != null && key.equals(deleted))) {
						covered = true;
						break;
					}
				}
				if (covered) {
					continue;
				}
				if (seen.add(key + "\u0000" + (valueName == null ? "\u0001" : fold(valueName)))) {
					latest.add(change);
				}
				if (valueName == null && !change.keyExpected()) {
					deletedLater.add(key);
				}
			}
			for (Change change : latest) {
				String valueName = change.valueName();
				if (valueName == null) {
					boolean exists = check.exists(change.keyPath());
					if (exists != change.keyExpected()) {
						differences.add("key '" + change.keyPath() + "' should " + (change.keyExpected() ? "" : "not ")
								+ "exist");
					} else {
						verified++;
					}
				} else {
					Optional<RegValue> actual = check.value(change.keyPath(), valueName);
					RegValue expected = change.expected();
					if (expected == null ? actual.isPresent() : actual.isEmpty() || !actual.get().equals(expected)) {
						differences.add("value '" + change.keyPath() + "\\" + valueName + "': expected "
								+ (expected == null ? "no value" : expected) + ", read back "
								+ actual.map(RegValue::toString).orElse("nothing"));
					} else {
						verified++;
					}
				}
			}
		}
		if (!differences.isEmpty()) {
			throw new VerificationFailedException(label,
					"read-back after writing differs, the hive was not replaced: " + String.join("; ", differences));
		}
		return verified;
	}

	/** Drops every staged change by re-opening the file. */
	public void discard() throws ImageException {
		Pointer old = handle;
		handle = null;
		if (old != null) {
			hivex.hivex_close(old);
		}
		changes.clear();
		childCache.clear();
		structure = RegfStructure.read(file, label);
		handle = openHandle(file);
	}

	/** Releases the hive; staged changes are dropped. Never throws. */
	@Override
	public void close() {
		Pointer old = handle;
		handle = null;
		childCache.clear();
		if (old != null) {
			hivex.hivex_close(old);
		}
	}
}
