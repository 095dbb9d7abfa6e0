package org.deployforge.core.capability;

import java.nio.file.Path;

import org.deployforge.core.CommitResult;
import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Build a bootable ISO from a folder laid out like Windows install media (offered by the ISO handler through
 * {@link org.deployforge.core.ImageHandler#capability(Class)}).
 * <p>
 * The folder must hold {@code boot/etfsboot.com} (El Torito BIOS entry, platform 0x00, no emulation, load size 8
 * sectors of 512 bytes) and/or {@code efi/microsoft/boot/efisys.bin} (El Torito UEFI entry, platform 0xEF, no
 * emulation). The result carries ISO 9660 + Joliet + a UDF bridge (ECMA-167 / OSTA UDF 1.02), so files over 4 GiB
 * (a large {@code sources/install.wim}) are read whole from UDF, as Windows Setup does.
 */
public interface IsoBuildCapability extends HandlerCapability {

	/**
	 * @param sourceDirectory the media folder (its contents become the ISO root)
	 * @param destination     the ISO file to write; written beside, then renamed over (atomic)
	 * @param volumeLabel     the volume label (ISO 9660 volume identifier, at most 32 characters; UDF logical volume
	 *                        identifier), or null for the folder name in upper case
	 * @param monitor         progress; cancellation deletes the partial output
	 * @return the file written; {@link CommitResult#notes()} names the tool, the file systems and the boot entries
	 * @throws ImageException when the folder has no boot file or the tool fails (the message says which and why)
	 */
	CommitResult build(Path sourceDirectory, Path destination, @Nullable String volumeLabel, IProgressMonitor monitor)
			throws ImageException;
}
