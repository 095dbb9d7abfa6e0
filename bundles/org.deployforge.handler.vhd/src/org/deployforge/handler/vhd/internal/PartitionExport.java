package org.deployforge.handler.vhd.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.deployforge.core.FileTrees;
import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * One partition of a virtual disk exposed as a plain file, without copying the disk: a {@code qemu-storage-daemon}
 * FUSE export of the chain file → format driver ({@code vpc}, {@code vhdx}, or nothing for a fixed VHD whose data is
 * raw) → {@code raw} driver with the partition's offset and size. On top of it, optionally, an {@code ntfs-3g} FUSE
 * mount of the NTFS file system in it (read-only, or read-write with {@code windows_names}).
 * <p>
 * Both daemons are children of this JVM ({@code ntfs-3g -o no_detach}); {@link #close()} unmounts, waits for ntfs-3g
 * to write its last state, then stops qemu-storage-daemon with SIGTERM (it flushes the VHDX BAT and headers on exit).
 * A shutdown hook closes exports still open when the JVM exits.
 */
public final class PartitionExport implements AutoCloseable {

	private static final Set<PartitionExport> OPEN = ConcurrentHashMap.newKeySet();
	private static final long START_TIMEOUT_MS = 20_000;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			for (PartitionExport export : List.copyOf(OPEN)) {
				export.close();
			}
		}, "deployforge-vhd-exports"));
	}

	private final Path image;
	private final Path folder;
	private final Path exportFile;
	private final boolean writable;
	private final Process daemon;
	private @Nullable Process ntfs;
	private @Nullable Path mountDir;
	private boolean closed;

	private PartitionExport(Path image, Path folder, Path exportFile, boolean writable, Process daemon) {
		this.image = image;
		this.folder = folder;
		this.exportFile = exportFile;
		this.writable = writable;
		this.daemon = daemon;
	}

	/**
	 * Exports {@code length} bytes at {@code offset} of the virtual disk stored in {@code diskFile}.
	 *
	 * @param format   "vhd" or "vhdx"
	 * @param rawData  whether the disk's data is raw at the start of the file (a fixed VHD): no format driver then
	 * @param workRoot where to create the export's work folder
	 */
	public static PartitionExport start(Path image, Path diskFile, String format, boolean rawData, long offset,
			long length, boolean writable, Path workRoot) throws ImageException {
		Path folder;
		try {
			Files.createDirectories(workRoot);
			folder = Files.createTempDirectory(workRoot, "deployforge-vhd-");
			Files.createFile(folder.resolve("partition"));
		} catch (IOException e) {
			throw new ImageException(image, "cannot create a work folder in " + workRoot + ": " + e.getMessage(), e);
		}
		Path exportFile = folder.resolve("partition");
		String readOnly = writable ? "off" : "on";
		List<String> command = new ArrayList<>(List.of("qemu-storage-daemon", "--blockdev", "driver=file,node-name=file0"
				+ ",filename=" + escape(diskFile.toAbsolutePath().toString()) + ",read-only=" + readOnly + ",locking=off"));
		String lower = "file0";
		if (!rawData) {
			String driver = format.equals("vhdx") ? "vhdx" : "vpc";
			command.add("--blockdev");
			// no force_size_calc for vpc: qemu-storage-daemon's --blockdev schema (Debian 12's QEMU 7.2) refuses it, and
			// qemu takes the footer's current size for the creators that matter (win, qem2, d2v, CTXS, tap); the raw
			// node below then checks that the partition lies inside what qemu exports
			command.add("driver=" + driver + ",node-name=disk0,file=file0,read-only=" + readOnly);
			lower = "disk0";
		}
		command.add("--blockdev");
		command.add("driver=raw,node-name=part0,file=" + lower + ",offset=" + offset + ",size=" + length + ",read-only="
				+ readOnly);
		command.add("--export");
		command.add("type=fuse,id=export0,node-name=part0,mountpoint=" + escape(exportFile.toString()) + ",writable="
				+ (writable ? "on" : "off"));
		Process daemon;
		try {
			daemon = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(folder.resolve("qsd.log")
					.toFile()).start();
		} catch (IOException e) {
			FileTrees.deleteQuietly(folder);
			throw new ImageException(image, "cannot run qemu-storage-daemon (" + Tool.packageOf("qemu-storage-daemon")
					+ "): " + e.getMessage(), e);
		}
		PartitionExport export = new PartitionExport(image, folder, exportFile, writable, daemon);
		OPEN.add(export);
		long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
		try {
			while (true) {
				if (!daemon.isAlive()) {
					String log = export.log("qsd.log");
					export.close();
					throw new ImageException(image, "qemu-storage-daemon could not export the partition: " + Tool.last(
							log.strip(), 600));
				}
				if (Files.size(exportFile) == length) {
					return export;
				}
				if (System.currentTimeMillis() > deadline) {
					export.close();
					throw new ImageException(image, "qemu-storage-daemon did not export the partition in "
							+ START_TIMEOUT_MS / 1000 + " s");
				}
				Thread.sleep(20);
			}
		} catch (IOException e) {
			export.close();
			throw new ImageException(image, "cannot watch the partition export: " + e.getMessage(), e);
		} catch (InterruptedException e) {
			export.close();
			Thread.currentThread().interrupt();
			throw new ImageException(image, "interrupted while exporting the partition", e);
		}
	}

	/** qemu option values escape a comma by doubling it. */
	private static String escape(String value) {
		return value.replace(",", ",,");
	}

	/** @return the partition as a plain file (its size is the partition's) */
	public Path file() {
		return exportFile;
	}

	/**
	 * Mounts the NTFS file system of the partition with ntfs-3g (read-only unless the export is writable).
	 *
	 * @return the mount folder
	 */
	public synchronized Path mountNtfs() throws ImageException {
		Path existing = mountDir;
		if (existing != null) {
			return existing;
		}
		Path dir = folder.resolve("mnt");
		try {
			Files.createDirectories(dir);
		} catch (IOException e) {
			throw new ImageException(image, "cannot create a mount folder: " + e.getMessage(), e);
		}
		String options = writable ? "no_detach,windows_names" : "ro,no_detach";
		Process process;
		try {
			process = new ProcessBuilder("ntfs-3g", "-o", options, exportFile.toString(), dir.toString())
					.redirectErrorStream(true).redirectOutput(folder.resolve("ntfs-3g.log").toFile()).start();
		} catch (IOException e) {
			throw new ImageException(image, "cannot run ntfs-3g (" + Tool.packageOf("ntfs-3g") + "): " + e.getMessage(),
					e);
		}
		ntfs = process;
		long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
		try {
			while (!isMounted(dir)) {
				if (!process.isAlive() || System.currentTimeMillis() > deadline) {
					String log = log("ntfs-3g.log");
					process.destroyForcibly();
					ntfs = null;
					throw new ImageException(image, "ntfs-3g could not mount the NTFS partition: " + Tool.last(log
							.strip(), 600));
				}
				Thread.sleep(20);
			}
		} catch (InterruptedException e) {
			process.destroyForcibly();
			ntfs = null;
			Thread.currentThread().interrupt();
			throw new ImageException(image, "interrupted while mounting the NTFS partition", e);
		}
		mountDir = dir;
		return dir;
	}

	private static boolean isMounted(Path dir) {
		try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
			String wanted = dir.toAbsolutePath().toString().replace(" ", "\\040");
			return lines.anyMatch(line -> {
				String[] fields = line.split(" ");
				return fields.length > 4 && fields[4].equals(wanted);
			});
		} catch (IOException e) {
			return false;
		}
	}

	private String log(String name) {
		try {
			return Files.readString(folder.resolve(name));
		} catch (IOException e) {
			return "(no log)";
		}
	}

	/**
	 * Unmounts and stops, reporting a failure of ntfs-3g or qemu-storage-daemon to finish cleanly (a commit must not
	 * trust what they wrote then).
	 */
	public synchronized void finish() throws ImageException {
		List<String> problems = stop();
		if (!problems.isEmpty()) {
			throw new ImageException(image, String.join("; ", problems));
		}
	}

	private List<String> stop() {
		List<String> problems = new ArrayList<>();
		if (closed) {
			return problems;
		}
		closed = true;
		Process mounted = ntfs;
		Path dir = mountDir;
		try {
			if (mounted != null && dir != null) {
				Tool.Result result = runQuiet(List.of("fusermount", "-u", dir.toString()));
				if (result.exitCode() != 0) {
					// a file in the mount is still open (a stream not closed): detach now, ntfs-3g ends when it closes
					problems.add("the NTFS mount was busy at unmount: " + result.stderr().strip());
					runQuiet(List.of("fusermount", "-u", "-z", dir.toString()));
				}
				if (!mounted.waitFor(writable ? 60 : 5, TimeUnit.SECONDS)) {
					mounted.destroyForcibly();
					mounted.waitFor(5, TimeUnit.SECONDS);
					problems.add("ntfs-3g did not finish after the unmount");
				} else if (mounted.exitValue() != 0) {
					problems.add("ntfs-3g ended with exit code " + mounted.exitValue() + ": " + Tool.last(log(
							"ntfs-3g.log").strip(), 400));
				}
			}
			if (!daemon.isAlive()) {
				problems.add("qemu-storage-daemon ended while the partition was in use (exit code " + daemon.exitValue()
						+ "): " + Tool.last(log("qsd.log").strip(), 400));
			} else {
				daemon.destroy(); // SIGTERM: qemu-storage-daemon flushes and exits 0
				if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
					daemon.destroyForcibly();
					daemon.waitFor(10, TimeUnit.SECONDS);
					problems.add("qemu-storage-daemon did not stop in 60 s");
				} else if (daemon.exitValue() != 0) {
					problems.add("qemu-storage-daemon ended with exit code " + daemon.exitValue() + ": " + Tool.last(log(
							"qsd.log").strip(), 400));
				}
			}
			if (isMounted(exportFile)) {
				runQuiet(List.of("fusermount", "-u", "-z", exportFile.toString()));
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			problems.add("interrupted while stopping the partition export");
		} finally {
			OPEN.remove(this);
			if (!isMounted(exportFile) && (dir == null || !isMounted(dir))) {
				FileTrees.deleteQuietly(folder);
			}
		}
		return problems;
	}

	private static Tool.Result runQuiet(List<String> command) {
		try {
			return Tool.run(null, null, 1, command);
		} catch (ImageException e) {
			return new Tool.Result(-1, "", e.getMessage());
		}
	}

	/** Unmounts, stops the daemon and removes the work folder. Never throws. */
	@Override
	public void close() {
		synchronized (this) {
			stop();
		}
	}

}
