package org.deployforge.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.deployforge.core.ImageFormat;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.ProbeInput;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Which workspace files are deployment images, and of what format: by signature first ({@link KnownFormats}, the
 * first 96 KiB and last 512 bytes of the file), by name second. Results are cached per file and modification stamp,
 * so label providers may ask on every paint.
 */
public final class ImageFiles {

	/** The formats the workbench opens in the image editor (hives, cabinets and updates have their own tools). */
	public static final List<ImageFormat> IMAGE_FORMATS = List.of(KnownFormats.WIM, KnownFormats.ESD,
			KnownFormats.SWM, KnownFormats.PPKG, KnownFormats.ISO, KnownFormats.VHD, KnownFormats.VHDX);

	/** Names never sniffed: text files of a deployment project. */
	private static final List<String> TEXT_EXTENSIONS = List.of("xml", "txt", "md", "inf", "ini", "cmd", "bat", "ps1",
			"reg", "json", "cat", "sys", "dll", "exe", "cab", "msu");

	private record Known(long stamp, long localStamp, @Nullable ImageFormat format) {
	}

	private static final Map<IPath, Known> CACHE = new ConcurrentHashMap<>();

	private ImageFiles() {
	}

	/** @return the image format its name says (extension), or empty */
	public static Optional<ImageFormat> formatByName(String fileName) {
		return IMAGE_FORMATS.stream().filter(format -> format.matchesName(fileName)).findFirst();
	}

	/**
	 * @return the image format of a workspace file: by signature when the file is local and readable, else by name;
	 *         empty when it is no image
	 */
	public static Optional<ImageFormat> format(IFile file) {
		if (!file.exists()) {
			return Optional.empty();
		}
		Known known = CACHE.get(file.getFullPath());
		long stamp = file.getModificationStamp();
		long localStamp = file.getLocalTimeStamp();
		if (known != null && known.stamp() == stamp && known.localStamp() == localStamp) {
			return Optional.ofNullable(known.format());
		}
		ImageFormat format = detect(file).orElse(null);
		CACHE.put(file.getFullPath(), new Known(stamp, localStamp, format));
		return Optional.ofNullable(format);
	}

	/** @return whether the file is a deployment image the image editor opens */
	public static boolean isImage(IFile file) {
		return format(file).isPresent();
	}

	private static Optional<ImageFormat> detect(IFile file) {
		String name = file.getName();
		Optional<ImageFormat> byName = formatByName(name);
		IPath location = file.getLocation();
		String extension = file.getFileExtension() == null ? "" : file.getFileExtension().toLowerCase(Locale.ROOT);
		if (location == null || (byName.isEmpty() && TEXT_EXTENSIONS.contains(extension))) {
			return byName;
		}
		Path path = location.toPath();
		try {
			if (!Files.isRegularFile(path) || Files.size(path) < 512) {
				return byName;
			}
			Optional<ImageFormat> bySignature = KnownFormats.recognise(ProbeInput.read(path));
			if (bySignature.isPresent() && IMAGE_FORMATS.contains(bySignature.get())) {
				return bySignature;
			}
			return bySignature.isPresent() ? Optional.empty() : byName;
		} catch (IOException e) {
			return byName;
		}
	}
}
