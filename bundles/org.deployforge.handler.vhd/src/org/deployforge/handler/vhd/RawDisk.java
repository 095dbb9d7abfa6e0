package org.deployforge.handler.vhd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

import org.deployforge.core.ImageException;

/** A raw disk image (the virtual disk's bytes as a plain file), e.g. the work file of {@code vhd create}. */
public final class RawDisk extends VirtualDisk {

	private RawDisk(Path file, FileChannel channel, long size) {
		super(file, channel, size);
	}

	/** Opens a raw image; its virtual size is the file size rounded down to 512-byte sectors. */
	public static RawDisk openRaw(Path file) throws ImageException {
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
			return new RawDisk(file, channel, channel.size());
		} catch (IOException e) {
			throw new ImageException(file, "cannot open: " + e.getMessage(), e);
		}
	}

	@Override
	protected List<Path> parentCandidates() {
		return List.of();
	}

	@Override
	protected void checkParent(VirtualDisk candidate) {
		// no parent
	}

	@Override
	public String formatId() {
		return "raw";
	}

	@Override
	public DiskType diskType() {
		return DiskType.FIXED;
	}

	@Override
	public long virtualSize() {
		return fileSize / 512 * 512;
	}

	@Override
	public long blockSize() {
		return 0;
	}

	@Override
	public int logicalSectorSize() {
		return 512;
	}

	@Override
	public int physicalSectorSize() {
		return 512;
	}

	@Override
	public UUID uuid() {
		return new UUID(0, 0);
	}

	@Override
	public String creator() {
		return "raw";
	}

	@Override
	public String parentName() {
		return "";
	}

	@Override
	public long allocatedBlocks() {
		return -1;
	}

	@Override
	protected int readWithinBlock(long position, byte[] buffer, int offset, int length) throws ImageException {
		readFile(position, buffer, offset, length);
		return length;
	}
}
