package org.deployforge.ui.registry.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.deployforge.core.ImageException;
import org.deployforge.registry.Hive;
import org.deployforge.registry.HiveCommitResult;
import org.deployforge.registry.HiveState;
import org.deployforge.registry.ImageHive;
import org.deployforge.registry.KeyInfo;
import org.deployforge.registry.RegFile;
import org.deployforge.registry.RegValue;
import org.deployforge.registry.RootMapping;
import org.deployforge.ui.images.OpenableEntry;
import org.eclipse.jdt.annotation.Nullable;

/**
 * One open hive of the Registry editor: a hive file ({@link Hive}) or a hive inside an image ({@link ImageHive} on the
 * image editor's session). {@link Hive} is not thread-safe: every call goes through this object's monitor, so the
 * UI thread (short reads and staged edits, all in memory) and the editor's jobs (save, import, export, search) never
 * use it at the same time.
 */
final class HiveSession implements AutoCloseable {

	private final Hive hive;
	private final @Nullable ImageHive imageHive;
	private final @Nullable OpenableEntry context;
	private final boolean readOnly;
	private final @Nullable String readOnlyReason;
	private final RootMapping mapping;
	private final String controlSet;
	private HiveState state;

	private HiveSession(Hive hive, @Nullable ImageHive imageHive, @Nullable OpenableEntry context, boolean readOnly,
			@Nullable String readOnlyReason, String hiveName) throws ImageException {
		this.hive = hive;
		this.imageHive = imageHive;
		this.context = context;
		this.mapping = RootMapping.forHive(Path.of(hiveName));
		this.state = hive.state();
		if (state.dirty() && !readOnly) {
			this.readOnly = true;
			this.readOnlyReason = "Read-only: hivex cannot replay transaction logs, and writing would drop what they "
					+ "hold. Boot the image once so Windows recovers the hive, or use 'deployforge reg \u2026 --force'.";
		} else {
			this.readOnly = readOnly;
			this.readOnlyReason = readOnlyReason;
		}
		this.controlSet = controlSet(hive);
	}

	/** Opens a hive file; read-only when the file cannot be written. Touches the disk: call it from a job. */
	static HiveSession open(Path file) throws ImageException {
		boolean writable = Files.isWritable(file);
		Hive hive = writable ? Hive.openForWrite(file, false) : Hive.open(file);
		try {
			return new HiveSession(hive, null, null, !writable,
					writable ? null : "Read-only: the file cannot be written.", file.getFileName().toString());
		} catch (ImageException | RuntimeException e) {
			hive.close();
			throw e;
		}
	}

	/** Opens a hive inside the image editor's session: only in a job with {@code context.rule()}. */
	static HiveSession open(OpenableEntry context) throws ImageException {
		boolean writable = !context.readOnly();
		ImageHive opened = ImageHive.open(context.session(), context.index(), context.path(), writable, false);
		try {
			return new HiveSession(opened.hive(), opened, context, !writable,
					writable ? null : "Read-only: the image cannot be changed.", context.name());
		} catch (ImageException | RuntimeException e) {
			opened.close();
			throw e;
		}
	}

	/** @return {@code ControlSet00N (Select\Current = N)} for a SYSTEM hive, else "" */
	private static String controlSet(Hive hive) throws ImageException {
		if (!hive.exists("Select")) {
			return "";
		}
		Optional<RegValue> current = hive.value("Select", "Current");
		Long number = current.map(RegValue::asNumber).orElse(null);
		if (number == null) {
			return hive.exists("CurrentControlSet") ? "" : "Select\\Current is missing: CurrentControlSet unknown";
		}
		String name = String.format(Locale.ROOT, "ControlSet%03d", number);
		return name + " (Select\\Current = " + number + (hive.exists(name) ? "" : "; that key is missing") + ")";
	}

	// ---- facts (fixed at open) ----

	synchronized Path label() {
		return hive.label();
	}

	synchronized String formatVersion() {
		return hive.formatVersion();
	}

	/** @return the hive's state as read at open, and again after each save (sequence numbers change) */
	synchronized HiveState state() {
		return state;
	}

	boolean readOnly() {
		return readOnly;
	}

	@Nullable
	String readOnlyReason() {
		return readOnlyReason;
	}

	/** @return the live path of the hive's root, e.g. {@code HKEY_LOCAL_MACHINE\SOFTWARE} */
	RootMapping mapping() {
		return mapping;
	}

	/** @return what CurrentControlSet is in a SYSTEM hive, or "" */
	String controlSet() {
		return controlSet;
	}

	boolean inImage() {
		return imageHive != null;
	}

	@Nullable
	OpenableEntry context() {
		return context;
	}

	@Nullable
	ImageHive imageHive() {
		return imageHive;
	}

	// ---- reading and staging (in memory) ----

	synchronized List<KeyInfo> subkeys(String path) throws ImageException {
		return hive.subkeys(path);
	}

	synchronized Optional<KeyInfo> key(String path) throws ImageException {
		return hive.key(path);
	}

	synchronized List<RegValue> values(String path) throws ImageException {
		return hive.values(path);
	}

	synchronized boolean exists(String path) throws ImageException {
		return hive.exists(path);
	}

	synchronized Optional<RegValue> value(String path, String name) throws ImageException {
		return hive.value(path, name);
	}

	synchronized void createKey(String path) throws ImageException {
		hive.createKey(path);
	}

	synchronized void deleteKey(String path) throws ImageException {
		hive.deleteKey(path);
	}

	synchronized void renameKey(String path, String newName) throws ImageException {
		hive.renameKey(path, newName);
	}

	synchronized void setValue(String path, RegValue value) throws ImageException {
		hive.setValue(path, value);
	}

	synchronized void deleteValue(String path, String name) throws ImageException {
		hive.deleteValue(path, name);
	}

	synchronized void renameValue(String path, String oldName, String newName) throws ImageException {
		hive.renameValue(path, oldName, newName);
	}

	synchronized boolean hasChanges() {
		return hive.hasChanges();
	}

	synchronized List<String> pendingChanges() {
		return hive.pendingChanges();
	}

	synchronized List<String> notes() {
		return hive.notes();
	}

	// ---- long work (jobs) ----

	/**
	 * Writes the staged changes: a hive file is committed atomically with read-back ({@link Hive#commit()}); a hive in
	 * an image is written and read back, then staged into the image session ({@link ImageHive#stage()}), which the image
	 * editor's Save writes. For an image, call it in a job with the context's rule.
	 */
	synchronized HiveCommitResult save() throws ImageException {
		ImageHive inImage = imageHive;
		HiveCommitResult result;
		if (inImage != null) {
			result = inImage.stage();
			OpenableEntry entry = context;
			if (entry != null && result.changes() > 0) {
				entry.staged();
			}
		} else {
			result = hive.commit();
		}
		state = HiveState.of(hive.file());
		return result;
	}

	/** Drops the staged changes. */
	synchronized void discard() throws ImageException {
		hive.discard();
	}

	/** Applies a .reg file (parsed and checked first: a bad line changes nothing). */
	synchronized RegFile.ImportResult importReg(Path file) throws ImageException {
		RegFile.Script script = RegFile.read(file, mapping);
		return script.applyTo(hive);
	}

	/** Exports a key and everything below it ({@code ""}: the whole hive) to a .reg file, as regedit writes it. */
	synchronized RegFile.Export exportReg(String keyPath, Path target) throws ImageException {
		RegFile.Export export = RegFile.export(hive, keyPath, mapping);
		RegFile.write(target, export);
		return export;
	}

	/** Runs {@code work} with the hive to itself (e.g. a search walking every key). */
	synchronized <T> T with(HiveWork<T> work) throws ImageException {
		return work.run(hive);
	}

	/** Work on the hive under the session's monitor. */
	interface HiveWork<T> {
		T run(Hive hive) throws ImageException;
	}

	/** Closes the hive (and, for an image, the work copy unless it is staged into the session). Never throws. */
	@Override
	public synchronized void close() {
		ImageHive inImage = imageHive;
		if (inImage != null) {
			inImage.close();
		} else {
			hive.close();
		}
	}
}
