package org.deployforge.core.capability;

import java.nio.file.Path;

import org.deployforge.core.CommitResult;
import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Make install media fit a FAT32 USB stick: replace {@code sources/install.wim} by split parts
 * {@code sources/install.swm}, {@code install2.swm}, … each under the FAT32 file size limit (4 GiB - 1 byte), which
 * Windows Setup reads as one image (offered by open ISO images through
 * {@link org.deployforge.core.Image#capability(Class)}).
 */
public interface InstallWimSplitCapability extends ImageCapability {

	/** The largest file FAT32 can hold: 4 GiB - 1 byte (0xFFFFFFFF), in bytes. */
	long FAT32_MAX_FILE_BYTES = 0xFFFF_FFFFL;

	/** The default part size, 3,800 MiB in bytes (the size Microsoft's documentation uses with DISM /Split-Image). */
	long DEFAULT_PART_BYTES = 3800L * 1024 * 1024;

	/**
	 * Writes new media to {@code destination}: the image as on disk plus its staged changes, with
	 * {@code sources/install.wim} replaced by its parts. The open image and its staged changes are left as they were
	 * unless {@code destination} is the image file itself.
	 *
	 * @param destination  the ISO to write (written beside, then renamed over: atomic); may be the image file itself
	 * @param maxPartBytes the largest part in bytes (at most {@link #FAT32_MAX_FILE_BYTES})
	 * @param monitor      progress; cancellation leaves {@code destination} as it was
	 * @return what was written; the notes name the parts and the tool that split the WIM
	 * @throws ImageException when there is no {@code sources/install.wim}, when it is no larger than
	 *                        {@code maxPartBytes} ("no split needed: …", nothing written), or a part would still
	 *                        exceed 4 GiB
	 */
	CommitResult splitInstallWim(Path destination, long maxPartBytes, IProgressMonitor monitor) throws ImageException;
}
