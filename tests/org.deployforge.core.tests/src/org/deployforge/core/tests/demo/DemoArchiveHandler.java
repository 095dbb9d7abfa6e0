package org.deployforge.core.tests.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deployforge.core.CommitResult;
import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.EntryVisitor;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageTree;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.PendingChange;
import org.deployforge.core.ProbeInput;
import org.deployforge.core.UnsupportedCapabilityException;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.ImageCapability;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * A tiny read-only archive format used to test handler discovery: the line {@code DFDEMO1} followed by lines
 * {@code path<TAB>content}. The live-discovery test packs this package into a bundle of its own at run time and
 * installs it, exactly as a third-party handler bundle would arrive.
 */
public class DemoArchiveHandler implements ImageHandler {

	public static final String MAGIC = "DFDEMO1\n";
	public static final ImageFormat FORMAT = ImageFormat.of("dfdemo", "DeployForge demo archive", "dfdemo");

	@Override
	public String id() {
		return "dfdemo";
	}

	@Override
	public String displayName() {
		return "Demo archive (test handler)";
	}

	@Override
	public List<ImageFormat> formats() {
		return List.of(FORMAT);
	}

	@Override
	public int probe(ProbeInput input) {
		return input.startsWith(MAGIC.getBytes(StandardCharsets.US_ASCII)) ? 100 : 0;
	}

	@Override
	public Image open(Path file, OpenOptions options) throws ImageException {
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			if (lines.isEmpty() || !lines.get(0).equals(MAGIC.strip())) {
				throw new ImageException(file, "not a demo archive (no DFDEMO1 line)");
			}
			Map<String, String> files = new LinkedHashMap<>();
			for (String line : lines.subList(1, lines.size())) {
				int tab = line.indexOf('\t');
				if (tab > 0) {
					files.put(ImagePath.parse(line.substring(0, tab)).toString(), line.substring(tab + 1));
				}
			}
			return new DemoImage(file, files);
		} catch (IOException e) {
			throw e instanceof ImageException imageException ? imageException
					: new ImageException(file, "cannot read: " + e.getMessage(), e);
		}
	}

	/** An open demo archive: one image index, files only, no changes. */
	static final class DemoImage implements Image, ImageTree {
		private final Path file;
		private final Map<String, String> files;
		volatile boolean closed;

		DemoImage(Path file, Map<String, String> files) {
			this.file = file;
			this.files = files;
		}

		@Override
		public Path file() {
			return file;
		}

		@Override
		public ImageFormat format() {
			return FORMAT;
		}

		@Override
		public String handlerId() {
			return "dfdemo";
		}

		@Override
		public ImageInfo info() {
			long bytes = files.values().stream().mapToLong(content -> content.getBytes(StandardCharsets.UTF_8).length).sum();
			VolumeInfo volume = new VolumeInfo(1, "demo", "", files.size(), 0, bytes, null, null, Map.of());
			return new ImageInfo(file, FORMAT, file.toFile().length(), List.of(volume), 0, Map.of());
		}

		@Override
		public ImageTree tree(int index) throws ImageException {
			if (index != 1) {
				throw new ImageException(file, "image index " + index + " does not exist; the only index is 1");
			}
			return this;
		}

		@Override
		public boolean isReadOnly() {
			return true;
		}

		@Override
		public List<PendingChange> pendingChanges() {
			return List.of();
		}

		@Override
		public CommitResult commit(IProgressMonitor monitor) {
			return new CommitResult(file, 0, file.toFile().length(), List.of());
		}

		@Override
		public void discard() {
		}

		@Override
		public <T extends ImageCapability> Optional<T> capability(Class<T> type) {
			return Optional.empty();
		}

		@Override
		public void close() {
			closed = true;
		}

		@Override
		public int index() {
			return 1;
		}

		@Override
		public ImageEntry stat(String path) throws ImageException {
			String key = ImagePath.parse(path).toString();
			if (key.equals("/")) {
				return ImageEntry.simple("/", true, 0, null);
			}
			String content = files.get(key);
			if (content == null) {
				throw new EntryNotFoundException(file, "no " + key + " in the archive");
			}
			return ImageEntry.simple(key, false, content.getBytes(StandardCharsets.UTF_8).length, null);
		}

		@Override
		public List<ImageEntry> list(String directory) throws ImageException {
			if (!ImagePath.parse(directory).isRoot()) {
				throw new EntryNotFoundException(file, "no folder " + directory + " (demo archives are flat)");
			}
			List<ImageEntry> entries = new ArrayList<>();
			for (String path : files.keySet()) {
				entries.add(stat(path));
			}
			return entries;
		}

		@Override
		public void walk(String directory, EntryVisitor visitor) throws ImageException {
			if (!visitor.visit(stat("/"))) {
				return;
			}
			for (ImageEntry entry : list(directory)) {
				if (!visitor.visit(entry)) {
					return;
				}
			}
		}

		@Override
		public InputStream read(String path) throws ImageException {
			stat(path);
			return new ByteArrayInputStream(files.get(ImagePath.parse(path).toString()).getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public ExtractResult extract(List<String> paths, Path targetDirectory, IProgressMonitor monitor)
				throws ImageException {
			long bytes = 0;
			for (String path : paths) {
				Path target = ImagePath.parse(path).resolveUnder(targetDirectory);
				try (InputStream in = read(path)) {
					Files.createDirectories(target.getParent());
					bytes += Files.copy(in, target);
				} catch (IOException e) {
					throw new ImageException(file, "cannot extract " + path + ": " + e.getMessage(), e);
				}
			}
			return new ExtractResult(paths.size(), 0, bytes, List.of());
		}

		@Override
		public void add(Path source, String pathInImage) throws ImageException {
			throw new UnsupportedCapabilityException(file, "demo archives are read-only");
		}

		@Override
		public void remove(String path) throws ImageException {
			throw new UnsupportedCapabilityException(file, "demo archives are read-only");
		}

		@Override
		public void rename(String from, String to) throws ImageException {
			throw new UnsupportedCapabilityException(file, "demo archives are read-only");
		}
	}
}
