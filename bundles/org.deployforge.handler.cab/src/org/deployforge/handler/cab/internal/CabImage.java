package org.deployforge.handler.cab.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.deployforge.core.CommitResult;
import org.deployforge.core.CorruptImageException;
import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.EntryVisitor;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.FileTrees;
import org.deployforge.core.ReadOnlyImage;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageTree;
import org.deployforge.core.LeftOutEntry;
import org.deployforge.core.UnsafePathException;
import org.deployforge.core.UnsupportedCapabilityException;
import org.deployforge.core.VolumeInfo;
import org.deployforge.handler.cab.internal.Cabinet.FileRecord;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * An open cabinet (.cab) or update package (.msu, a cabinet of cabinets). Read-only: every change is refused.
 * <p>
 * Nested cabinets: a file whose name ends in {@code .cab} is shown as a folder that can be browsed into
 * ({@code /Windows10.0-KB5031356-x64.cab/update.mum}); its contents are read from a copy of the inner cabinet that
 * {@code cabextract} writes into a private work folder on first use. Reading such a folder as a file returns the inner
 * cabinet's own bytes. Open option {@code cab.nested=files} shows inner cabinets as plain files instead.
 */
final class CabImage implements ReadOnlyImage {

	/** Open option: {@code folders} (default) shows inner cabinets as folders, {@code files} as plain files. */
	static final String OPTION_NESTED = "cab.nested";
	private static final int MAX_NESTING = 4;
	static final String READ_ONLY = "cabinets are read-only in DeployForge";

	private final Path file;
	private final Path displayFile;
	private final ImageFormat format;
	private final Cabinet cabinet;
	private final boolean nestedAsFolders;
	private final int depth;
	private final @Nullable Path workParent;
	private final Node root = new Node("", null);
	/** Files whose names are not in the tree (unsafe, empty or clashing), each with the reason, in cabinet order. */
	private final List<LeftOut> skippedNames = new ArrayList<>();
	private final Map<FileRecord, CabImage> nested = new HashMap<>();
	private @Nullable Path workDirectory;
	private boolean closed;

	/** A folder, a file or an inner cabinet of the tree. */
	private static final class Node {
		final String name;
		final @Nullable FileRecord record;
		final Map<String, Node> children = new LinkedHashMap<>();

		Node(String name, @Nullable FileRecord record) {
			this.name = name;
			this.record = record;
		}

		boolean isFolder() {
			return record == null;
		}
	}

	/** A CFFILE left out of the tree and the reason (as {@code extract} reports it). */
	private record LeftOut(FileRecord record, String reason) {

		/** @return the entry as a listing of {@code folder} (the cabinet's root in the outer tree) shows it */
		LeftOutEntry at(String folder) {
			return new LeftOutEntry(folder, ImagePath.printable(record.rawName()), false, record.size(),
					record.attributes() & Cabinet.WINDOWS_ATTRIBUTES, record.modified(), reason);
		}
	}

	/** Where a path leads: the cabinet that holds it and the node in that cabinet's tree. */
	private record Located(CabImage owner, Node node, ImagePath path) {
	}

	CabImage(Path file, Path displayFile, ImageFormat format, Cabinet cabinet, boolean nestedAsFolders, int depth,
			@Nullable Path workParent) {
		this.file = file;
		this.displayFile = displayFile;
		this.format = format;
		this.cabinet = cabinet;
		this.nestedAsFolders = nestedAsFolders;
		this.depth = depth;
		this.workParent = workParent;
		buildTree();
	}

	private void buildTree() {
		for (FileRecord record : cabinet.files()) {
			ImagePath path;
			try {
				path = ImagePath.parse(record.rawName());
			} catch (UnsafePathException e) {
				skippedNames.add(new LeftOut(record, e.reason()));
				continue;
			}
			if (path.isRoot()) {
				skippedNames.add(new LeftOut(record, "empty name '" + ImagePath.printable(record.rawName())
						+ "': it names no file"));
				continue;
			}
			Node folder = root;
			List<String> components = path.components();
			boolean placed = true;
			for (int i = 0; i < components.size() - 1 && placed; i++) {
				String component = components.get(i);
				Node child = folder.children.get(key(component));
				if (child == null) {
					child = new Node(component, null);
					folder.children.put(key(component), child);
				} else if (!child.isFolder()) {
					skippedNames.add(new LeftOut(record, "name '" + ImagePath.printable(record.rawName()) + "' needs /"
							+ String.join("/", components.subList(0, i + 1)) + " as a folder, but it is a file"));
					placed = false;
				}
				folder = child;
			}
			if (!placed) {
				continue;
			}
			String leaf = path.name();
			Node existing = folder.children.get(key(leaf));
			if (existing != null && existing.isFolder()) {
				skippedNames.add(new LeftOut(record, "name '" + ImagePath.printable(record.rawName())
						+ "' is also a folder; the file is left out"));
				continue;
			}
			if (existing != null) {
				skippedNames.add(new LeftOut(existing.record, "name '" + ImagePath.printable(existing.record.rawName())
						+ "' appears again later in the cabinet; the later file replaces it"));
			}
			folder.children.put(key(leaf), new Node(leaf, record));
		}
	}

	/** Windows names are case-insensitive: {@code A.TXT} and {@code a.txt} are one file. */
	private static String key(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	private boolean isNestedCabinet(Node node) {
		return nestedAsFolders && depth < MAX_NESTING && node.record != null
				&& node.name.toLowerCase(Locale.ROOT).endsWith(".cab");
	}

	@Override
	public Path file() {
		return displayFile;
	}

	@Override
	public ImageFormat format() {
		return format;
	}

	@Override
	public String handlerId() {
		return CabHandler.ID;
	}

	Cabinet cabinet() {
		return cabinet;
	}

	/** @return why each left-out name is not in the tree, in cabinet order */
	List<String> skippedNames() {
		return skippedNames.stream().map(LeftOut::reason).toList();
	}

	@Override
	public ImageInfo info() throws ImageException {
		checkOpen();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("cabinet version", cabinet.version());
		properties.put("folders", String.valueOf(cabinet.folders().size()));
		properties.put("compression", String.join(", ",
				cabinet.folders().stream().map(Cabinet.Folder::compressionName).distinct().toList()));
		properties.put("files", String.valueOf(cabinet.files().size()));
		properties.put("set ID", String.valueOf(cabinet.setId()));
		if ((cabinet.flags() & (Cabinet.FLAG_PREV_CABINET | Cabinet.FLAG_NEXT_CABINET)) != 0) {
			properties.put("cabinet in set", String.valueOf(cabinet.setIndex() + 1));
			if (cabinet.previous() != null) {
				properties.put("previous cabinet", cabinet.previous());
			}
			if (cabinet.next() != null) {
				properties.put("next cabinet", cabinet.next());
			}
		}
		List<String> inner = new ArrayList<>();
		for (Node node : root.children.values()) {
			if (isNestedCabinet(node)) {
				inner.add(node.name);
			}
		}
		if (!inner.isEmpty()) {
			properties.put("inner cabinets", String.join(", ", inner));
		}
		if (!skippedNames.isEmpty()) {
			properties.put("names left out", skippedNames.size()
					+ " (unsafe, empty or clashing; 'ls' marks them, 'extract' skips them)");
		}
		long[] counts = new long[2];
		countTree(root, counts);
		VolumeInfo volume = new VolumeInfo(1, displayFile.getFileName().toString(), format.displayName(), counts[0],
				counts[1], cabinet.totalBytes(), null, null, Map.of());
		long size;
		try {
			size = Files.size(file);
		} catch (IOException e) {
			throw new ImageException(displayFile, "cannot read the file size: " + e.getMessage(), e);
		}
		return new ImageInfo(displayFile, format, size, List.of(volume), 0, properties);
	}

	private static void countTree(Node node, long[] counts) {
		for (Node child : node.children.values()) {
			if (child.isFolder()) {
				counts[1]++;
				countTree(child, counts);
			} else {
				counts[0]++;
			}
		}
	}

	@Override
	public ImageTree tree(int index) throws ImageException {
		checkOpen();
		if (index != 1) {
			throw new ImageException(displayFile, "image index " + index + " does not exist; a cabinet has one (1)");
		}
		return new Tree();
	}

	@Override
	public CommitResult commit(IProgressMonitor monitor) throws ImageException {
		return new CommitResult(displayFile, 0, sizeOrZero(), List.of("nothing to commit: " + READ_ONLY));
	}

	private long sizeOrZero() {
		try {
			return Files.size(file);
		} catch (IOException e) {
			return 0;
		}
	}

	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		for (CabImage inner : nested.values()) {
			inner.close();
		}
		nested.clear();
		Path work = workDirectory;
		if (work != null) {
			FileTrees.deleteQuietly(work);
		}
	}

	private void checkOpen() throws ImageException {
		if (closed) {
			throw new ImageException(displayFile, "the cabinet is closed");
		}
	}

	// ---- path resolution ----

	private Located locate(String raw) throws ImageException {
		checkOpen();
		ImagePath path = ImagePath.parse(raw);
		CabImage owner = this;
		Node node = root;
		for (String component : path.components()) {
			if (owner.isNestedCabinet(node)) {
				owner = owner.open(node.record);
				node = owner.root;
			}
			Node child = node.children.get(key(component));
			if (child == null || (!node.isFolder())) {
				throw new EntryNotFoundException(displayFile, "no file or folder '" + path + "' in the cabinet");
			}
			node = child;
		}
		return new Located(owner, node, path);
	}

	/** Opens an inner cabinet: copies it out with cabextract once, then parses it. */
	private synchronized CabImage open(FileRecord record) throws ImageException {
		CabImage inner = nested.get(record);
		if (inner != null) {
			return inner;
		}
		Path work = workDirectory();
		Path copy = work.resolve("inner-" + record.ordinal() + ".cab");
		try (InputStream in = readRecord(record); OutputStream out = Files.newOutputStream(copy)) {
			in.transferTo(out);
		} catch (ImageException e) {
			throw e;
		} catch (IOException e) {
			throw new ImageException(displayFile, "cannot copy the inner cabinet '" + record.rawName() + "' to " + work
					+ ": " + e.getMessage(), e);
		}
		Cabinet parsed;
		try {
			parsed = Cabinet.read(copy);
		} catch (ImageException e) {
			throw new CorruptImageException(displayFile, "the inner file '" + record.rawName()
					+ "' is named .cab but is not a readable cabinet: " + e.reason(), e);
		}
		Path display = displayFile.resolveSibling(displayFile.getFileName() + "!" + record.rawName());
		inner = new CabImage(copy, display, org.deployforge.core.KnownFormats.CAB, parsed, true, depth + 1, work);
		nested.put(record, inner);
		return inner;
	}

	private synchronized Path workDirectory() throws ImageException {
		Path work = workDirectory;
		if (work == null) {
			try {
				work = workParent != null ? Files.createTempDirectory(workParent, "nested-")
						: Files.createTempDirectory("deployforge-cab-");
			} catch (IOException e) {
				throw new ImageException(displayFile, "cannot create a work folder for inner cabinets: " + e.getMessage(),
						e);
			}
			workDirectory = work;
		}
		return work;
	}

	// ---- data ----

	/** Streams one file's data: {@code cabextract -p -F pattern}, then the sizes pick this file out of the output. */
	InputStream readRecord(FileRecord record) throws ImageException {
		String name = Cabextract.outputName(record.rawName());
		java.util.regex.Pattern regex = Cabextract.regex(name);
		long skip = 0;
		for (FileRecord other : cabinet.files()) {
			if (other == record) {
				break;
			}
			if (regex.matcher(Cabextract.outputName(other.rawName())).matches()) {
				skip += other.size();
			}
		}
		Cabextract.Stream stream = Cabextract.start(file, Cabextract.pattern(name));
		try {
			long skipped = stream.skipNBytes0(skip);
			if (skipped != skip) {
				stream.close();
				throw new CorruptImageException(displayFile, "cabextract gave fewer bytes than the CFFILE sizes say");
			}
		} catch (IOException e) {
			throw new ImageException(displayFile, "cannot read from cabextract: " + e.getMessage(), e);
		}
		return new Limited(stream, record.size(), displayFile, record.rawName());
	}

	/** At most {@code size} bytes of a cabextract stream; too few bytes is a damaged cabinet. */
	private static final class Limited extends InputStream {
		private final Cabextract.Stream in;
		private final Path cabinet;
		private final String name;
		private long left;

		Limited(Cabextract.Stream in, long size, Path cabinet, String name) {
			this.in = in;
			this.left = size;
			this.cabinet = cabinet;
			this.name = name;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (left == 0) {
				return -1;
			}
			int read = in.read(buffer, offset, (int) Math.min(length, left));
			if (read < 0) {
				in.finish();
				throw new CorruptImageException(cabinet, "the data of '" + name + "' ends " + left
						+ " bytes early (cabextract)");
			}
			left -= read;
			return read;
		}

		@Override
		public void close() throws IOException {
			in.close();
		}
	}

	/** One file to write during an extraction. */
	private record Wanted(FileRecord record, Path target) {
	}

	private final class Tree implements ImageTree {

		@Override
		public int index() {
			return 1;
		}

		private ImageEntry entry(Located located) {
			return CabImage.this.entry(located.owner(), located.node(), located.path().toString());
		}

		@Override
		public ImageEntry stat(String path) throws ImageException {
			return entry(locate(path));
		}

		@Override
		public List<ImageEntry> list(String directory) throws ImageException {
			Located located = locate(directory);
			CabImage owner = located.owner();
			Node node = located.node();
			if (owner.isNestedCabinet(node)) {
				owner = owner.open(node.record);
				node = owner.root;
			} else if (!node.isFolder()) {
				throw new ImageException(displayFile, "'" + located.path() + "' is a file, not a folder");
			}
			List<ImageEntry> entries = new ArrayList<>();
			for (Node child : node.children.values()) {
				entries.add(CabImage.this.entry(owner, child, childPath(located.path(), child.name)));
			}
			return entries;
		}

		@Override
		public void walk(String directory, EntryVisitor visitor) throws ImageException {
			Located located = locate(directory);
			walk(located.owner(), located.node(), located.path().toString(), visitor);
		}

		private boolean walk(CabImage owner, Node node, String path, EntryVisitor visitor) throws ImageException {
			if (!visitor.visit(CabImage.this.entry(owner, node, path))) {
				return false;
			}
			CabImage childOwner = owner;
			Node folder = node;
			if (owner.isNestedCabinet(node)) {
				childOwner = owner.open(node.record);
				folder = childOwner.root;
			}
			for (Node child : folder.children.values()) {
				if (!walk(childOwner, child, childPath(path, child.name), visitor)) {
					return false;
				}
			}
			return true;
		}

		@Override
		public List<LeftOutEntry> leftOut(String directory, boolean recursive) throws ImageException {
			Located located = locate(directory);
			List<LeftOutEntry> found = new ArrayList<>();
			leftOut(located.owner(), located.node(), located.path().toString(), recursive, found);
			return found;
		}

		/** Collects the names a cabinet left out; they belong to its root (CFFILE names are whole paths). */
		private void leftOut(CabImage owner, Node node, String path, boolean recursive, List<LeftOutEntry> found)
				throws ImageException {
			CabImage childOwner = owner;
			Node folder = node;
			if (owner.isNestedCabinet(node)) {
				childOwner = owner.open(node.record);
				folder = childOwner.root;
			} else if (!node.isFolder()) {
				return;
			}
			if (folder == childOwner.root) {
				for (LeftOut left : childOwner.skippedNames) {
					found.add(left.at(path));
				}
			}
			if (recursive) {
				for (Node child : folder.children.values()) {
					leftOut(childOwner, child, childPath(path, child.name), true, found);
				}
			}
		}

		@Override
		public InputStream read(String path) throws ImageException {
			Located located = locate(path);
			FileRecord record = located.node().record;
			if (record == null) {
				throw new ImageException(displayFile, "'" + located.path() + "' is a folder, not a file");
			}
			return located.owner().readRecord(record);
		}

		@Override
		public ExtractResult extract(List<String> paths, Path targetDirectory, IProgressMonitor monitor)
				throws ImageException {
			List<String> skipped = new ArrayList<>();
			Map<CabImage, List<Wanted>> wanted = new LinkedHashMap<>();
			long[] folders = new long[1];
			try {
				Files.createDirectories(targetDirectory);
				for (String raw : paths) {
					Located located = locate(raw);
					String name = located.path().isRoot() ? "" : located.node().name;
					ImagePath relative = name.isEmpty() ? ImagePath.ROOT : ImagePath.parse(name);
					collect(located.owner(), located.node(), relative, targetDirectory, wanted, skipped, folders);
				}
			} catch (IOException e) {
				if (e instanceof ImageException image) {
					throw image;
				}
				throw new ImageException(displayFile, "cannot write below " + targetDirectory + ": " + e.getMessage(), e);
			}
			long total = wanted.values().stream().flatMap(List::stream).mapToLong(w -> w.record().size()).sum();
			SubMonitor progress = SubMonitor.convert(monitor, "Extracting from " + displayFile.getFileName(),
					(int) Math.min(Integer.MAX_VALUE, total / 1024 + wanted.size()));
			long files = 0;
			long bytes = 0;
			for (Map.Entry<CabImage, List<Wanted>> group : wanted.entrySet()) {
				long[] written = group.getKey().extractRecords(group.getValue(), progress);
				files += written[0];
				bytes += written[1];
			}
			return new ExtractResult(files, folders[0], bytes, skipped);
		}

		private void collect(CabImage owner, Node node, ImagePath relative, Path target,
				Map<CabImage, List<Wanted>> wanted, List<String> skipped, long[] folders) throws IOException {
			if (owner.isNestedCabinet(node) || node.isFolder()) {
				CabImage childOwner = owner;
				Node folder = node;
				if (owner.isNestedCabinet(node)) {
					childOwner = owner.open(node.record);
					folder = childOwner.root;
				}
				Path directory = relative.resolveUnderReal(target);
				if (!Files.isDirectory(directory)) {
					Files.createDirectories(directory);
					folders[0]++;
				}
				if (folder == childOwner.root) {
					for (LeftOut left : childOwner.skippedNames) {
						skipped.add(left.reason());
					}
				}
				for (Node child : folder.children.values()) {
					collect(childOwner, child, relative.resolve(child.name), target, wanted, skipped, folders);
				}
				return;
			}
			try {
				wanted.computeIfAbsent(owner, key -> new ArrayList<>())
						.add(new Wanted(node.record, relative.resolveUnderReal(target)));
			} catch (UnsafePathException e) {
				skipped.add(e.reason());
			}
		}

		@Override
		public void add(Path source, String pathInImage) throws ImageException {
			throw new UnsupportedCapabilityException(displayFile, READ_ONLY);
		}

		@Override
		public void remove(String path) throws ImageException {
			throw new UnsupportedCapabilityException(displayFile, READ_ONLY);
		}

		@Override
		public void rename(String from, String to) throws ImageException {
			throw new UnsupportedCapabilityException(displayFile, READ_ONLY);
		}
	}

	private static String childPath(ImagePath parent, String name) {
		return parent.isRoot() ? "/" + name : parent + "/" + name;
	}

	private static String childPath(String parent, String name) {
		return parent.equals("/") ? "/" + name : parent + "/" + name;
	}

	private ImageEntry entry(CabImage owner, Node node, String path) {
		FileRecord record = node.record;
		if (record == null) {
			return ImageEntry.simple(path, true, 0, null);
		}
		boolean folder = owner.isNestedCabinet(node);
		long attributes = (record.attributes() & Cabinet.WINDOWS_ATTRIBUTES)
				| (folder ? ImageEntry.ATTRIBUTE_DIRECTORY : 0);
		return new ImageEntry(path, folder, record.size(), attributes, null, record.modified(), null, null, List.of(), 0,
				1);
	}

	/**
	 * Writes the wanted files of this cabinet in one pass of {@code cabextract -p} over every file. A file is first
	 * written beside its target and renamed when complete; on any failure the files of this call are removed.
	 *
	 * @return {files, bytes}
	 */
	private long[] extractRecords(List<Wanted> wanted, SubMonitor progress) throws ImageException {
		Map<FileRecord, List<Path>> targets = new HashMap<>();
		for (Wanted w : wanted) {
			targets.computeIfAbsent(w.record(), key -> new ArrayList<>()).add(w.target());
		}
		List<Path> written = new ArrayList<>();
		long files = 0;
		long bytes = 0;
		boolean done = false;
		byte[] buffer = new byte[64 * 1024];
		try (Cabextract.Stream stream = Cabextract.start(file, null)) {
			for (FileRecord record : cabinet.files()) {
				List<Path> destinations = targets.get(record);
				if (destinations == null) {
					if (stream.skipNBytes0(record.size()) != record.size()) {
						throw new CorruptImageException(displayFile, "cabextract gave fewer bytes than the CFFILE sizes say");
					}
					continue;
				}
				if (progress.isCanceled()) {
					throw new OperationCanceledException();
				}
				Path first = destinations.get(0);
				Path partial = first.resolveSibling("." + first.getFileName() + ".deployforge-part");
				try (OutputStream out = Files.newOutputStream(partial)) {
					long left = record.size();
					while (left > 0) {
						int read = stream.read(buffer, 0, (int) Math.min(buffer.length, left));
						if (read < 0) {
							stream.finish();
							throw new CorruptImageException(displayFile, "the data of '" + record.rawName() + "' ends "
									+ left + " bytes early (cabextract)");
						}
						out.write(buffer, 0, read);
						left -= read;
						progress.worked(read / 1024);
					}
				} catch (IOException e) {
					Files.deleteIfExists(partial);
					throw e;
				}
				Files.move(partial, first, StandardCopyOption.REPLACE_EXISTING);
				written.add(first);
				for (Path other : destinations.subList(1, destinations.size())) {
					Files.copy(first, other, StandardCopyOption.REPLACE_EXISTING);
					written.add(other);
				}
				for (Path destination : destinations) {
					if (record.modified() != null) {
						Files.setLastModifiedTime(destination, FileTime.from(record.modified()));
					}
					files++;
					bytes += record.size();
				}
				progress.worked(1);
			}
			long rest = stream.finish();
			if (rest != 0) {
				throw new CorruptImageException(displayFile, "cabextract gave " + rest
						+ " bytes more than the CFFILE sizes say; nothing was kept");
			}
			done = true;
			return new long[] { files, bytes };
		} catch (ImageException e) {
			throw e;
		} catch (IOException e) {
			throw new ImageException(displayFile, "cannot extract: " + e.getMessage(), e);
		} finally {
			if (!done) {
				for (Path path : written) {
					path.toFile().delete();
				}
			}
		}
	}
}
