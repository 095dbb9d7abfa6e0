package org.deployforge.core.capability;

import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Make virtual disks (VHD, VHDX) rather than change an open one: convert between formats and allocation types, and
 * create a disk from a WIM image index. Offered by the VHD handler ({@code ImageHandler#capability}); the format of a
 * destination comes from its extension ({@code .vhd} or {@code .vhdx}).
 */
public interface VirtualDiskCapability extends HandlerCapability {

	/**
	 * What a convert or create wrote.
	 *
	 * @param file        the disk written
	 * @param format      "vhd" or "vhdx"
	 * @param diskType    "fixed" or "dynamic"
	 * @param virtualSize the virtual disk size in bytes
	 * @param fileSize    the file size in bytes
	 * @param notes       facts to tell the user (tool used, partitions made, "not bootable: …")
	 */
	record DiskResult(Path file, String format, String diskType, long virtualSize, long fileSize, List<String> notes) {
		public DiskResult {
			notes = List.copyOf(notes);
		}
	}

	/**
	 * Converts a disk (VHD↔VHDX, fixed↔dynamic), keeping the exact virtual size. The destination is written beside
	 * itself and renamed into place.
	 *
	 * @param fixed true for fixed, false for dynamic, null to keep the source's allocation type
	 */
	DiskResult convert(Path source, Path destination, @Nullable Boolean fixed, IProgressMonitor monitor)
			throws ImageException;

	/**
	 * How to lay out a new disk.
	 *
	 * @param wim    the WIM (or ESD) to apply
	 * @param index  the 1-based image index to apply
	 * @param size   the virtual disk size in bytes
	 * @param uefi   GPT with EFI System (FAT32) + Microsoft Reserved + Windows (NTFS); else MBR with one active NTFS
	 * @param fixed  a fixed disk instead of a dynamic one
	 */
	record CreateOptions(Path wim, int index, long size, boolean uefi, boolean fixed) {
	}

	/** Creates a partitioned disk holding an image index applied to its Windows (NTFS) partition. */
	DiskResult create(CreateOptions options, Path destination, IProgressMonitor monitor) throws ImageException;
}
