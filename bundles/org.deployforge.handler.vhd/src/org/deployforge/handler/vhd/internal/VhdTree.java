package org.deployforge.handler.vhd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.EntryVisitor;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageTree;
import org.deployforge.core.PendingChange;
import org.deployforge.core.UnsafePathException;
import org.deployforge.handler.vhd.FileSystemType;
import org.deployforge.handler.vhd.Partition;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The files of a virtual disk: {@code /} holds one folder per partition ({@code NUMBER-NAME}, see
 * {@link org.deployforge.handler.vhd.PartitionTable#folderName}); below an NTFS partition's folder are its files, read
 * from an ntfs-3g mount of the partition. Entries carry size, folder flag, last write and access times, and the
 * reparse-point flag for symbolic links and junctions (ntfs-3g shows them as links); NTFS attribute bits other than
 * those are not read (0).
 */
final class VhdTree implements ImageTree {

	private final VhdImage image;

	VhdTree(VhdImage image) {
		this.image = image;
	}

	@Override
	public int index() {
		return 1;
	}

	/** @return the partition whose folder starts {@code path}; the root and unknown folders are errors */
	static Partition partitionOf(VhdImage image, String path) throws ImageException {
		ImagePath parsed = ImagePath.parse(path);
		if (parsed.isRoot()) {
			throw new ImageException(image.file(), "the root of a virtual disk holds only its partitions; name a path"
					+ " inside one, e.g. /" + (image.table().partitions().isEmpty() ? "1-Windows" : image.table()
							.partitions().get(0).folderName()) + "/...");
		}
		Partition partition = image.table().byFolder(parsed.components().get(0));
		if (partition == null) {
			throw new EntryNotFoundException(image.file(), "no partition folder '" + parsed.components().get(0)
					+ "' (the disk has: " + folders(image) + ")");
		}
		return partition;
	}

	private static String folders(VhdImage image) {
		List<String> names = new ArrayList<>();
		for (Partition p : image.table().partitions()) {
			names.add("/" + p.folderName());
		}
		return names.isEmpty() ? "no partitions" : String.join(", ", names);
	}

	/** @return the host path of an in-image path below a mounted partition root ({@code root}) */
	static Path hostPath(Path root, String path) throws UnsafePathException {
		ImagePath parsed = ImagePath.parse(path);
		Path result = root;
		List<String> components = parsed.components();
		for (int i = 1; i < components.size(); i++) {
			result = result.resolve(components.get(i));
		}
		return result;
	}

	private record Located(@Nullable Partition partition, @Nullable Path host, ImagePath path) {
	}

	private Located locate(String path) throws ImageException {
		ImagePath parsed = ImagePath.parse(path);
		if (parsed.isRoot()) {
			return new Located(null, null, parsed);
		}
		Partition partition = partitionOf(image, path);
		if (parsed.components().size() == 1 && partition.fileSystem() != FileSystemType.NTFS) {
			return new Located(partition, null, parsed);
		}
		Path root = image.mount(partition);
		return new Located(partition, hostPath(root, path), parsed);
	}

	/** @return the FAT volume holding {@code path}, or null when it is not in a FAT partition */
	private @Nullable FatVolume fatOf(String path) throws ImageException {
		ImagePath parsed = ImagePath.parse(path);
		if (parsed.isRoot()) {
			return null;
		}
		Partition partition = partitionOf(image, path);
		return partition.fileSystem().isFat() ? image.fat(partition) : null;
	}

	@Override
	public ImageEntry stat(String path) throws ImageException {
		FatVolume fat = fatOf(path);
		if (fat != null) {
			return fat.stat(ImagePath.parse(path).toString());
		}
		Located located = locate(path);
		Path host = located.host();
		if (host == null) {
			return ImageEntry.simple(located.path().toString(), true, 0, null);
		}
		return entry(located.path().toString(), host);
	}

	private ImageEntry entry(String path, Path host) throws ImageException {
		try {
			BasicFileAttributes attributes = Files.readAttributes(host, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			boolean link = attributes.isSymbolicLink();
			boolean directory = attributes.isDirectory();
			long bits = (directory ? ImageEntry.ATTRIBUTE_DIRECTORY : 0) | (link ? ImageEntry.ATTRIBUTE_REPARSE_POINT
					: 0);
			return new ImageEntry(path, directory, directory || link ? 0 : attributes.size(), bits, null,
					attributes.lastModifiedTime().toInstant(), attributes.lastAccessTime().toInstant(), null, List.of(),
					0, 1);
		} catch (NoSuchFileException e) {
			throw new EntryNotFoundException(image.file(), "no such file or folder: " + path);
		} catch (IOException e) {
			throw new ImageException(image.file(), "cannot read " + path + ": " + e.getMessage(), e);
		}
	}

	@Override
	public List<ImageEntry> list(String directory) throws ImageException {
		FatVolume fat = fatOf(directory);
		if (fat != null) {
			return fat.list(ImagePath.parse(directory).toString());
		}
		Located located = locate(directory);
		List<ImageEntry> children = new ArrayList<>();
		if (located.partition() == null) {
			for (Partition partition : image.table().partitions()) {
				children.add(ImageEntry.simple("/" + partition.folderName(), true, 0, null));
			}
			return children;
		}
		Path host = located.host();
		if (host == null) {
			Partition partition = located.partition();
			throw new org.deployforge.core.UnsupportedCapabilityException(image.file(), "partition " + partition
					.number() + " holds " + partition.fileSystem().label() + ": only NTFS and FAT partitions are"
					+ " browsed");
		}
		if (!Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
			stat(directory);
			throw new ImageException(image.file(), located.path() + " is a file, not a folder");
		}
		String prefix = located.path().toString();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(host)) {
			for (Path child : stream) {
				children.add(entry(prefix + "/" + child.getFileName(), child));
			}
		} catch (IOException e) {
			throw new ImageException(image.file(), "cannot list " + prefix + ": " + e.getMessage(), e);
		}
		return children;
	}

	@Override
	public void walk(String directory, EntryVisitor visitor) throws ImageException {
		walkFrom(stat(directory), visitor);
	}

	private boolean walkFrom(ImageEntry entry, EntryVisitor visitor) throws ImageException {
		if (!visitor.visit(entry)) {
			return false;
		}
		if (!entry.directory()) {
			return true;
		}
		ImagePath parsed = ImagePath.parse(entry.path());
		if (parsed.components().size() == 1) {
			Partition partition = partitionOf(image, entry.path());
			if (partition.fileSystem() != FileSystemType.NTFS && !partition.fileSystem().isFat()) {
				return true;
			}
		}
		for (ImageEntry child : list(entry.path())) {
			if (!walkFrom(child, visitor)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public InputStream read(String path) throws ImageException {
		FatVolume fat = fatOf(path);
		if (fat != null) {
			return fat.read(ImagePath.parse(path).toString());
		}
		Located located = locate(path);
		Path host = located.host();
		ImageEntry entry = stat(path);
		if (host == null || entry.directory()) {
			throw new ImageException(image.file(), located.path() + " is a folder, not a file");
		}
		if (entry.isReparsePoint()) {
			throw new ImageException(image.file(), located.path() + " is a reparse point (symbolic link or junction)");
		}
		try {
			return Files.newInputStream(host);
		} catch (IOException e) {
			throw new ImageException(image.file(), "cannot read " + located.path() + ": " + e.getMessage(), e);
		}
	}

	@Override
	public ExtractResult extract(List<String> paths, Path targetDirectory, IProgressMonitor monitor)
			throws ImageException {
		SubMonitor progress = SubMonitor.convert(monitor, "Extracting", paths.size());
		long[] counts = new long[3];
		List<String> skipped = new ArrayList<>();
		try {
			Files.createDirectories(targetDirectory);
		} catch (IOException e) {
			throw new ImageException(image.file(), "cannot create " + targetDirectory + ": " + e.getMessage(), e);
		}
		for (String path : paths) {
			ImageEntry top = stat(path);
			String base = ImagePath.parse(top.path()).name();
			String prefix = top.path();
			walk(prefix, entry -> {
				if (progress.isCanceled()) {
					throw new org.eclipse.core.runtime.OperationCanceledException();
				}
				String relative = base + entry.path().substring(prefix.length());
				if (relative.isEmpty()) {
					return true; // the root itself: its children land in the target
				}
				Path destination;
				try {
					destination = ImagePath.parse(relative).resolveUnderReal(targetDirectory);
				} catch (UnsafePathException e) {
					skipped.add(e.getMessage());
					return true;
				} catch (IOException e) {
					throw new ImageException(image.file(), "cannot check " + relative + ": " + e.getMessage(), e);
				}
				if (entry.isReparsePoint()) {
					skipped.add(entry.path() + ": reparse point (symbolic link or junction) not extracted");
					return true;
				}
				try {
					if (entry.directory()) {
						Files.createDirectories(destination);
						counts[1]++;
					} else {
						try (InputStream in = read(entry.path())) {
							Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
						} catch (IOException | RuntimeException e) {
							Files.deleteIfExists(destination);
							throw e;
						}
						if (entry.lastWriteTime() != null) {
							Files.setLastModifiedTime(destination, FileTime.from(entry.lastWriteTime()));
						}
						counts[0]++;
						counts[2] += entry.size();
					}
				} catch (ImageException e) {
					throw e;
				} catch (IOException e) {
					throw new ImageException(image.file(), "cannot extract " + entry.path() + " to " + destination
							+ ": " + e.getMessage(), e);
				}
				return true;
			});
			progress.worked(1);
		}
		return new ExtractResult(counts[0], counts[1], counts[2], skipped);
	}

	@Override
	public void add(Path source, String pathInImage) throws ImageException {
		Partition partition = changeable(pathInImage, "add");
		if (!Files.exists(source)) {
			throw new ImageException(image.file(), "cannot add " + source + ": no such file or folder");
		}
		if (!Files.isReadable(source)) {
			throw new ImageException(image.file(), "cannot add " + source + ": not readable");
		}
		image.stage(PendingChange.add(1, source, canonical(pathInImage, partition)));
	}

	@Override
	public void remove(String path) throws ImageException {
		Partition partition = changeable(path, "remove");
		stat(path);
		image.stage(PendingChange.remove(1, canonical(path, partition)));
	}

	@Override
	public void rename(String from, String to) throws ImageException {
		Partition partition = changeable(from, "rename");
		Partition target = changeable(to, "rename");
		if (partition.number() != target.number()) {
			throw new ImageException(image.file(), "cannot rename across partitions (" + from + " -> " + to
					+ "): copy it with add and remove it instead");
		}
		stat(from);
		image.stage(PendingChange.rename(1, canonical(from, partition), canonical(to, partition)));
	}

	private Partition changeable(String path, String what) throws ImageException {
		if (image.isReadOnly()) {
			throw new ImageException(image.file(), "opened read-only: cannot " + what + " " + path);
		}
		ImagePath parsed = ImagePath.parse(path);
		Partition partition = partitionOf(image, path);
		if (parsed.components().size() < 2) {
			throw new ImageException(image.file(), "cannot " + what + " the partition folder " + parsed
					+ " itself: partitions are changed with disk tools, files inside them with DeployForge");
		}
		if (partition.fileSystem() != FileSystemType.NTFS) {
			throw new org.deployforge.core.UnsupportedCapabilityException(image.file(), "partition " + partition
					.number() + " holds " + partition.fileSystem().label() + ": only NTFS partitions can be changed"
					+ (partition.fileSystem().isFat() ? " (FAT partitions are read-only for now)" : ""));
		}
		return partition;
	}

	private static String canonical(String path, Partition partition) throws UnsafePathException {
		return ImagePath.parse(path).toString();
	}
}
