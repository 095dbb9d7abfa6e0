package org.deployforge.handler.wim.internal;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.CommitResult;
import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.FileTrees;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageTree;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.PendingChange;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.ApplyCapability;
import org.deployforge.core.capability.Compression;
import org.deployforge.core.capability.ExportCapability;
import org.deployforge.core.capability.ImageCapability;
import org.deployforge.core.capability.ImagePropertiesCapability;
import org.deployforge.core.capability.OptimizeCapability;
import org.deployforge.core.capability.SplitCapability;
import org.deployforge.core.capability.VerifyCapability;
import org.deployforge.wimlib.internal.Wim;
import org.deployforge.wimlib.internal.WimErrors;
import org.deployforge.wimlib.internal.WimInfo;
import org.deployforge.wimlib.internal.WimLib;
import org.deployforge.wimlib.internal.WimOperation;
import org.deployforge.wimlib.internal.WimThread;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.annotation.Nullable;

import com.sun.jna.Memory;

/**
 * An open WIM, ESD, split set or PPKG. Every wimlib call runs on the session's {@link WimThread}. Staged changes are
 * applied at {@link #commit} by one {@code wimlib_update_image} per image index and the whole WIM is written with
 * {@code wimlib_write} to a work file beside the original, which is then renamed over it ({@link AtomicReplace}).
 * <p>
 * Open option {@code rebuild=true}: commits recompress every resource ({@code WIMLIB_WRITE_FLAG_RECOMPRESS}) instead of
 * copying unchanged compressed data (both write a complete new file; wimlib's in-place append is never used because it
 * is not atomic).
 */
final class WimImage implements Image, ExportCapability, SplitCapability, VerifyCapability, OptimizeCapability,
		ApplyCapability, ImagePropertiesCapability {

	/** {@link PendingChange#path()} of a staged boot index change. */
	static final String BOOT_INDEX = "boot index";

	private final Path file;
	private final List<Path> parts;
	private final ImageFormat format;
	private final OpenOptions options;
	private final WimThread thread;
	private final List<PendingChange> pending = new ArrayList<>();
	private Wim wim;
	private WimInfo header;
	private @Nullable ImageInfo info;
	private boolean closed;
	/** Per image index, the folders holding a '.' or '..' entry wimlib leaves out (cached until the file changes). */
	private final Map<Integer, List<String>> dotNames = new HashMap<>();

	private WimImage(Path file, List<Path> parts, ImageFormat format, OpenOptions options, WimThread thread, Wim wim,
			WimInfo header) {
		this.file = file;
		this.parts = List.copyOf(parts);
		this.format = format;
		this.options = options;
		this.thread = thread;
		this.wim = wim;
		this.header = header;
	}

	/** Opens {@code file} (and the other parts of a split set) on a new wimlib thread. */
	static WimImage open(Path requested, ImageFormat format, OpenOptions options) throws ImageException {
		Path file = requested.toAbsolutePath().normalize();
		if (!Files.isRegularFile(file)) {
			throw new ImageException(file, Files.isDirectory(file) ? "is a folder, not an image file" : "no such file");
		}
		WimThread thread = new WimThread(file.getFileName().toString());
		try {
			return thread.call(() -> openOnThread(file, format, options, thread));
		} catch (ImageException | RuntimeException e) {
			thread.close();
			throw e;
		}
	}

	private static WimImage openOnThread(Path file, ImageFormat format, OpenOptions options, WimThread thread)
			throws ImageException {
		Wim wim = Wim.open(file, 0, null);
		try {
			WimInfo header = wim.info();
			List<Path> parts = List.of(file);
			if (header.totalParts() > 1) {
				if (header.partNumber() != 1) {
					Path first = SplitParts.firstPartOf(file);
					wim.close();
					if (first == null || !Files.isRegularFile(first)) {
						throw new org.deployforge.core.MissingPartException(file, "this is part " + header.partNumber()
								+ " of " + header.totalParts() + " of a split set; its first part"
								+ (first == null ? "" : " " + first.getFileName()) + " is missing");
					}
					return openOnThread(first, format, options, thread);
				}
				parts = SplitParts.all(file, header.totalParts());
				try {
					wim.referenceParts(parts.subList(1, parts.size()));
				} catch (ImageException e) {
					throw damagedPart(parts, e);
				}
			}
			return new WimImage(file, parts, format, options, thread, wim, header);
		} catch (ImageException | RuntimeException e) {
			wim.close();
			throw e;
		}
	}

	/**
	 * wimlib reports a damaged later part of a split set as an error of the set; this opens the parts one by one to
	 * name the one that is damaged ("part 2 of 3 of the split set: … the file ends early").
	 *
	 * @return an exception of the same kind as wimlib's naming the damaged part, or {@code failure} when every part
	 *         opens on its own
	 */
	private static ImageException damagedPart(List<Path> parts, ImageException failure) {
		for (int i = 1; i < parts.size(); i++) {
			Path part = parts.get(i);
			try {
				Wim.open(part, 0, null).close();
			} catch (ImageException e) {
				String reason = "part " + (i + 1) + " of " + parts.size() + " of the split set whose first part is "
						+ parts.get(0).getFileName() + ": " + e.reason();
				return e instanceof CorruptImageException ? new CorruptImageException(part, reason, failure)
						: new ImageException(part, reason, failure);
			}
		}
		return failure;
	}

	<T> T onThread(WimThread.Call<T> work) throws ImageException {
		if (closed) {
			throw new ImageException(file, "the image is closed");
		}
		return thread.call(work);
	}

	Wim wim() {
		return wim;
	}

	/**
	 * @return the folders of image {@code index} holding an entry named {@code .} or {@code ..} ({@link Wim#dotNames},
	 *         which reads the image's metadata once more; cached per index until the file is rewritten). Call on the
	 *         image's thread.
	 */
	List<String> dotNames(int index) throws ImageException {
		List<String> folders = dotNames.get(index);
		if (folders == null) {
			folders = List.copyOf(Wim.dotNames(file, index));
			dotNames.put(index, folders);
		}
		return folders;
	}

	WimInfo header() {
		return header;
	}

	OpenOptions options() {
		return options;
	}

	@Override
	public Path file() {
		return file;
	}

	@Override
	public ImageFormat format() {
		return format;
	}

	@Override
	public String handlerId() {
		return WimHandler.ID;
	}

	@Override
	public boolean isReadOnly() {
		return options.readOnly() || parts.size() > 1 || header.isReadOnly();
	}

	@Override
	public ImageInfo info() throws ImageException {
		ImageInfo cached = info;
		if (cached != null) {
			return cached;
		}
		ImageInfo fresh = onThread(this::readInfo);
		info = fresh;
		return fresh;
	}

	private ImageInfo readInfo() throws ImageException {
		Map<Integer, WimXml.ImageXml> xml = WimXml.parse(wim.xml());
		List<VolumeInfo> volumes = new ArrayList<>();
		for (int index = 1; index <= header.imageCount(); index++) {
			WimXml.ImageXml facts = xml.get(index);
			String name = wim.imageName(index);
			String description = wim.imageDescription(index);
			if (facts == null) {
				volumes.add(new VolumeInfo(index, name, description, -1, -1, -1, null, null, Map.of()));
			} else {
				volumes.add(new VolumeInfo(index, name, description, facts.fileCount(), facts.directoryCount(),
						facts.totalBytes(), facts.creationTime(), facts.lastModificationTime(), facts.properties()));
			}
		}
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("GUID", "0x" + header.guid());
		properties.put("Version", Integer.toString(header.wimVersion()));
		properties.put("Compression", header.compressionName());
		properties.put("Chunk Size", Integer.toString(header.chunkSize()));
		properties.put("Solid", header.wimVersion() == WimHandler.WIM_VERSION_SOLID ? "yes" : "no");
		properties.put("Part Number", header.partNumber() + "/" + header.totalParts());
		properties.put("Image Count", Integer.toString(header.imageCount()));
		properties.put("Boot Index", Integer.toString(header.bootIndex()));
		properties.put("Integrity Table", header.hasIntegrityTable() ? "yes" : "no");
		properties.put("Pipable", header.isPipable() ? "yes" : "no");
		long size = 0;
		for (Path part : parts) {
			try {
				size += Files.size(part);
			} catch (IOException e) {
				throw new ImageException(part, "cannot read the file size: " + e.getMessage(), e);
			}
		}
		if (parts.size() > 1) {
			properties.put("Parts", String.join(", ", parts.stream().map(p -> p.getFileName().toString()).toList()));
		}
		return new ImageInfo(file, format, size, volumes, header.bootIndex(), properties);
	}

	@Override
	public ImageTree tree(int index) throws ImageException {
		checkIndex(index);
		return new WimTree(this, index);
	}

	void checkIndex(int index) throws ImageException {
		if (index < 1 || index > header.imageCount()) {
			List<String> valid = new ArrayList<>();
			for (VolumeInfo volume : info().volumes()) {
				valid.add(volume.index() + (volume.name().isEmpty() ? "" : " (" + volume.name() + ")"));
			}
			throw new ImageException(file, "image index " + index + " does not exist; the image has "
					+ header.imageCount() + ": " + String.join(", ", valid));
		}
	}

	void checkWritable() throws ImageException {
		if (options.readOnly()) {
			throw new ImageException(file, "the image was opened read-only");
		}
		if (parts.size() > 1) {
			throw new ImageException(file, "a split WIM cannot be changed; join it first (deployforge join)");
		}
		if (header.isReadOnly()) {
			throw new ImageException(file, "the WIM is read-only (read-only header flag or file permissions)");
		}
	}

	synchronized void stage(PendingChange change) throws ImageException {
		checkWritable();
		pending.add(change);
	}

	@Override
	public synchronized List<PendingChange> pendingChanges() {
		return List.copyOf(pending);
	}

	synchronized List<PendingChange> pendingFor(int index) {
		return pending.stream().filter(change -> change.index() == index).toList();
	}

	@Override
	public synchronized void discard() {
		pending.clear();
	}

	@Override
	public CommitResult commit(@Nullable IProgressMonitor monitor) throws ImageException {
		List<PendingChange> changes = pendingChanges();
		if (changes.isEmpty()) {
			return new CommitResult(file, 0, size(file), List.of("nothing to commit"));
		}
		checkWritable();
		boolean recompress = "true".equalsIgnoreCase(options.parameters().getOrDefault("rebuild", "false"));
		CommitResult result = onThread(() -> {
			WimOperation operation = new WimOperation(monitor, "Committing " + file.getFileName());
			try (AtomicReplace replace = AtomicReplace.beside(file)) {
				try {
					applyChanges(changes, operation);
					int flags = WimLib.WRITE_FLAG_RETAIN_GUID | WimLib.WRITE_FLAG_FSYNC
							| (recompress ? WimLib.WRITE_FLAG_RECOMPRESS : 0);
					byte[] target = WimLib.cstr(replace.temporary().toString());
					wim.check(operation, "cannot write the changed image",
							w -> WimLib.N.wimlib_write(w, target, WimLib.ALL_IMAGES, flags, 0));
					if (operation.isCanceled()) {
						throw new OperationCanceledException();
					}
					replace.commit();
				} finally {
					reopen();
				}
			} finally {
				operation.done();
			}
			List<String> notes = new ArrayList<>();
			notes.add("wrote a new file with wimlib_write and renamed it over the original"
					+ (recompress ? " (every resource recompressed)" : ""));
			return new CommitResult(file, changes.size(), size(file), notes);
		});
		synchronized (this) {
			pending.removeAll(changes);
		}
		return result;
	}

	/** Frees the WIMStruct and opens the file again (after a commit, successful or not). */
	private void reopen() throws ImageException {
		wim.close();
		info = null;
		dotNames.clear();
		wim = Wim.open(file, 0, null);
		header = wim.info();
	}

	private void applyChanges(List<PendingChange> changes, WimOperation operation) throws ImageException {
		Map<Integer, List<PendingChange>> byIndex = new LinkedHashMap<>();
		for (PendingChange change : changes) {
			byIndex.computeIfAbsent(change.index(), key -> new ArrayList<>()).add(change);
		}
		for (Map.Entry<Integer, List<PendingChange>> entry : byIndex.entrySet()) {
			int index = entry.getKey();
			List<PendingChange> files = entry.getValue().stream()
					.filter(change -> change.kind() != PendingChange.Kind.PROPERTIES).toList();
			if (!files.isEmpty()) {
				updateImage(index, files, operation);
			}
		}
		for (PendingChange change : changes) {
			if (change.kind() == PendingChange.Kind.PROPERTIES) {
				applyProperty(change);
			}
		}
	}

	private void updateImage(int index, List<PendingChange> changes, WimOperation operation) throws ImageException {
		List<Object[]> commands = new ArrayList<>(); // {op, string1, string2-or-null, flags}
		for (PendingChange change : changes) {
			switch (change.kind()) {
			case ADD -> {
				Path source = change.source();
				if (source == null) {
					throw new ImageException(file, "an add without a source: " + change.describe());
				}
				if (!ImagePath.parse(change.path()).isRoot()) {
					commands.add(new Object[] { WimLib.UPDATE_OP_DELETE, change.path(), null,
							WimLib.DELETE_FLAG_FORCE | WimLib.DELETE_FLAG_RECURSIVE });
				}
				commands.add(new Object[] { WimLib.UPDATE_OP_ADD, source.toAbsolutePath().toString(), change.path(), 0 });
			}
			case REMOVE -> commands.add(new Object[] { WimLib.UPDATE_OP_DELETE, change.path(), null,
					WimLib.DELETE_FLAG_RECURSIVE });
			case RENAME -> commands.add(new Object[] { WimLib.UPDATE_OP_RENAME, change.path(), change.target(), 0 });
			default -> {
				// properties are applied separately
			}
			}
		}
		List<Memory> strings = new ArrayList<>();
		int size = WimLib.Layout.UPDATE_COMMAND_SIZE;
		try (Memory array = new Memory((long) size * commands.size())) {
			array.clear();
			for (int i = 0; i < commands.size(); i++) {
				Object[] command = commands.get(i);
				int op = (Integer) command[0];
				long base = (long) i * size;
				array.setInt(base, op);
				Memory first = WimLib.nativeString((String) command[1]);
				strings.add(first);
				array.setPointer(base + 8, first);
				String second = (String) command[2];
				int flags = (Integer) command[3];
				switch (op) {
				case WimLib.UPDATE_OP_ADD -> {
					Memory target = WimLib.nativeString(second);
					strings.add(target);
					array.setPointer(base + 16, target);
					array.setInt(base + 32, flags); // config_file at +24 stays NULL
				}
				case WimLib.UPDATE_OP_DELETE -> array.setInt(base + 16, flags);
				default -> {
					Memory target = WimLib.nativeString(second);
					strings.add(target);
					array.setPointer(base + 16, target);
					array.setInt(base + 24, flags);
				}
				}
			}
			int count = commands.size();
			wim.check(operation, "cannot apply the staged changes to image " + index,
					w -> WimLib.N.wimlib_update_image(w, index, array, count, 0));
			Reference.reachabilityFence(strings);
		}
	}

	private void applyProperty(PendingChange change) throws ImageException {
		int index = change.index();
		String key = change.path();
		String value = change.target() == null ? "" : change.target();
		if (key.equals(BOOT_INDEX)) {
			wim.setBootIndex(Integer.parseInt(value));
		} else if (key.equals("NAME")) {
			wim.check(null, "cannot set the name of image " + index + " to '" + value + "'",
					w -> WimLib.N.wimlib_set_image_name(w, index, WimLib.cstr(value)));
		} else if (key.equals("DESCRIPTION")) {
			wim.check(null, "cannot set the description of image " + index,
					w -> WimLib.N.wimlib_set_image_descripton(w, index, WimLib.cstr(value)));
		} else {
			wim.check(null, "cannot set property " + key + " of image " + index,
					w -> WimLib.N.wimlib_set_image_property(w, index, WimLib.cstr(key),
							value.isEmpty() ? null : WimLib.cstr(value)));
		}
	}

	static long size(Path path) {
		try {
			return Files.size(path);
		} catch (IOException e) {
			return -1;
		}
	}

	@Override
	public <T extends ImageCapability> Optional<T> capability(Class<T> type) {
		return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
	}

	@Override
	public void close() {
		if (closed) {
			return;
		}
		try {
			thread.run(() -> {
				wim.close();
				return null;
			});
		} catch (ImageException | RuntimeException e) {
			// closing never throws
		} finally {
			closed = true;
			thread.close();
		}
	}

	// ---------------------------------------------------------------- ImagePropertiesCapability

	@Override
	public void setName(int index, String name) throws ImageException {
		checkIndex(index);
		if (name.isBlank()) {
			throw new ImageException(file, "an image name must not be empty");
		}
		for (VolumeInfo volume : info().volumes()) {
			if (volume.index() != index && volume.name().equals(name)) {
				throw new ImageException(file, "image " + volume.index() + " is already named '" + name
						+ "'; names must be unique in a WIM");
			}
		}
		stage(new PendingChange(PendingChange.Kind.PROPERTIES, index, "NAME", name, null));
	}

	@Override
	public void setDescription(int index, String description) throws ImageException {
		checkIndex(index);
		stage(new PendingChange(PendingChange.Kind.PROPERTIES, index, "DESCRIPTION", description, null));
	}

	@Override
	public void setProperty(int index, String key, String value) throws ImageException {
		checkIndex(index);
		String normalized = key.trim().replace('\\', '/');
		if (normalized.isEmpty() || normalized.startsWith("/") || normalized.endsWith("/")) {
			throw new ImageException(file, "'" + key + "' is not an XML property path (e.g. FLAGS, WINDOWS/EDITIONID)");
		}
		String upper = normalized.toUpperCase(java.util.Locale.ROOT);
		if (upper.equals("NAME") || upper.equals("DESCRIPTION")) {
			if (upper.equals("NAME")) {
				setName(index, value);
			} else {
				setDescription(index, value);
			}
			return;
		}
		stage(new PendingChange(PendingChange.Kind.PROPERTIES, index, normalized, value, null));
	}

	@Override
	public void setBootIndex(int index) throws ImageException {
		if (index != 0) {
			checkIndex(index);
		}
		stage(new PendingChange(PendingChange.Kind.PROPERTIES, Math.max(index, 0), BOOT_INDEX,
				Integer.toString(index), null));
	}

	// ---------------------------------------------------------------- ExportCapability

	@Override
	public void export(List<Integer> indexes, Path destination, ExportOptions exportOptions,
			@Nullable IProgressMonitor monitor) throws ImageException {
		for (int index : indexes) {
			checkIndex(index);
		}
		Path target = destination.toAbsolutePath().normalize();
		if (parts.contains(target)) {
			throw new ImageException(file, "cannot export an image onto itself (" + target + ")");
		}
		boolean append = exportOptions.append() && Files.exists(target);
		if (Files.exists(target) && !exportOptions.append()) {
			throw new ImageException(target, "already exists; choose another name or append to it");
		}
		int compression = WimHandler.compressionType(exportOptions.compression());
		onThread(() -> {
			WimOperation operation = new WimOperation(monitor, "Exporting to " + target.getFileName());
			try (Wim destinationWim = append ? Wim.open(target, WimLib.OPEN_FLAG_WRITE_ACCESS, null)
					: Wim.create(target, compression); AtomicReplace replace = AtomicReplace.beside(target)) {
				if (indexes.isEmpty()) {
					destinationWim.check(null, "cannot export the images",
							w -> WimLib.N.wimlib_export_image(wim.pointer(), WimLib.ALL_IMAGES, w, null, null,
									WimLib.EXPORT_FLAG_BOOT));
				} else {
					for (int index : indexes) {
						int flags = index == header.bootIndex() ? WimLib.EXPORT_FLAG_BOOT : 0;
						destinationWim.check(null, "cannot export image " + index,
								w -> WimLib.N.wimlib_export_image(wim.pointer(), index, w, null, null, flags));
					}
				}
				// fsync before the rename only when an existing file is replaced (append), as wimlib_overwrite does
				int flags = append ? WimLib.WRITE_FLAG_FSYNC : 0;
				if (exportOptions.solid()) {
					flags |= WimLib.WRITE_FLAG_SOLID;
					destinationWim.check(null, "cannot set the solid compression",
							w -> WimLib.N.wimlib_set_output_pack_compression_type(w,
									compression == WimLib.COMPRESSION_NONE ? WimLib.COMPRESSION_LZMS : compression));
				}
				if (append) {
					flags |= WimLib.WRITE_FLAG_RETAIN_GUID;
				}
				int writeFlags = flags;
				byte[] path = WimLib.cstr(replace.temporary().toString());
				destinationWim.check(operation, "cannot write " + target,
						w -> WimLib.N.wimlib_write(w, path, WimLib.ALL_IMAGES, writeFlags, 0));
				if (operation.isCanceled()) {
					throw new OperationCanceledException();
				}
				replace.commit();
			} finally {
				operation.done();
			}
			return null;
		});
	}

	// ---------------------------------------------------------------- SplitCapability

	@Override
	public List<Path> split(Path firstPart, long maxPartBytes, @Nullable IProgressMonitor monitor)
			throws ImageException {
		if (maxPartBytes < 4096) {
			throw new ImageException(file, "a part size of " + maxPartBytes + " bytes is too small");
		}
		if (header.wimVersion() == WimHandler.WIM_VERSION_SOLID) {
			// wimlib_split refuses solid resources with WIMLIB_ERR_UNSUPPORTED (code 68), which says nothing useful
			throw new org.deployforge.core.UnsupportedCapabilityException(file, "a solid (ESD, LZMS) image cannot be"
					+ " split; export it to a non-solid WIM first (deployforge export " + file.getFileName()
					+ " install.wim --index all --compress lzx), then split that");
		}
		Path target = firstPart.toAbsolutePath().normalize();
		Path folder = target.getParent();
		AtomicReplace.requireFolder(folder);
		return onThread(() -> {
			WimOperation operation = new WimOperation(monitor, "Splitting into " + target.getFileName());
			Path work;
			try {
				work = Files.createTempDirectory(folder, "." + target.getFileName() + ".");
			} catch (IOException e) {
				throw new ImageException(target, "cannot create a work folder in " + folder + ": " + e.getMessage(), e);
			}
			try {
				byte[] name = WimLib.cstr(work.resolve(target.getFileName()).toString());
				wim.check(operation, "cannot split the image",
						w -> WimLib.N.wimlib_split(w, name, maxPartBytes, 0));
				if (operation.isCanceled()) {
					throw new OperationCanceledException();
				}
				List<Path> written = new ArrayList<>();
				for (String part : operation.splitParts()) {
					Path source = Path.of(part);
					Path destination = folder.resolve(source.getFileName());
					Files.move(source, destination, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
							java.nio.file.StandardCopyOption.ATOMIC_MOVE);
					written.add(destination);
				}
				return written;
			} catch (ImageException e) {
				throw e;
			} catch (IOException e) {
				throw new ImageException(target, "cannot move the split parts into place: " + e.getMessage(), e);
			} finally {
				FileTrees.deleteQuietly(work);
				operation.done();
			}
		});
	}

	// ---------------------------------------------------------------- VerifyCapability

	@Override
	public VerifyResult verify(@Nullable IProgressMonitor monitor) throws ImageException {
		return onThread(() -> {
			List<String> checks = new ArrayList<>();
			List<String> problems = new ArrayList<>();
			WimOperation integrity = new WimOperation(monitor, "Verifying " + file.getFileName());
			try {
				for (Path part : parts) {
					// name the part only in a split set; the command line already names the file
					String where = parts.size() > 1 ? part.getFileName() + ": " : "";
					try (Wim checked = Wim.open(part, WimLib.OPEN_FLAG_CHECK_INTEGRITY, integrity)) {
						if (checked.info().hasIntegrityTable()) {
							checks.add(where + "integrity table (" + integrity.integrityTotalChunks()
									+ " chunks of " + integrity.integrityChunkSize() + " bytes)");
						} else {
							checks.add(where + "no integrity table (nothing to check there)");
						}
					} catch (org.deployforge.core.VerificationFailedException e) {
						checks.add(where + "integrity table (" + integrity.integrityTotalChunks()
								+ " chunks of " + integrity.integrityChunkSize() + " bytes)");
						problems.add(where + Wim.integrityMessage(integrity));
					}
				}
				WimOperation blobs = integrity;
				int code = wim.call(blobs, w -> WimLib.N.wimlib_verify_wim(w, 0));
				if (code == WimErrors.ERR_ABORTED_BY_PROGRESS) {
					throw new OperationCanceledException();
				}
				checks.add("metadata of " + header.imageCount() + " image(s) and the SHA-1 of " + blobs.verifiedBlobs()
						+ " blob(s) (" + blobs.verifiedBlobBytes() + " bytes)");
				if (code != 0) {
					problems.add(WimErrors.exception(code, null, "file data or metadata is damaged").getMessage());
				}
			} finally {
				integrity.done();
			}
			return new VerifyResult(problems.isEmpty(), checks, problems);
		});
	}

	// ---------------------------------------------------------------- OptimizeCapability

	@Override
	public long[] optimize(boolean recompress, @Nullable IProgressMonitor monitor) throws ImageException {
		checkWritable();
		if (!pendingChanges().isEmpty()) {
			throw new ImageException(file, "commit or discard the staged changes before optimizing");
		}
		long before = size(file);
		onThread(() -> {
			WimOperation operation = new WimOperation(monitor, "Optimizing " + file.getFileName());
			try (AtomicReplace replace = AtomicReplace.beside(file)) {
				int flags = WimLib.WRITE_FLAG_RETAIN_GUID | WimLib.WRITE_FLAG_FSYNC
						| (recompress ? WimLib.WRITE_FLAG_RECOMPRESS : 0);
				byte[] path = WimLib.cstr(replace.temporary().toString());
				try {
					wim.check(operation, "cannot rebuild the image",
							w -> WimLib.N.wimlib_write(w, path, WimLib.ALL_IMAGES, flags, 0));
					if (operation.isCanceled()) {
						throw new OperationCanceledException();
					}
					replace.commit();
				} finally {
					reopen();
				}
			} finally {
				operation.done();
			}
			return null;
		});
		return new long[] { before, size(file) };
	}

	// ---------------------------------------------------------------- ApplyCapability

	@Override
	public void apply(int index, Path targetDirectory, @Nullable IProgressMonitor monitor) throws ImageException {
		applyAndReport(index, targetDirectory, monitor);
	}

	/** Entries named {@code .} or {@code ..} (wimlib leaves them out with a warning only) are reported as skipped. */
	@Override
	public ExtractResult applyAndReport(int index, Path targetDirectory, @Nullable IProgressMonitor monitor)
			throws ImageException {
		checkIndex(index);
		return Extraction.apply(this, index, targetDirectory, monitor);
	}

	static Compression compressionOf(int type) {
		return switch (type) {
		case WimLib.COMPRESSION_XPRESS -> Compression.XPRESS;
		case WimLib.COMPRESSION_LZX -> Compression.LZX;
		case WimLib.COMPRESSION_LZMS -> Compression.LZMS;
		default -> Compression.NONE;
		};
	}
}
