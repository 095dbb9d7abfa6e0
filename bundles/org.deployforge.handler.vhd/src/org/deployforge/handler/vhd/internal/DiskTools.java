package org.deployforge.handler.vhd.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.ImageException;
import org.deployforge.core.capability.VirtualDiskCapability;
import org.deployforge.handler.vhd.DiskType;
import org.deployforge.handler.vhd.Partition;
import org.deployforge.handler.vhd.PartitionTable;
import org.deployforge.handler.vhd.RawDisk;
import org.deployforge.handler.vhd.VirtualDisk;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * {@link VirtualDiskCapability}: convert with {@code qemu-img convert} (a differencing chain, which qemu cannot open,
 * is first flattened through our block view into a sparse raw work file; VHD written with {@code force_size=on} so
 * the footer's current size is the exact size, creator {@code qem2}); create by partitioning a sparse raw work file
 * ({@code sgdisk} for UEFI/GPT, {@code sfdisk} for BIOS/MBR), formatting each partition through a writable
 * {@link PartitionExport} ({@code mkfs.vfat -F 32}, {@code mkntfs -Q} with the partition's start sector and a
 * 255/63 geometry), applying the WIM index with {@code wimlib-imagex apply} to the NTFS partition file (wimlib's NTFS-3G
 * mode: security descriptors, alternate data streams and reparse points kept), then {@code qemu-img convert} into the
 * destination format.
 */
final class DiskTools implements VirtualDiskCapability {

	/** UEFI layout, in MiB: 1 MiB alignment gap, 100 MiB EFI System, 16 MiB Microsoft Reserved, the rest Windows. */
	static final long ESP_MIB = 100;
	static final long MSR_MIB = 16;
	static final long MIN_WINDOWS_MIB = 16;
	/** @return the "Total Bytes:" of {@code wimlib-imagex info WIM INDEX}, or 0 when it does not say */
	static long totalBytes(String wimlibInfo) {
		for (String line : wimlibInfo.split("\n")) {
			if (line.startsWith("Total Bytes:")) {
				try {
					return Long.parseLong(line.substring("Total Bytes:".length()).strip());
				} catch (NumberFormatException e) {
					return 0;
				}
			}
		}
		return 0;
	}

	private static final long MIB = 1024 * 1024;

	@Override
	public DiskResult convert(Path source, Path destination, @Nullable Boolean fixed, IProgressMonitor monitor)
			throws ImageException {
		SubMonitor progress = SubMonitor.convert(monitor, "Converting " + source.getFileName(), 100);
		String format = formatOf(destination);
		long size;
		String sourceFormat;
		boolean sourceFixed;
		Path flattened = null;
		if (source.toAbsolutePath().normalize().equals(destination.toAbsolutePath().normalize())) {
			throw new ImageException(destination, "the destination is the source");
		}
		List<String> notes = new ArrayList<>();
		try (VirtualDisk disk = VirtualDisk.open(source)) {
			size = disk.virtualSize();
			sourceFormat = disk.formatId();
			sourceFixed = disk.diskType() == DiskType.FIXED;
			if (disk.diskType() == DiskType.DIFFERENCING) {
				// qemu cannot open VHD/VHDX differencing chains: flatten the chain through our block view first
				flattened = flatten(disk, destination, progress.split(40));
				notes.add("differencing chain " + disk.chain() + " flattened by DeployForge's reader");
			}
		}
		boolean makeFixed = fixed != null ? fixed : sourceFixed;
		try (AtomicReplace replace = AtomicReplace.beside(destination)) {
			List<String> command = new ArrayList<>(List.of("qemu-img", "convert"));
			if (flattened != null) {
				command.addAll(List.of("-f", "raw", flattened.toString()));
			} else {
				command.add("--image-opts");
				command.add("driver=" + (sourceFormat.equals("vhdx") ? "vhdx" : "vpc")
						+ ",file.driver=file,file.filename=" + source.toAbsolutePath().toString().replace(",", ",,")
						+ (sourceFormat.equals("vhd") ? ",force_size_calc=current_size" : ""));
			}
			command.addAll(outputOptions(format, makeFixed));
			command.add(replace.temporary().toString());
			progress.subTask(String.join(" ", command));
			Tool.ok(destination, null, 120, command);
			progress.worked(50);
			long written = verify(replace.temporary(), destination, size, format);
			replace.commit();
			notes.add("written by qemu-img convert (" + sourceFormat + " -> " + format + ", " + (makeFixed ? "fixed"
					: "dynamic") + ")");
			notes.add("virtual size kept: " + written + " bytes");
		} finally {
			if (flattened != null) {
				try {
					Files.deleteIfExists(flattened);
				} catch (IOException e) {
					// a recognisable .deployforge-tmp work file is left beside the destination
				}
			}
		}
		return new DiskResult(destination, format, makeFixed ? "fixed" : "dynamic", size, fileSize(destination), notes);
	}

	/**
	 * Writes the virtual disk's bytes into a sparse raw work file beside {@code destination} (all-zero MiB runs are
	 * left as holes).
	 */
	private static Path flatten(VirtualDisk disk, Path destination, IProgressMonitor monitor) throws ImageException {
		SubMonitor progress = SubMonitor.convert(monitor, "Flattening " + disk.file().getFileName(), (int) (disk
				.virtualSize() / MIB + 1));
		Path folder = destination.toAbsolutePath().getParent();
		Path raw;
		try {
			raw = Files.createTempFile(folder, "." + destination.getFileName() + ".", ".raw" + AtomicReplace.TEMP_SUFFIX);
		} catch (IOException e) {
			throw new ImageException(destination, "cannot create a work file in " + folder + ": " + org.deployforge.core.IoErrors.reason(e), e);
		}
		try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(raw,
				java.nio.file.StandardOpenOption.WRITE)) {
			byte[] buffer = new byte[(int) MIB];
			for (long position = 0; position < disk.virtualSize(); position += MIB) {
				if (progress.isCanceled()) {
					throw new OperationCanceledException();
				}
				int length = (int) Math.min(MIB, disk.virtualSize() - position);
				disk.read(position, buffer, 0, length);
				boolean zero = true;
				for (int i = 0; i < length && zero; i++) {
					zero = buffer[i] == 0;
				}
				if (!zero) {
					java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(buffer, 0, length);
					while (data.hasRemaining()) {
						out.write(data, position + data.position());
					}
				}
				progress.worked(1);
			}
			out.truncate(disk.virtualSize());
			if (out.size() < disk.virtualSize()) {
				out.write(java.nio.ByteBuffer.wrap(new byte[1]), disk.virtualSize() - 1);
			}
			return raw;
		} catch (IOException | RuntimeException e) {
			try {
				Files.deleteIfExists(raw);
			} catch (IOException ignored) {
				// left as a recognisable work file
			}
			if (e instanceof ImageException imageException) {
				throw imageException;
			}
			if (e instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ImageException(destination, "cannot write the flattened disk: " + e.getMessage(), e);
		}
	}

	private static List<String> outputOptions(String format, boolean fixed) {
		String options = "subformat=" + (fixed ? "fixed" : "dynamic") + (format.equals("vhd") ? ",force_size=on" : "");
		return List.of("-O", format.equals("vhd") ? "vpc" : "vhdx", "-o", options);
	}

	/** Opens what qemu-img wrote with our reader and checks the virtual size. */
	private static long verify(Path written, Path destination, long size, String format) throws ImageException {
		try (VirtualDisk check = VirtualDisk.open(written)) {
			if (check.virtualSize() != size || !check.formatId().equals(format)) {
				throw new ImageException(destination, "qemu-img wrote a " + check.formatId() + " of " + check
						.virtualSize() + " bytes instead of a " + format + " of " + size + " bytes");
			}
			return check.virtualSize();
		}
	}

	static String formatOf(Path destination) throws ImageException {
		String name = String.valueOf(destination.getFileName()).toLowerCase(Locale.ROOT);
		if (name.endsWith(".vhdx")) {
			return "vhdx";
		}
		if (name.endsWith(".vhd")) {
			return "vhd";
		}
		throw new ImageException(destination, "the destination must end in .vhd or .vhdx (it picks the format)");
	}

	@Override
	public DiskResult create(CreateOptions options, Path destination, IProgressMonitor monitor)
			throws ImageException {
		SubMonitor progress = SubMonitor.convert(monitor, "Creating " + destination.getFileName(), 100);
		String format = formatOf(destination);
		if (!Files.isRegularFile(options.wim())) {
			throw new ImageException(options.wim(), "no such WIM file");
		}
		long size = (options.size() + MIB - 1) / MIB * MIB;
		long minimum = (options.uefi() ? 1 + ESP_MIB + MSR_MIB + MIN_WINDOWS_MIB + 1 : 1 + MIN_WINDOWS_MIB) * MIB;
		if (size < minimum) {
			throw new ImageException(destination, "a " + (options.uefi() ? "UEFI" : "BIOS") + " disk needs at least "
					+ minimum / MIB + " MiB (asked for " + options.size() + " bytes)");
		}
		String wimInfo = Tool.ok(options.wim(), null, 5, List.of("wimlib-imagex", "info", options.wim().toString(),
				Integer.toString(options.index()))).stdout();
		// the files of the image index ("Total Bytes" of wimlib-imagex info) cannot fit a smaller Windows partition
		long imageBytes = totalBytes(wimInfo);
		long windowsBytes = size - (options.uefi() ? 1 + ESP_MIB + MSR_MIB + 1 : 1 + 1) * MIB;
		if (imageBytes > windowsBytes) {
			throw new ImageException(destination, "image index " + options.index() + " of " + options.wim()
					.getFileName() + " holds " + VirtualDisk.human(imageBytes) + " of files, more than the "
					+ VirtualDisk.human(windowsBytes) + " Windows partition of this disk; give a larger --size");
		}
		List<String> notes = new ArrayList<>();
		Path folder = destination.toAbsolutePath().getParent();
		Path raw;
		try {
			raw = Files.createTempFile(folder, "." + destination.getFileName() + ".", ".raw" + AtomicReplace.TEMP_SUFFIX);
			try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "rw")) {
				file.setLength(size);
			}
		} catch (IOException e) {
			throw new ImageException(destination, "cannot create a work file in " + folder + ": " + org.deployforge.core.IoErrors.reason(e), e);
		}
		try {
			progress.subTask("partitioning");
			if (options.uefi()) {
				Tool.ok(destination, "sgdisk", "-o", "-n", "1:2048:+" + ESP_MIB + "M", "-t", "1:EF00", "-c", "1:EFI",
						"-n", "2:0:+" + MSR_MIB + "M", "-t", "2:0C01", "-c", "2:MSR", "-n", "3:0:0", "-t", "3:0700",
						"-c", "3:Windows", raw.toString());
			} else {
				Tool.ok(destination, "label: dos\nstart=2048, type=7, bootable\n".getBytes(StandardCharsets.US_ASCII), 5,
						List.of("sfdisk", "--quiet", raw.toString()));
			}
			List<Partition> partitions;
			try (RawDisk disk = RawDisk.openRaw(raw)) {
				partitions = PartitionTable.read(disk).partitions();
			}
			progress.worked(5);
			SubMonitor work = progress.split(75).setWorkRemaining(partitions.size() * 10);
			for (Partition partition : partitions) {
				if (work.isCanceled()) {
					throw new OperationCanceledException();
				}
				boolean esp = partition.typeName().equals("EFI System");
				boolean msr = partition.typeName().equals("Microsoft Reserved");
				if (msr) {
					notes.add("partition " + partition.number() + ": Microsoft Reserved, " + VirtualDisk.human(
							partition.length()) + ", no file system");
					continue;
				}
				try (PartitionExport export = PartitionExport.start(destination, raw, "raw", true, partition.offset(),
						partition.length(), true, folder)) {
					String file = export.file().toString();
					if (esp) {
						work.subTask("formatting the EFI System partition (FAT32)");
						Tool.ok(destination, "mkfs.vfat", "-F", "32", "-s", "1", "-S", "512", "-n", "EFI", "-h", Long
								.toString(partition.firstSector()), file);
						notes.add("partition " + partition.number() + ": EFI System, FAT32 'EFI', " + VirtualDisk.human(
								partition.length()) + " (empty: no boot files)");
					} else {
						work.subTask("formatting the Windows partition (NTFS)");
						Tool.ok(destination, "mkntfs", "-Q", "-F", "-q", "-L", "Windows", "-s", "512", "-p", Long
								.toString(partition.firstSector()), "-H", "255", "-S", "63", file);
						work.subTask("applying " + options.wim().getFileName() + " index " + options.index());
						try {
							Tool.ok(options.wim(), null, 240, List.of("wimlib-imagex", "apply", options.wim()
									.toString(), Integer.toString(options.index()), file));
						} catch (ImageException e) {
							if (e.getMessage() != null && e.getMessage().contains("No space left on device")) {
								throw new ImageException(destination, "the " + VirtualDisk.human(partition.length())
										+ " Windows partition is too small for image index " + options.index() + " of "
										+ options.wim().getFileName() + " (" + VirtualDisk.human(imageBytes)
										+ " of files plus NTFS metadata); give a larger --size", e);
							}
							throw e;
						}
						notes.add("partition " + partition.number() + ": Windows, NTFS 'Windows', " + VirtualDisk
								.human(partition.length()) + ", image index " + options.index() + " of "
								+ options.wim().getFileName() + " applied by wimlib (NTFS mode)");
					}
					export.finish();
				}
				work.worked(10);
			}
			progress.subTask("writing " + format.toUpperCase(Locale.ROOT));
			try (AtomicReplace replace = AtomicReplace.beside(destination)) {
				List<String> command = new ArrayList<>(List.of("qemu-img", "convert", "-f", "raw"));
				command.addAll(outputOptions(format, options.fixed()));
				command.add(raw.toString());
				command.add(replace.temporary().toString());
				Tool.ok(destination, null, 120, command);
				verify(replace.temporary(), destination, size, format);
				replace.commit();
			}
			progress.worked(20);
		} finally {
			try {
				Files.deleteIfExists(raw);
			} catch (IOException e) {
				// a recognisable .deployforge-tmp work file is left beside the destination
			}
		}
		notes.add("NOT BOOTABLE YET: no boot files were written (no BCD store, no bootmgr on the "
				+ (options.uefi() ? "EFI System partition" : "active partition") + "); run 'bcdboot C:\\Windows' from"
				+ " Windows PE or attach the disk to a Windows machine to make it bootable");
		return new DiskResult(destination, format, options.fixed() ? "fixed" : "dynamic", size, fileSize(destination),
				notes);
	}

	private static long fileSize(Path file) {
		try {
			return Files.size(file);
		} catch (IOException e) {
			return -1;
		}
	}
}
