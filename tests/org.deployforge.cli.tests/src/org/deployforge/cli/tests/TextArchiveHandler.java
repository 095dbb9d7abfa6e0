package org.deployforge.cli.tests;

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
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.ImageCapability;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * A second, deliberately small handler (registered by the tests as a service) that offers none of the optional
 * capabilities: it shows the command line is generic over handlers and refuses clearly what a format lacks. The
 * format: the line {@code DFTEXT1}, then {@code @image NAME} lines each starting an image and {@code path<TAB>content}
 * lines adding files to the current image.
 */
final class TextArchiveHandler implements ImageHandler {

	static final ImageFormat FORMAT = ImageFormat.of("dftext", "DeployForge text archive (test handler)", "dftext");

	@Override
	public String id() {
		return "dftext";
	}

	@Override
	public String displayName() {
		return "Text archive (test handler)";
	}

	@Override
	public List<ImageFormat> formats() {
		return List.of(FORMAT);
	}

	@Override
	public int probe(ProbeInput input) {
		return input.startsWith("DFTEXT1\n".getBytes(StandardCharsets.US_ASCII)) ? 100 : 0;
	}

	@Override
	public Image open(Path file, OpenOptions options) throws ImageException {
		List<String> names = new ArrayList<>();
		List<Map<String, String>> volumes = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				if (line.startsWith("@image ")) {
					names.add(line.substring(7));
					volumes.add(new LinkedHashMap<>());
				} else if (line.indexOf('\t') > 0 && !volumes.isEmpty()) {
					volumes.get(volumes.size() - 1).put(ImagePath.parse(line.substring(0, line.indexOf('\t'))).toString(),
							line.substring(line.indexOf('\t') + 1));
				}
			}
		} catch (IOException e) {
			throw new ImageException(file, "cannot read: " + e.getMessage(), e);
		}
		return new TextImage(file, names, volumes);
	}

	private final class TextImage implements Image {
		private final Path file;
		private final List<String> names;
		private final List<Map<String, String>> volumes;

		TextImage(Path file, List<String> names, List<Map<String, String>> volumes) {
			this.file = file;
			this.names = names;
			this.volumes = volumes;
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
			return id();
		}

		@Override
		public ImageInfo info() throws ImageException {
			List<VolumeInfo> infos = new ArrayList<>();
			for (int i = 0; i < names.size(); i++) {
				long bytes = volumes.get(i).values().stream().mapToLong(String::length).sum();
				infos.add(new VolumeInfo(i + 1, names.get(i), "", volumes.get(i).size(), 1, bytes, null, null,
						Map.of("Lines", String.valueOf(volumes.get(i).size()))));
			}
			try {
				return new ImageInfo(file, FORMAT, Files.size(file), infos, 0, Map.of("Encoding", "UTF-8"));
			} catch (IOException e) {
				throw new ImageException(file, e.getMessage(), e);
			}
		}

		@Override
		public ImageTree tree(int index) throws ImageException {
			if (index < 1 || index > volumes.size()) {
				throw new ImageException(file, "no image " + index);
			}
			Map<String, String> files = volumes.get(index - 1);
			return new ImageTree() {
				@Override
				public int index() {
					return index;
				}

				@Override
				public ImageEntry stat(String path) throws ImageException {
					String key = ImagePath.parse(path).toString();
					if (key.equals("/")) {
						return ImageEntry.simple("/", true, 0, null);
					}
					String content = files.get(key);
					if (content == null) {
						throw new EntryNotFoundException(file, key + ": not found");
					}
					return ImageEntry.simple(key, false, content.length(), null);
				}

				@Override
				public List<ImageEntry> list(String directory) throws ImageException {
					List<ImageEntry> entries = new ArrayList<>();
					for (Map.Entry<String, String> entry : files.entrySet()) {
						entries.add(ImageEntry.simple(entry.getKey(), false, entry.getValue().length(), null));
					}
					return entries;
				}

				@Override
				public void walk(String directory, EntryVisitor visitor) throws ImageException {
					if (visitor.visit(stat("/"))) {
						for (ImageEntry entry : list("/")) {
							if (!visitor.visit(entry)) {
								return;
							}
						}
					}
				}

				@Override
				public InputStream read(String path) throws ImageException {
					stat(path);
					return new ByteArrayInputStream(
							files.get(ImagePath.parse(path).toString()).getBytes(StandardCharsets.UTF_8));
				}

				@Override
				public ExtractResult extract(List<String> paths, Path targetDirectory, IProgressMonitor monitor)
						throws ImageException {
					throw new ImageException(file, "the test handler does not extract");
				}

				@Override
				public void add(Path source, String pathInImage) throws ImageException {
					throw new ImageException(file, "read-only");
				}

				@Override
				public void remove(String path) throws ImageException {
					throw new ImageException(file, "read-only");
				}

				@Override
				public void rename(String from, String to) throws ImageException {
					throw new ImageException(file, "read-only");
				}
			};
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
		public CommitResult commit(IProgressMonitor monitor) throws ImageException {
			throw new ImageException(file, "read-only");
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
		}
	}
}
