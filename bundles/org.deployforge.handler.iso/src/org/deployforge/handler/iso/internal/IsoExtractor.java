package org.deployforge.handler.iso.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;
import org.deployforge.core.UnsafePathException;
import org.deployforge.handler.iso.internal.IsoListing.Raw;
import org.deployforge.handler.iso.internal.IsoListing.RawWithTimes;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

/**
 * Extraction and reading of files. With our own reader's listing ({@link IsoListing#ownReader()}) each file's bytes
 * are copied straight from the ISO to the target file ({@link FileData#copyTo}, in the kernel on Linux) and no tool
 * runs. Otherwise through {@code 7zz x -so}: 7zz never writes to disk. It streams the data of the selected entries in
 * listing order to its standard output; this class cuts that stream by the listed sizes. Either way this class writes
 * each file itself, through {@link ImagePath#resolveUnder(Path)}, so nothing lands outside the target folder whatever
 * the names on the ISO, and no partial file is left when the data ends early. Files of any size (UDF files over
 * 4 GiB, ISO 9660 multi-extent files) are copied whole; the ISO is never copied.
 */
final class IsoExtractor {

	private static final int BUFFER = 1 << 20;

	private IsoExtractor() {
	}

	/** A selected in-image path and the folder its entries are named from (its parent). */
	private record Selection(ImagePath path, ImagePath base, String rawPrefix) {
	}

	/** Where the selected entries' bytes come from, in listing order. */
	private interface Source extends AutoCloseable {
		/** Passes over the bytes of an entry that is not written. */
		void skip(Raw raw) throws IOException;

		/**
		 * Writes the entry's bytes to a new file {@code destination} (whose folder exists) and gives it the entry's
		 * modification time; a file not written whole is removed. It may still be running when this returns.
		 */
		void write(Raw raw, Path destination, ByteTicks progress) throws IOException;

		/** Waits for the writes and checks that the source ended where the listing said. */
		void finish(ByteTicks progress) throws IOException, InterruptedException, ImageException;

		@Override
		void close();
	}

	/**
	 * @param image   the ISO
	 * @param listing its listing
	 * @param paths   selected in-image paths (files or folders), each landing in the target under its own name
	 * @param target  the target folder
	 */
	static ExtractResult extract(Path image, IsoListing listing, List<ImagePath> paths, Path target,
			IProgressMonitor monitor) throws ImageException {
		List<Selection> selections = new ArrayList<>();
		boolean everything = false;
		for (ImagePath path : paths) {
			IsoListing.Node node = listing.node(path);
			if (node == null) {
				throw new org.deployforge.core.EntryNotFoundException(image, "no file or folder " + path);
			}
			ImagePath parent = path.parent();
			if (path.isRoot()) {
				everything = true;
				selections.add(new Selection(path, ImagePath.ROOT, ""));
			} else {
				String raw = node.raw != null ? node.raw.rawPath : path.toString().substring(1);
				selections.add(new Selection(path, parent == null ? ImagePath.ROOT : parent, raw));
			}
		}
		try {
			Files.createDirectories(target);
		} catch (IOException e) {
			throw new ImageException(image, "cannot create the target folder " + target + ": " + org.deployforge.core.IoErrors.reason(e), e);
		}
		long expected = 0;
		for (Raw raw : listing.raw()) {
			if (selectedBy7zz(raw, selections, everything)) {
				expected += raw.streamBytes();
			}
		}
		SubMonitor progress = SubMonitor.convert(monitor, "Extracting from " + image.getFileName(),
				ByteTicks.units(expected));
		ByteTicks ticks = new ByteTicks(monitor, progress, "Extracting", expected);
		long files = 0;
		long folders = 0;
		long bytes = 0;
		List<String> skipped = new ArrayList<>();
		Set<Path> written = new HashSet<>();
		try (Source source = listing.ownReader() ? new InPlace(image) : new SevenZipStream(image, listing, selections,
				everything)) {
			for (Raw raw : listing.raw()) {
				if (!selectedBy7zz(raw, selections, everything)) {
					continue;
				}
				if (progress.isCanceled()) {
					throw new OperationCanceledException();
				}
				Selection selection = owner(raw, selections);
				if (raw.bootPseudoFile || selection == null) {
					source.skip(raw);
					continue;
				}
				if (raw.problem != null) {
					skipped.add(raw.problem);
					source.skip(raw);
					continue;
				}
				ImagePath path = raw.path;
				Path destination;
				try {
					destination = relative(path, selection.base()).resolveUnder(target);
				} catch (UnsafePathException e) {
					skipped.add(e.reason());
					source.skip(raw);
					continue;
				}
				if (raw.link != null) {
					skipped.add("symbolic link '" + path + "' -> '" + ImagePath.printable(raw.link)
							+ "' not extracted (links are never created or followed)");
					source.skip(raw);
					continue;
				}
				if (raw.directory) {
					try {
						if (!Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
							Files.createDirectories(destination);
							folders++;
						}
					} catch (IOException e) {
						skipped.add("folder '" + path + "' not created at " + destination + ": "
								+ org.deployforge.core.IoErrors.reason(e));
					}
					continue;
				}
				if (!written.add(destination)) {
					skipped.add("'" + path + "' not written: an earlier entry was written to the same place");
					source.skip(raw);
					continue;
				}
				try {
					Path parent = destination.getParent();
					if (parent != null && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
						Files.createDirectories(parent);
					}
				} catch (FileAlreadyExistsException e) {
					skipped.add("'" + path + "' not written: a file stands where its folder should be");
					source.skip(raw);
					continue;
				} catch (IOException e) {
					throw new ImageException(image, "cannot create the folder for " + destination + ": " + e.getMessage(), e);
				}
				source.write(raw, destination, ticks);
				files++;
				bytes += raw.size;
			}
			source.finish(ticks);
		} catch (IOException e) {
			if (e instanceof ImageException known) {
				throw known;
			}
			String where = e instanceof java.nio.file.FileSystemException system && system.getFile() != null
					? system.getFile() : target.toString();
			throw new ImageException(image, "cannot extract to " + where + ": " + org.deployforge.core.IoErrors.reason(e),
					e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new ImageException(image, "extraction interrupted", e);
		}
		return new ExtractResult(files, folders, bytes, skipped);
	}

	/**
	 * Copies from the ISO file itself, at the offsets our reader found, a file per task on a few threads: creating a
	 * file costs the kernel about as much as copying 200 KiB into it, and threads creating files in different folders
	 * share that work across the cores (measured in bench/RESULTS.md). The ISO channel is read with positional
	 * transfers only, which FileChannel allows from several threads.
	 */
	private static final class InPlace implements Source {
		private final Path image;
		private final FileChannel in;
		private final ExecutorService pool;
		private final List<Future<?>> writes = new ArrayList<>();
		private final AtomicLong copied = new AtomicLong();
		private final AtomicBoolean stop = new AtomicBoolean();

		InPlace(Path image) throws ImageException {
			this.image = image;
			try {
				this.in = FileChannel.open(image, StandardOpenOption.READ);
			} catch (IOException e) {
				throw new ImageException(image, "cannot read the file: " + org.deployforge.core.IoErrors.reason(e), e);
			}
			int threads = Integer.getInteger("deployforge.iso.extractThreads",
					Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
			AtomicInteger number = new AtomicInteger();
			this.pool = Executors.newFixedThreadPool(threads, task -> {
				Thread thread = new Thread(task, "ISO extraction " + number.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
		}

		@Override
		public void skip(Raw raw) {
			// random access: nothing to pass over
		}

		@Override
		public void write(Raw raw, Path destination, ByteTicks progress) throws IOException {
			FileData data = raw.data;
			if (data == null) {
				throw new CorruptImageException(image, "the data of " + raw.path + " was not located");
			}
			report(progress);
			writes.add(pool.submit(() -> {
				if (stop.get()) {
					return null;
				}
				writeFile(raw, destination, out -> data.copyTo(image, String.valueOf(raw.path), in, out, bytes -> {
					copied.addAndGet(bytes);
					if (stop.get()) {
						throw new OperationCanceledException();
					}
				}));
				return null;
			}));
		}

		/** Reports the bytes copied so far; cancelling stops the writes still to come. */
		private void report(ByteTicks progress) {
			try {
				progress.at(copied.get());
			} catch (OperationCanceledException e) {
				stop.set(true);
				throw e;
			}
		}

		@Override
		public void finish(ByteTicks progress) throws IOException, InterruptedException {
			for (Future<?> write : writes) {
				while (true) {
					try {
						write.get(100, TimeUnit.MILLISECONDS);
						break;
					} catch (TimeoutException e) {
						report(progress);
					} catch (ExecutionException e) {
						stop.set(true);
						Throwable cause = e.getCause();
						if (cause instanceof IOException io) {
							throw io;
						}
						if (cause instanceof RuntimeException runtime) {
							throw runtime;
						}
						throw new IOException(cause);
					}
				}
			}
			report(progress);
		}

		@Override
		public void close() {
			stop.set(true);
			pool.shutdown();
			try {
				// a write in progress ends at its next 64 MiB step at the latest, removing its partial file
				pool.awaitTermination(1, TimeUnit.MINUTES);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			try {
				in.close();
			} catch (IOException e) {
				// read-only channel
			}
		}
	}

	/**
	 * One {@code 7zz x -so} over the selection, cut by the listed sizes. 7zz passes over a file it cannot read and
	 * goes on, so a cut made before it ends may give a file the bytes of the next: every file is written under a
	 * hidden work name beside its place and renamed there only once the stream has ended where the listing says and
	 * 7zz has exited without error; otherwise every work file is removed.
	 */
	private static final class SevenZipStream implements Source {
		private final Path image;
		private final Process process;
		private final ByteArrayOutputStream err = new ByteArrayOutputStream();
		private final Thread errReader;
		private final InputStream stream;
		private final byte[] buffer = new byte[BUFFER];
		/** work file -> its place, in writing order */
		private final Map<Path, Path> pending = new LinkedHashMap<>();
		private boolean finished;

		SevenZipStream(Path image, IsoListing listing, List<Selection> selections, boolean everything)
				throws ImageException {
			this.image = image;
			List<String> command = new ArrayList<>(List.of("7zz", "x", "-so", "-spd", "-bd", "-t" + listing.type()));
			if (!everything) {
				for (Selection selection : selections) {
					command.add("-i!" + selection.rawPrefix());
				}
			}
			command.add("--");
			command.add(image.toString());
			this.process = Tool.start(image, command);
			this.errReader = Tool.drain(process.getErrorStream(), err);
			this.stream = process.getInputStream();
		}

		@Override
		public void skip(Raw raw) throws IOException {
			long left = raw.streamBytes();
			while (left > 0) {
				int read = stream.read(buffer, 0, (int) Math.min(buffer.length, left));
				if (read < 0) {
					throw endedEarly(raw);
				}
				left -= read;
			}
		}

		/**
		 * 7zz's stream ended before the listing's end: 7zz passed over a file it could not read, so the entry named
		 * here is only where the shortfall showed, not the damaged one; what 7zz said names that.
		 */
		private CorruptImageException endedEarly(Raw raw) {
			try {
				process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
				errReader.join(1000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return new CorruptImageException(image, "7zz gave less data than its listing announced (its stream ended"
					+ " at " + raw.path + "): it could not read a file, so no file of this extraction was kept: "
					+ Tool.tail(err.toString(StandardCharsets.UTF_8)));
		}

		@Override
		public void write(Raw raw, Path destination, ByteTicks progress) throws IOException {
			Path work = destination.resolveSibling("." + destination.getFileName() + ".deployforge-part-"
					+ pending.size());
			pending.put(work, destination);
			writeFile(raw, work, out -> copy(raw, out, progress));
		}

		private void copy(Raw raw, FileChannel out, ByteTicks progress) throws IOException {
			long left = raw.size;
			while (left > 0) {
				int read = stream.read(buffer, 0, (int) Math.min(buffer.length, left));
				if (read < 0) {
					throw endedEarly(raw);
				}
				ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, read);
				while (wrapped.hasRemaining()) {
					out.write(wrapped);
				}
				left -= read;
				progress.add(read);
			}
		}

		@Override
		public void finish(ByteTicks progress) throws IOException, InterruptedException, ImageException {
			if (stream.read() >= 0) {
				throw new CorruptImageException(image, "7zz wrote more data than the listing announced: the file system"
						+ " is inconsistent");
			}
			process.waitFor();
			errReader.join();
			finished = true;
			if (process.exitValue() != 0) {
				throw new CorruptImageException(image, "7zz failed while extracting (exit code " + process.exitValue()
						+ "), so no file of this extraction was kept: " + Tool.tail(err.toString(StandardCharsets.UTF_8)));
			}
			// the rename replaces the name, never writes through a link at the place
			for (Map.Entry<Path, Path> file : pending.entrySet()) {
				Files.move(file.getKey(), file.getValue(), StandardCopyOption.REPLACE_EXISTING);
			}
			pending.clear();
		}

		@Override
		public void close() {
			if (!finished) {
				process.destroyForcibly();
			}
			for (Path work : pending.keySet()) {
				try {
					Files.deleteIfExists(work);
				} catch (IOException e) {
					// a hidden work file left behind names itself
				}
			}
			try {
				stream.close();
			} catch (IOException e) {
				// the process is gone
			}
		}
	}

	/** Mirrors what {@code 7zz -spd -i!prefix} selects: the entry itself and everything below it. */
	private static boolean selectedBy7zz(Raw raw, List<Selection> selections, boolean everything) {
		if (everything) {
			return true;
		}
		for (Selection selection : selections) {
			String prefix = selection.rawPrefix();
			if (raw.rawPath.equals(prefix) || raw.rawPath.startsWith(prefix + "/")) {
				return true;
			}
		}
		return false;
	}

	private static Selection owner(Raw raw, List<Selection> selections) {
		if (raw.path == null) {
			return selections.get(0);
		}
		for (Selection selection : selections) {
			if (selection.path().contains(raw.path)) {
				return selection;
			}
		}
		return null;
	}

	private static ImagePath relative(ImagePath path, ImagePath base) throws UnsafePathException {
		List<String> components = path.components().subList(base.components().size(), path.components().size());
		return ImagePath.parse(String.join("/", components));
	}

	private static void skip(Path image, InputStream stream, long count, byte[] buffer) throws IOException {
		long left = count;
		while (left > 0) {
			int read = stream.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (read < 0) {
				throw new CorruptImageException(image, "7zz stopped before the end of the data the listing announced");
			}
			left -= read;
		}
	}

	/** Writes the bytes of a file. */
	@FunctionalInterface
	private interface Content {
		void writeTo(FileChannel out) throws IOException;
	}

	/** Creates {@code destination}, writes it, removes it when it is not written whole, and sets its time. */
	private static void writeFile(Raw raw, Path destination, Content content) throws IOException {
		boolean complete = false;
		try (FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
			content.writeTo(out);
			complete = true;
		} finally {
			if (!complete) {
				Files.deleteIfExists(destination);
			}
		}
		if (raw instanceof RawWithTimes timed && timed.modified != null) {
			try {
				// by name without following links (utimensat): Files.setLastModifiedTime would open the file again
				Files.getFileAttributeView(destination, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
						.setTimes(FileTime.from(timed.modified), null, null);
			} catch (IOException e) {
				// times are kept where the host allows
			}
		}
	}

	/**
	 * Opens one file's data as a stream ({@code 7zz x -so -i!path}); the stream fails when the data is shorter or
	 * longer than the listed size, and closing it ends the process.
	 */
	static InputStream open(Path image, IsoListing listing, Raw raw) throws ImageException {
		if (raw.data != null) {
			return raw.data.open(image, String.valueOf(raw.path));
		}
		List<String> command = List.of("7zz", "x", "-so", "-spd", "-bd", "-t" + listing.type(), "-i!" + raw.rawPath, "--",
				image.toString());
		long expected = 0;
		for (Raw other : listing.raw()) {
			if (other.rawPath.equals(raw.rawPath) || other.rawPath.startsWith(raw.rawPath + "/")) {
				if (other.order < raw.order) {
					expected += other.streamBytes();
				}
			}
		}
		Process process = Tool.start(image, command);
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		Thread errReader = Tool.drain(process.getErrorStream(), err);
		InputStream stream = process.getInputStream();
		try {
			skip(image, stream, expected, new byte[(int) Math.min(BUFFER, Math.max(1, expected))]);
		} catch (IOException e) {
			process.destroyForcibly();
			throw new ImageException(image, "cannot read " + raw.path + ": " + e.getMessage(), e);
		}
		return new InputStream() {
			private long left = raw.size;
			private boolean closed;

			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				int read = read(one, 0, 1);
				return read < 0 ? -1 : one[0] & 0xFF;
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				if (left == 0) {
					return -1;
				}
				int read = stream.read(b, off, (int) Math.min(len, left));
				if (read < 0) {
					try {
						process.waitFor();
						errReader.join();
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					throw new CorruptImageException(image, "the data of " + raw.path + " ends after " + (raw.size - left)
							+ " of " + raw.size + " bytes: " + Tool.tail(err.toString(StandardCharsets.UTF_8)));
				}
				left -= read;
				return read;
			}

			@Override
			public void close() throws IOException {
				if (!closed) {
					closed = true;
					process.destroy();
					stream.close();
				}
			}
		};
	}
}
