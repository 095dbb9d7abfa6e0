package org.deployforge.handler.iso.internal;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;
import org.deployforge.core.UnsafePathException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The file tree of one file system of an ISO (UDF or ISO 9660 + Joliet), indexed by {@link ImagePath}: as our own
 * reader found it ({@link UdfFileSystem}; every file then knows where its bytes lie, {@link Raw#data}), or as
 * {@code 7zz l -slt} lists it where our reader declines the volume. Every listed entry is kept in listing order
 * ({@link #raw()}), because {@code 7zz x -so} writes file data in exactly that order: extraction through 7zz splits
 * the stream by the listed sizes.
 * <p>
 * Names that could leave a target folder ({@code ..} components and the like), and names that collide once
 * normalised (a file {@code a\b} and a file {@code b} in folder {@code a}), are kept out of the tree and remembered
 * with the reason, so extraction can report them as skipped.
 */
final class IsoListing {

	/** {@code IO_REPARSE_TAG_SYMLINK}, given to Rock Ridge symbolic links. */
	static final long REPARSE_TAG_SYMLINK = 0xA000000CL;

	/** One entry as 7zz listed it. */
	static class Raw {
		final int order;
		final String rawPath;
		final boolean directory;
		/** bytes; set once all extents of a multi-extent ISO 9660 file are known */
		long size;
		final @Nullable String link;
		@Nullable ImagePath path;
		@Nullable String problem;
		boolean bootPseudoFile;
		/** where the bytes lie in the ISO, when our own reader listed the entry; null for folders and through 7zz */
		@Nullable FileData data;
		/**
		 * where the stored name starts in {@link #rawPath} when our own reader listed the entry (a stored name may
		 * itself hold {@code /}); -1 through 7zz, whose paths are split at the last {@code /}
		 */
		int nameStart = -1;

		/** @return the folder part of {@link #rawPath} (without its trailing {@code /}) and the stored name */
		String[] folderAndName() {
			int start = nameStart >= 0 ? nameStart : rawPath.lastIndexOf('/') + 1;
			String folder = rawPath.substring(0, start);
			return new String[] { folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder,
					rawPath.substring(start) };
		}

		Raw(int order, String rawPath, boolean directory, long size, @Nullable String link) {
			this.order = order;
			this.rawPath = rawPath;
			this.directory = directory;
			this.size = size;
			this.link = link;
		}

		/** @return bytes this entry contributes to {@code 7zz x -so} */
		long streamBytes() {
			return directory ? 0 : size;
		}
	}

	/** A folder or file of the tree. */
	static final class Node {
		final ImageEntry entry;
		final @Nullable Raw raw;
		final Map<String, Node> children = new LinkedHashMap<>();

		Node(ImageEntry entry, @Nullable Raw raw) {
			this.entry = entry;
			this.raw = raw;
		}
	}

	private final String type;
	private final boolean ownReader;
	private final List<Raw> raw;
	private final Map<ImagePath, Node> nodes;
	private final long files;
	private final long directories;
	private final long totalBytes;

	private IsoListing(String type, boolean ownReader, List<Raw> raw, Map<ImagePath, Node> nodes) {
		this.type = type;
		this.ownReader = ownReader;
		this.raw = raw;
		this.nodes = nodes;
		long fileCount = 0;
		long directoryCount = 0;
		long bytes = 0;
		for (Node node : nodes.values()) {
			if (node.entry.path().equals("/")) {
				continue;
			}
			if (node.entry.directory()) {
				directoryCount++;
			} else {
				fileCount++;
				bytes += node.entry.size();
			}
		}
		this.files = fileCount;
		this.directories = directoryCount;
		this.totalBytes = bytes;
	}

	/** @return the 7zz archive type used: {@code udf} or {@code iso} */
	String type() {
		return type;
	}

	/** @return whether our own reader made this listing: then every file's {@link Raw#data} is known */
	boolean ownReader() {
		return ownReader;
	}

	List<Raw> raw() {
		return raw;
	}

	@Nullable
	Node node(ImagePath path) {
		return nodes.get(path);
	}

	long files() {
		return files;
	}

	long directories() {
		return directories;
	}

	long totalBytes() {
		return totalBytes;
	}

	/**
	 * Lists an ISO with {@code 7zz l -slt -t<type>}.
	 *
	 * @param type             {@code udf} (read the UDF file system) or {@code iso} (ISO 9660, Joliet names where present)
	 * @param hideBootPseudo   leave out the {@code [BOOT]/…} entries 7zz invents for El Torito images of the ISO type
	 */
	static IsoListing read(Path image, String type, boolean hideBootPseudo) throws ImageException {
		List<String> command = List.of("7zz", "l", "-slt", "-sccUTF-8", "-t" + type, "--", image.toString());
		Process process = Tool.start(image, command);
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		Thread errReader = Tool.drain(process.getErrorStream(), err);
		List<Raw> raws = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
			String line;
			boolean inEntries = false;
			Map<String, String> fields = new HashMap<>();
			while ((line = reader.readLine()) != null) {
				if (!inEntries) {
					inEntries = line.equals("----------");
					continue;
				}
				if (line.isEmpty()) {
					addRaw(raws, fields);
					fields.clear();
					continue;
				}
				int equals = line.indexOf(" = ");
				if (equals > 0) {
					fields.put(line.substring(0, equals), line.substring(equals + 3));
				} else if (line.endsWith(" =")) {
					fields.put(line.substring(0, line.length() - 2), "");
				}
			}
			addRaw(raws, fields);
			process.waitFor();
			errReader.join();
		} catch (IOException e) {
			process.destroyForcibly();
			throw new ImageException(image, "cannot read the listing of 7zz: " + e.getMessage(), e);
		} catch (InterruptedException e) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new ImageException(image, "interrupted while listing", e);
		}
		if (process.exitValue() != 0) {
			String truncated = truncation(image);
			String said = Tool.tail(err.toString(StandardCharsets.UTF_8));
			throw new CorruptImageException(image, (truncated != null ? truncated + "; " : "")
					+ "7zz cannot read the " + (type.equals("udf") ? "UDF" : "ISO 9660") + " file system (exit code "
					+ process.exitValue() + ")" + (said.equals("(no output)")
							? (truncated != null ? "" : ": the ISO is damaged or unreadable")
							: ": " + said));
		}
		return index(type, false, raws, hideBootPseudo);
	}

	/**
	 * @param type {@code udf} or {@code iso}
	 * @param raws entries in listing order, each file with its {@link Raw#data}
	 */
	static IsoListing ofOwnReader(String type, List<Raw> raws) {
		return index(type, true, raws, false);
	}

	/**
	 * @return "truncated: …" when the file is shorter than the volume space size of its ISO 9660 primary volume
	 *         descriptor (sector 16: type 1, "CD001", volume space size as a little-endian 32-bit count of 2,048-byte
	 *         sectors at byte 80, ECMA-119 8.4.8), else null
	 */
	static @Nullable String truncation(Path image) {
		try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(image)) {
			long size = channel.size();
			java.nio.ByteBuffer descriptor = java.nio.ByteBuffer.allocate(2048).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			if (size < 17 * 2048L || channel.read(descriptor, 16 * 2048L) < 88) {
				return null;
			}
			byte[] d = descriptor.array();
			if (d[0] != 1 || !new String(d, 1, 5, StandardCharsets.US_ASCII).equals("CD001")) {
				return null;
			}
			long sectors = Integer.toUnsignedLong(descriptor.getInt(80));
			long expected = sectors * 2048;
			if (size < expected) {
				return String.format(java.util.Locale.ROOT, "the ISO is truncated: its volume descriptor says %,d bytes"
						+ " (%,d sectors of 2048 bytes) but the file holds %,d", expected, sectors, size);
			}
			return null;
		} catch (IOException e) {
			return null;
		}
	}

	private static void addRaw(List<Raw> raws, Map<String, String> fields) {
		String path = fields.get("Path");
		if (path == null) {
			return;
		}
		boolean directory = "+".equals(fields.get("Folder"));
		long size = parseLong(fields.get("Size"));
		String link = fields.get("Symbolic Link");
		raws.add(new RawWithTimes(raws.size(), path, directory, size, link == null || link.isEmpty() ? null : link,
				time(fields.get("Created")), time(fields.get("Modified")), time(fields.get("Accessed"))));
	}

	/** A raw entry with its times, kept apart so {@link Raw} stays small. */
	static final class RawWithTimes extends Raw {
		final @Nullable Instant created;
		final @Nullable Instant modified;
		final @Nullable Instant accessed;

		RawWithTimes(int order, String rawPath, boolean directory, long size, @Nullable String link,
				@Nullable Instant created, @Nullable Instant modified, @Nullable Instant accessed) {
			super(order, rawPath, directory, size, link);
			this.created = created;
			this.modified = modified;
			this.accessed = accessed;
		}
	}

	private static long parseLong(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return 0;
		}
		try {
			return Long.parseLong(value.strip());
		} catch (NumberFormatException e) {
			return 0;
		}
	}

	/** 7zz prints local times as {@code 2012-01-24 02:15:36[.ffffff]}. */
	private static @Nullable Instant time(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			String iso = value.strip().replace(' ', 'T');
			return LocalDateTime.parse(iso).atZone(ZoneId.systemDefault()).toInstant();
		} catch (DateTimeParseException e) {
			return null;
		}
	}

	private static IsoListing index(String type, boolean ownReader, List<Raw> raws, boolean hideBootPseudo) {
		Map<ImagePath, Node> nodes = new LinkedHashMap<>();
		Node root = new Node(ImageEntry.simple("/", true, 0, null), null);
		nodes.put(ImagePath.ROOT, root);
		for (Raw raw : raws) {
			if (hideBootPseudo && raw.rawPath.startsWith("[BOOT]/")) {
				raw.bootPseudoFile = true;
				continue;
			}
			if (raw.nameStart >= 0) {
				String stored = raw.rawPath.substring(raw.nameStart);
				if (stored.indexOf('\\') >= 0 || stored.indexOf('/') >= 0) {
					// one name on the ISO, but Windows would read it as a path: it never stands in for another entry
					raw.problem = "unsafe name '" + ImagePath.printable(stored) + "': it holds '"
							+ (stored.indexOf('\\') >= 0 ? "\\" : "/") + "', which Windows reads as a folder separator";
					continue;
				}
			}
			ImagePath path;
			try {
				path = ImagePath.parse(raw.rawPath);
			} catch (UnsafePathException e) {
				raw.problem = e.reason();
				continue;
			}
			if (path.isRoot()) {
				raw.problem = "unsafe name '" + ImagePath.printable(raw.rawPath) + "': it names the root";
				continue;
			}
			Node parent = ensureFolder(nodes, path.parent());
			if (parent == null) {
				raw.problem = "name '" + ImagePath.printable(raw.rawPath) + "' lies below a file of the same name";
				continue;
			}
			Node existing = nodes.get(path);
			if (existing != null) {
				if (existing.raw == null && raw.directory) {
					// an implicit folder made for an earlier child: the listed folder takes its place
					Node replacement = new Node(entry(path, raw), raw);
					replacement.children.putAll(existing.children);
					nodes.put(path, replacement);
					parent.children.put(path.name(), replacement);
				} else {
					raw.problem = existing.raw != null && existing.raw.rawPath.equals(raw.rawPath)
							? "name '" + ImagePath.printable(raw.rawPath) + "' appears twice in its folder: the first is"
									+ " kept"
							: "name '" + ImagePath.printable(raw.rawPath) + "' collides with '"
									+ (existing.raw == null ? path.toString() : ImagePath.printable(existing.raw.rawPath))
									+ "' once separators are normalised";
				}
				continue;
			}
			raw.path = path;
			Node node = new Node(entry(path, raw), raw);
			nodes.put(path, node);
			parent.children.put(path.name(), node);
		}
		return new IsoListing(type, ownReader, List.copyOf(raws), nodes);
	}

	private static @Nullable Node ensureFolder(Map<ImagePath, Node> nodes, @Nullable ImagePath folder) {
		if (folder == null) {
			return nodes.get(ImagePath.ROOT);
		}
		Node node = nodes.get(folder);
		if (node != null) {
			return node.entry.directory() ? node : null;
		}
		Node parent = ensureFolder(nodes, folder.parent());
		if (parent == null) {
			return null;
		}
		Node created = new Node(ImageEntry.simple(folder.toString(), true, 0, null), null);
		nodes.put(folder, created);
		parent.children.put(folder.name(), created);
		return created;
	}

	private static ImageEntry entry(ImagePath path, Raw raw) {
		RawWithTimes timed = (RawWithTimes) raw;
		long attributes = raw.directory ? ImageEntry.ATTRIBUTE_DIRECTORY : 0;
		long reparse = 0;
		if (raw.link != null) {
			attributes |= ImageEntry.ATTRIBUTE_REPARSE_POINT;
			reparse = REPARSE_TAG_SYMLINK;
		}
		return new ImageEntry(path.toString(), raw.directory, raw.directory ? 0 : raw.size, attributes, timed.created,
				timed.modified, timed.accessed, null, List.of(), reparse, 1);
	}
}
