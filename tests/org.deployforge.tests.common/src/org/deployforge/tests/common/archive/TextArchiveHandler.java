package org.deployforge.tests.common.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import org.deployforge.core.ProbeInput;
import org.deployforge.core.ReadOnlyImage;
import org.deployforge.core.UnsupportedCapabilityException;
import org.deployforge.core.VolumeInfo;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * A deliberately small read-only handler for tests (registered by them as a service, or packed into a bundle of its
 * own): it offers none of the optional capabilities, so it shows that the service and the command line are generic
 * over handlers and refuse clearly what a format lacks.
 * <p>
 * The format: the line {@code ID1} (the handler id in upper case and {@code 1}: {@code DFTEXT1}), then lines
 * {@code path<TAB>content} adding flat files to the current image; {@code @image NAME} starts the next image (files
 * before any {@code @image} line go to image 1, named after the handler).
 */
public class TextArchiveHandler implements ImageHandler {

	private final String id;
	private final String displayName;
	private final ImageFormat format;

	/** The {@code dftext} handler: files named {@code *.dftext} starting with {@code DFTEXT1}. */
	public TextArchiveHandler() {
		this("dftext", "DeployForge text archive (test handler)");
	}

	/**
	 * @param id          the handler and format id, also the file name extension; the first line is
	 *                    {@code ID1} in upper case
	 * @param displayName the format's name
	 */
	protected TextArchiveHandler(String id, String displayName) {
		this.id = id;
		this.displayName = displayName;
		this.format = ImageFormat.of(id, displayName, id);
	}

	/** @return the first line of an archive of this handler, with its line feed ({@code "DFTEXT1\n"}) */
	public String magic() {
		return id.toUpperCase(Locale.ROOT) + "1\n";
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public String displayName() {
		return displayName;
	}

	@Override
	public List<ImageFormat> formats() {
		return List.of(format);
	}

	@Override
	public int probe(ProbeInput input) {
		return input.startsWith(magic().getBytes(StandardCharsets.US_ASCII)) ? 100 : 0;
	}

	@Override
	public Image open(Path file, OpenOptions options) throws ImageException {
		List<String> names = new ArrayList<>();
		List<Map<String, String>> volumes = new ArrayList<>();
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new ImageException(file, "cannot read: " + e.getMessage(), e);
		}
		if (lines.isEmpty() || !lines.get(0).equals(magic().strip())) {
			throw new ImageException(file, "not a " + id + " archive (no " + magic().strip() + " line)");
		}
		for (String line : lines.subList(1, lines.size())) {
			if (line.startsWith("@image ")) {
				names.add(line.substring(7));
				volumes.add(new LinkedHashMap<>());
			} else if (line.indexOf('\t') > 0) {
				if (volumes.isEmpty()) {
					names.add(id);
					volumes.add(new LinkedHashMap<>());
				}
				int tab = line.indexOf('\t');
				volumes.get(volumes.size() - 1).put(ImagePath.parse(line.substring(0, tab)).toString(),
						line.substring(tab + 1));
			}
		}
		return new TextImage(file, format, id, names, volumes);
	}

	/** An open archive: flat images of files, no changes. */
	private record TextImage(Path file, ImageFormat format, String handlerId, List<String> names,
			List<Map<String, String>> volumes) implements ReadOnlyImage {

		@Override
		public ImageInfo info() throws ImageException {
			List<VolumeInfo> infos = new ArrayList<>();
			for (int i = 0; i < names.size(); i++) {
				long bytes = volumes.get(i).values().stream()
						.mapToLong(content -> content.getBytes(StandardCharsets.UTF_8).length).sum();
				infos.add(new VolumeInfo(i + 1, names.get(i), "", volumes.get(i).size(), 1, bytes, null, null,
						Map.of("Lines", String.valueOf(volumes.get(i).size()))));
			}
			try {
				return new ImageInfo(file, format, Files.size(file), infos, 0, Map.of("Encoding", "UTF-8"));
			} catch (IOException e) {
				throw new ImageException(file, e.getMessage(), e);
			}
		}

		@Override
		public ImageTree tree(int index) throws ImageException {
			if (index < 1 || index > volumes.size()) {
				throw new ImageException(file, "no image " + index);
			}
			return new TextTree(file, index, volumes.get(index - 1));
		}

		@Override
		public void close() {
			// nothing is held open
		}
	}

	/** One image of an archive: flat files below the root. */
	private record TextTree(Path file, int index, Map<String, String> files) implements ImageTree {

		@Override
		public ImageEntry stat(String path) throws ImageException {
			String key = ImagePath.parse(path).toString();
			if (key.equals("/")) {
				return ImageEntry.simple("/", true, 0, null);
			}
			String content = files.get(key);
			if (content == null) {
				throw new EntryNotFoundException(file, "no " + key + " in image " + index);
			}
			return ImageEntry.simple(key, false, content.getBytes(StandardCharsets.UTF_8).length, null);
		}

		@Override
		public List<ImageEntry> list(String directory) throws ImageException {
			if (!ImagePath.parse(directory).isRoot()) {
				throw new EntryNotFoundException(file, "no folder " + directory + " (the archive is flat)");
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
			throw readOnly();
		}

		@Override
		public void remove(String path) throws ImageException {
			throw readOnly();
		}

		@Override
		public void rename(String from, String to) throws ImageException {
			throw readOnly();
		}

		private ImageException readOnly() {
			return new UnsupportedCapabilityException(file, "the archive is read-only");
		}
	}
}
