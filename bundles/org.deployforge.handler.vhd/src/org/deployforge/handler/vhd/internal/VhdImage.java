package org.deployforge.handler.vhd.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.CommitResult;
import org.deployforge.core.FileTrees;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImageTree;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.PendingChange;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.ImageCapability;
import org.deployforge.handler.vhd.DiskType;
import org.deployforge.handler.vhd.FileSystemType;
import org.deployforge.handler.vhd.LogPendingException;
import org.deployforge.handler.vhd.Partition;
import org.deployforge.handler.vhd.PartitionTable;
import org.deployforge.handler.vhd.VirtualDisk;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * An open VHD or VHDX: one image index (1) whose root holds one folder per partition ({@code /1-EFI},
 * {@code /2-MSR}, {@code /3-Windows}); NTFS partitions are browsed and changed through {@link PartitionExport}.
 * <p>
 * Commit: the disk file is copied beside itself ({@code cp --sparse=always --reflink=auto}), each changed partition
 * of the copy is exported writable and mounted with ntfs-3g, the changes are applied, ntfs-3g and qemu-storage-daemon
 * are stopped, the copy is checked ({@code qemu-img check} for VHDX, our reader for both) and renamed over the
 * original ({@link AtomicReplace}). Until the rename the original is untouched.
 */
final class VhdImage implements Image {

	private final Path file;
	private final OpenOptions options;
	private VirtualDisk disk;
	private PartitionTable table;
	private final List<PendingChange> pending = new ArrayList<>();
	private final Map<Integer, PartitionExport> exports = new HashMap<>();
	private boolean closed;

	private VhdImage(Path file, OpenOptions options, VirtualDisk disk, PartitionTable table) {
		this.file = file;
		this.options = options;
		this.disk = disk;
		this.table = table;
	}

	/** Parameter of {@link OpenOptions#parameters()}: "true" replays a pending VHDX log on a work copy. */
	static final String REPLAY_LOG = "replayLog";

	/** The work copy a pending VHDX log was replayed on, or null. */
	private @Nullable Path replayed;

	static VhdImage open(Path file, OpenOptions options) throws ImageException {
		VirtualDisk disk;
		Path replayedCopy = null;
		try {
			disk = VirtualDisk.open(file);
		} catch (LogPendingException pending) {
			if (!"true".equalsIgnoreCase(options.parameters().get(REPLAY_LOG))) {
				throw pending;
			}
			replayedCopy = replayLog(file, options);
			try {
				disk = VirtualDisk.open(replayedCopy);
			} catch (ImageException | RuntimeException e) {
				FileTrees.deleteQuietly(replayedCopy.getParent());
				throw e;
			}
		}
		try {
			VhdImage image = new VhdImage(file, options, disk, PartitionTable.read(disk));
			image.replayed = replayedCopy;
			return image;
		} catch (ImageException | RuntimeException e) {
			disk.close();
			if (replayedCopy != null) {
				FileTrees.deleteQuietly(replayedCopy.getParent());
			}
			throw e;
		}
	}

	/**
	 * Copies the disk into a work folder and lets qemu replay its log there: qemu replays a pending VHDX log whenever
	 * it opens the file read-write, which {@code qemu-img check -r all} does.
	 *
	 * @return the replayed copy
	 */
	private static Path replayLog(Path file, OpenOptions options) throws ImageException {
		Path root = options.workDirectory() != null ? options.workDirectory() : Path.of(System.getProperty(
				"java.io.tmpdir"));
		Path folder;
		try {
			folder = Files.createTempDirectory(root, "deployforge-vhdx-replay-");
		} catch (IOException e) {
			throw new ImageException(file, "cannot create a work folder to replay the log: " + e.getMessage(), e);
		}
		Path copy = folder.resolve(String.valueOf(file.getFileName()));
		try {
			Tool.ok(file, null, 60, List.of("cp", "--sparse=always", "--reflink=auto", file.toString(), copy
					.toString()));
			Tool.Result check = Tool.run(file, null, 30, List.of("qemu-img", "check", "-r", "all", "-f", "vhdx", copy
					.toString()));
			if (check.exitCode() != 0 && check.exitCode() != 3) { // 3: leaks were found (and repaired)
				throw new ImageException(file, "qemu-img could not replay the VHDX log on a copy: " + Tool.last((check
						.stdout() + check.stderr()).strip(), 600));
			}
			return copy;
		} catch (ImageException e) {
			FileTrees.deleteQuietly(folder);
			throw e;
		}
	}

	VirtualDisk disk() {
		return disk;
	}

	PartitionTable table() {
		return table;
	}

	@Override
	public Path file() {
		return file;
	}

	@Override
	public ImageFormat format() {
		return disk.formatId().equals("vhdx") ? KnownFormats.VHDX : KnownFormats.VHD;
	}

	@Override
	public String handlerId() {
		return VhdHandler.ID;
	}

	@Override
	public ImageInfo info() throws ImageException {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("Format", disk.formatId().toUpperCase(java.util.Locale.ROOT));
		properties.putAll(disk.properties());
		if (replayed != null) {
			properties.put("Log", "pending writes in the VHDX log were replayed on a work copy (" + replayed
					+ "); the file itself is unchanged");
		}
		properties.put("Partition table", table.scheme().toUpperCase(java.util.Locale.ROOT)
				+ (table.diskGuid() != null ? " (disk GUID " + table.diskGuid() + ")" : "")
				+ (table.diskId().isEmpty() ? "" : " (disk signature " + table.diskId() + ")"));
		Map<String, String> volume = new LinkedHashMap<>();
		for (Partition partition : table.partitions()) {
			volume.put("Partition " + partition.number(), "/" + partition.folderName() + ": " + partition.describe());
		}
		for (int i = 0; i < table.notes().size(); i++) {
			volume.put("Note " + (i + 1), table.notes().get(i));
		}
		String description = table.scheme().toUpperCase(java.util.Locale.ROOT) + " disk, " + table.partitions().size()
				+ " partition(s)";
		VolumeInfo info = new VolumeInfo(1, String.valueOf(file.getFileName()), description, -1, table.partitions()
				.size(), -1, null, null, volume);
		return new ImageInfo(file, format(), sizeOf(file), List.of(info), 0, properties);
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		} catch (IOException e) {
			return -1;
		}
	}

	@Override
	public ImageTree tree(int index) throws ImageException {
		if (index != 1) {
			throw new ImageException(file, "image index " + index + " does not exist: a virtual disk has one index, 1"
					+ " (its partitions are the top-level folders)");
		}
		return new VhdTree(this);
	}

	@Override
	public boolean isReadOnly() {
		return options.readOnly();
	}

	@Override
	public List<PendingChange> pendingChanges() {
		return List.copyOf(pending);
	}

	void stage(PendingChange change) throws ImageException {
		if (replayed != null) {
			throw new ImageException(file, "its VHDX log was replayed on a copy for reading; to change files, replay"
					+ " the log in place first (open the disk read-write in Hyper-V or run 'qemu-img check -r all' on"
					+ " it): cannot " + change.describe());
		}
		if (options.readOnly()) {
			throw new ImageException(file, "opened read-only: cannot " + change.describe());
		}
		pending.add(change);
	}

	private final Map<Integer, FatVolume> fats = new HashMap<>();

	/** @return the listing of a FAT partition (read-only, through 7zz on the exported partition) */
	synchronized FatVolume fat(Partition partition) throws ImageException {
		FatVolume fat = fats.get(partition.number());
		if (fat == null) {
			checkDifferencing();
			PartitionExport export = exports.get(partition.number());
			if (export == null) {
				export = PartitionExport.start(file, source(), disk.formatId(), rawData(), partition.offset(),
						partition.length(), false, workRoot());
				exports.put(partition.number(), export);
			}
			fat = new FatVolume(file, export.file(), "/" + partition.folderName());
			fats.put(partition.number(), fat);
		}
		return fat;
	}

	/** @return the mount folder of an NTFS partition's file system (read-only, shared by reads) */
	synchronized Path mount(Partition partition) throws ImageException {
		if (partition.fileSystem() != FileSystemType.NTFS) {
			throw new org.deployforge.core.UnsupportedCapabilityException(file, "partition " + partition.number()
					+ " holds " + partition.fileSystem().label() + ": only NTFS and FAT partitions are browsed");
		}
		checkDifferencing();
		PartitionExport export = exports.get(partition.number());
		if (export == null) {
			export = PartitionExport.start(file, source(), disk.formatId(), rawData(), partition.offset(), partition
					.length(), false, workRoot());
			exports.put(partition.number(), export);
		}
		return export.mountNtfs();
	}

	/** @return the file the disk's bytes are read from: the image, or the copy its VHDX log was replayed on */
	private Path source() {
		Path copy = replayed;
		return copy != null ? copy : file;
	}

	private void checkDifferencing() throws ImageException {
		if (disk.diskType() == DiskType.DIFFERENCING) {
			throw new org.deployforge.core.UnsupportedCapabilityException(file, "files of a differencing disk are not"
					+ " browsed yet (qemu cannot open VHD/VHDX differencing chains); flatten it first with"
					+ " 'deployforge vhd convert' and open the result");
		}
	}

	private boolean rawData() {
		return disk.formatId().equals("vhd") && disk.diskType() == DiskType.FIXED;
	}

	private Path workRoot() {
		Path configured = options.workDirectory();
		if (configured != null) {
			return configured;
		}
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	private synchronized void closeExports() {
		for (PartitionExport export : exports.values()) {
			export.close();
		}
		exports.clear();
		fats.clear();
	}

	@Override
	public CommitResult commit(IProgressMonitor monitor) throws ImageException {
		SubMonitor progress = SubMonitor.convert(monitor, "Writing " + file.getFileName(), 100);
		if (pending.isEmpty()) {
			return new CommitResult(file, 0, sizeOf(file), List.of("nothing to commit"));
		}
		checkDifferencing();
		List<String> notes = new ArrayList<>();
		closeExports();
		int count = pending.size();
		try (AtomicReplace replace = AtomicReplace.beside(file)) {
			Path copy = replace.temporary();
			progress.subTask("copying the disk file");
			Tool.ok(file, null, 60, List.of("cp", "--sparse=always", "--reflink=auto", file.toString(), copy
					.toString()));
			progress.worked(30);
			checkCanceled(progress);
			Map<Integer, List<PendingChange>> byPartition = new LinkedHashMap<>();
			for (PendingChange change : pending) {
				byPartition.computeIfAbsent(VhdTree.partitionOf(this, change.path()).number(), k -> new ArrayList<>())
						.add(change);
			}
			SubMonitor apply = progress.split(50).setWorkRemaining(byPartition.size());
			for (var entry : byPartition.entrySet()) {
				Partition partition = table.partitions().stream().filter(p -> p.number() == entry.getKey()).findFirst()
						.orElseThrow();
				PartitionExport export = PartitionExport.start(file, copy, disk.formatId(), rawData(), partition
						.offset(), partition.length(), true, workRoot());
				try {
					Path root = export.mountNtfs();
					for (PendingChange change : entry.getValue()) {
						checkCanceled(apply);
						applyChange(root, partition, change);
					}
					export.finish();
				} finally {
					export.close();
				}
				verify(copy, partition, entry.getValue());
				notes.add("partition " + partition.number() + " (/" + partition.folderName() + "): " + entry.getValue()
						.size() + " change(s) written by ntfs-3g and read back");
				apply.worked(1);
			}
			checkCanceled(progress);
			progress.subTask("checking the new disk");
			if (disk.formatId().equals("vhdx")) {
				Tool.Result check = Tool.run(file, null, 10, List.of("qemu-img", "check", "-f", "vhdx", copy.toString()));
				if (check.exitCode() != 0) {
					throw new ImageException(file, "qemu-img check found problems in the new disk; the original is"
							+ " unchanged: " + Tool.last((check.stdout() + check.stderr()).strip(), 600));
				}
				notes.add("qemu-img check: no errors");
			}
			try (VirtualDisk check = VirtualDisk.open(copy)) {
				PartitionTable.read(check);
			}
			progress.worked(10);
			replace.commit();
		}
		pending.clear();
		VirtualDisk old = disk;
		disk = VirtualDisk.open(file);
		old.close();
		table = PartitionTable.read(disk);
		progress.done();
		return new CommitResult(file, count, sizeOf(file), notes);
	}

	/**
	 * Reads the changed partition of the work copy back through a fresh read-only export and checks the net effect of
	 * the changes: every added file has its source's size, removed and renamed-away paths are gone, rename targets
	 * exist. A writer that died half-way (its errors swallowed by a cache) cannot slip through as a good commit.
	 */
	private void verify(Path copy, Partition partition, List<PendingChange> changes) throws ImageException {
		Map<String, Long> expected = new LinkedHashMap<>(); // path -> size, -1 folder, -2 absent, -3 present
		try {
			for (PendingChange change : changes) {
				String path = change.path();
				switch (change.kind()) {
				case ADD -> {
					Path source = change.source();
					dropBelow(expected, path);
					if (source != null && Files.isDirectory(source)) {
						try (Stream<Path> walk = Files.walk(source)) {
							for (Path p : (Iterable<Path>) walk::iterator) {
								String relative = source.relativize(p).toString();
								String inImage = relative.isEmpty() ? path : path + "/" + relative;
								if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
									expected.put(inImage, -1L);
								} else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
									expected.put(inImage, Files.size(p));
								}
							}
						}
					} else if (source != null) {
						expected.put(path, Files.size(source));
					}
				}
				case REMOVE -> {
					dropBelow(expected, path);
					expected.put(path, -2L);
				}
				case RENAME -> {
					String to = String.valueOf(change.target());
					Map<String, Long> moved = new LinkedHashMap<>();
					for (var e : expected.entrySet()) {
						if (e.getKey().equals(path) || e.getKey().startsWith(path + "/")) {
							moved.put(to + e.getKey().substring(path.length()), e.getValue());
						}
					}
					dropBelow(expected, path);
					dropBelow(expected, to);
					expected.put(path, -2L);
					expected.putAll(moved);
					expected.putIfAbsent(to, -3L);
				}
				default -> {
					// nothing to check
				}
				}
			}
		} catch (IOException e) {
			throw new ImageException(file, "cannot read the sources back: " + e.getMessage(), e);
		}
		try (PartitionExport export = PartitionExport.start(file, copy, disk.formatId(), rawData(), partition.offset(),
				partition.length(), false, workRoot())) {
			Path root = export.mountNtfs();
			for (var e : expected.entrySet()) {
				Path host = VhdTree.hostPath(root, e.getKey());
				long want = e.getValue();
				boolean exists = Files.exists(host, LinkOption.NOFOLLOW_LINKS);
				boolean good = want == -2 ? !exists : want == -3 ? exists : want == -1 ? Files.isDirectory(host,
						LinkOption.NOFOLLOW_LINKS) : exists && Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)
								&& Files.size(host) == want;
				if (!good) {
					throw new ImageException(file, "the commit did not land: reading the new disk back, " + e.getKey()
							+ (want == -2 ? " is still there" : want >= 0 ? " does not have its " + want + " bytes"
									: " is missing") + "; the original is unchanged");
				}
			}
			export.finish();
		} catch (IOException e) {
			if (e instanceof ImageException imageException) {
				throw imageException;
			}
			throw new ImageException(file, "cannot read the new disk back: " + e.getMessage(), e);
		}
	}

	private static void dropBelow(Map<String, Long> expected, String path) {
		expected.keySet().removeIf(key -> key.equals(path) || key.startsWith(path + "/"));
	}

	private static void checkCanceled(IProgressMonitor monitor) {
		if (monitor.isCanceled()) {
			throw new OperationCanceledException();
		}
	}

	private void applyChange(Path root, Partition partition, PendingChange change) throws ImageException {
		try {
			Path target = VhdTree.hostPath(root, change.path());
			switch (change.kind()) {
			case ADD -> {
				Path source = change.source();
				if (source == null) {
					throw new ImageException(file, "add without a source: " + change.describe());
				}
				Path parent = target.getParent();
				if (parent != null) {
					Files.createDirectories(parent);
				}
				if (Files.isDirectory(source)) {
					if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target,
							LinkOption.NOFOLLOW_LINKS)) {
						Files.delete(target);
					}
					copyTree(source, target);
				} else {
					if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
						FileTrees.delete(target);
					}
					Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
			case REMOVE -> FileTrees.delete(target);
			case RENAME -> {
				String to = change.target();
				if (to == null) {
					throw new ImageException(file, "rename without a target: " + change.describe());
				}
				Path destination = VhdTree.hostPath(root, to);
				Path parent = destination.getParent();
				if (parent != null) {
					Files.createDirectories(parent);
				}
				Files.move(target, destination);
			}
			default -> throw new ImageException(file, "cannot apply " + change.describe() + " to a virtual disk");
			}
		} catch (IOException e) {
			throw new ImageException(file, "cannot " + change.describe() + " in partition " + partition.number() + ": "
					+ e.getMessage(), e);
		}
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path destination = target.resolve(source.relativize(path).toString());
				if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
					Files.createDirectories(destination);
				} else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
					Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING,
							StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
		}
	}

	@Override
	public void discard() {
		pending.clear();
	}

	@Override
	public <T extends ImageCapability> Optional<T> capability(Class<T> type) {
		return Optional.empty();
	}

	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		pending.clear();
		closeExports();
		disk.close();
		Path copy = replayed;
		if (copy != null) {
			FileTrees.deleteQuietly(copy.getParent());
		}
	}
}
