package org.deployforge.handler.vhd.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.ProbeInput;
import org.deployforge.core.capability.HandlerCapability;
import org.deployforge.core.capability.VirtualDiskCapability;
import org.osgi.service.component.annotations.Component;

/**
 * Opens VHD and VHDX virtual disks with DeployForge's own reader; NTFS partitions through qemu-storage-daemon and
 * ntfs-3g; creates and converts disks ({@link VirtualDiskCapability}) with qemu-img, sgdisk/sfdisk, mkntfs, mkfs.vfat
 * and wimlib-imagex.
 */
@Component(service = ImageHandler.class)
public final class VhdHandler implements ImageHandler {

	/** The handler id. */
	public static final String ID = "vhd";

	private static final byte[] VHDX = "vhdxfile".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] CONECTIX = "conectix".getBytes(StandardCharsets.US_ASCII);

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String displayName() {
		return "VHD and VHDX virtual disks (own reader; NTFS via ntfs-3g, qemu-img)";
	}

	@Override
	public List<ImageFormat> formats() {
		return List.of(KnownFormats.VHD, KnownFormats.VHDX);
	}

	@Override
	public int probe(ProbeInput input) {
		if (input.startsWith(VHDX)) {
			return 100;
		}
		if (input.tailStartsWith(CONECTIX)) {
			return 100;
		}
		return input.startsWith(CONECTIX) ? 60 : 0;
	}

	@Override
	public Image open(Path file, OpenOptions options) throws ImageException {
		AtomicReplace.cleanStale(file);
		return VhdImage.open(file, options);
	}

	@Override
	public <T extends HandlerCapability> Optional<T> capability(Class<T> type) {
		if (type == VirtualDiskCapability.class) {
			return Optional.of(type.cast(new DiskTools()));
		}
		return Optional.empty();
	}
}
