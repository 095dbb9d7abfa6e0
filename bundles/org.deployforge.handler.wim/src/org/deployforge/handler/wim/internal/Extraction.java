package org.deployforge.handler.wim.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.FileTrees;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.wimlib.internal.Wim;
import org.deployforge.wimlib.internal.WimErrors;
import org.deployforge.wimlib.internal.WimLib;
import org.deployforge.wimlib.internal.WimOperation;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Extraction through a staging folder: wimlib writes into a hidden folder inside the target, and only a complete,
 * undamaged result is moved into place name by name through {@link org.deployforge.core.ImagePath#resolveUnder}. A
 * failure or cancellation deletes the staging folder, so no partial file is ever left.
 */
final class Extraction {

	private static final String STAGING_PREFIX = ".deployforge-extract-";

	private Extraction() {
	}

	/** Extracts {@code paths} (already normalised, existing) of image {@code index} into {@code target}. */
	static ExtractResult extract(WimImage image, int index, List<String> paths, Path target,
			@Nullable IProgressMonitor monitor) throws ImageException {
		Path root = prepare(image, target);
		return image.onThread(() -> {
			Wim wim = image.wim();
			WimOperation operation = new WimOperation(monitor, "Extracting from " + image.file().getFileName());
			Path staging = staging(image, root);
			try {
				WimLib.StringArray array = new WimLib.StringArray(paths);
				byte[] stagingName = WimLib.cstr(staging.toString());
				int code = wim.call(operation, w -> WimLib.N.wimlib_extract_paths(w, index, stagingName, array.array,
						array.size(), WimLib.EXTRACT_FLAG_NO_PRESERVE_DIR_STRUCTURE | WimLib.EXTRACT_FLAG_NORPFIX));
				java.lang.ref.Reference.reachabilityFence(array);
				failIfNeeded(image, index, paths, operation, code, "cannot extract");
				return finish(image, staging, root, unsafeNames(image, index, paths));
			} finally {
				FileTrees.deleteQuietly(staging);
				operation.done();
			}
		});
	}

	/** Applies the whole image {@code index} to {@code target} ({@code wimlib_extract_image}). */
	static ExtractResult apply(WimImage image, int index, Path target, @Nullable IProgressMonitor monitor)
			throws ImageException {
		Path root = prepare(image, target);
		return image.onThread(() -> {
			Wim wim = image.wim();
			WimOperation operation = new WimOperation(monitor, "Applying image " + index);
			Path staging = staging(image, root);
			try {
				byte[] stagingName = WimLib.cstr(staging.toString());
				int code = wim.call(operation, w -> WimLib.N.wimlib_extract_image(w, index, stagingName, 0));
				failIfNeeded(image, index, List.of("/"), operation, code, "cannot apply image " + index);
				return finish(image, staging, root, unsafeNames(image, index, List.of("/")));
			} finally {
				FileTrees.deleteQuietly(staging);
				operation.done();
			}
		});
	}

	/**
	 * Reads one file through a private temporary folder; the stream deletes it when closed.
	 */
	static InputStream read(WimImage image, int index, String path, Path workFolder) throws ImageException {
		return image.onThread(() -> {
			Path folder;
			try {
				Files.createDirectories(workFolder);
				folder = Files.createTempDirectory(workFolder, STAGING_PREFIX);
			} catch (IOException e) {
				throw new ImageException(image.file(), "cannot create a work folder in " + workFolder + ": "
						+ e.getMessage(), e);
			}
			boolean handedOver = false;
			try {
				WimLib.StringArray array = new WimLib.StringArray(List.of(path));
				byte[] folderName = WimLib.cstr(folder.toString());
				int code = image.wim().call(null, w -> WimLib.N.wimlib_extract_paths(w, index, folderName, array.array,
						1, WimLib.EXTRACT_FLAG_NO_PRESERVE_DIR_STRUCTURE | WimLib.EXTRACT_FLAG_NORPFIX));
				java.lang.ref.Reference.reachabilityFence(array);
				if (code != 0) {
					throw damagedOr(image, code, path, "cannot read " + path);
				}
				Path extracted;
				try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
					var iterator = children.iterator();
					if (!iterator.hasNext()) {
						throw new ImageException(image.file(), "cannot read " + path + ": wimlib extracted nothing");
					}
					extracted = iterator.next();
				}
				if (!Files.isRegularFile(extracted, LinkOption.NOFOLLOW_LINKS)) {
					throw new ImageException(image.file(), "cannot read " + path
							+ ": it is a reparse point (symbolic link or junction), not a file with data");
				}
				InputStream stream = new FilterInputStream(Files.newInputStream(extracted)) {
					@Override
					public void close() throws IOException {
						try {
							super.close();
						} finally {
							FileTrees.deleteQuietly(folder);
						}
					}
				};
				handedOver = true;
				return stream;
			} catch (ImageException e) {
				throw e;
			} catch (IOException e) {
				throw new ImageException(image.file(), "cannot read " + path + ": " + e.getMessage(), e);
			} finally {
				if (!handedOver) {
					FileTrees.deleteQuietly(folder);
				}
			}
		});
	}

	private static Path prepare(WimImage image, Path target) throws ImageException {
		Path root = target.toAbsolutePath().normalize();
		try {
			Files.createDirectories(root);
		} catch (IOException e) {
			throw new ImageException(image.file(), "cannot create the target folder " + root + ": " + org.deployforge.core.IoErrors.reason(e), e);
		}
		return root;
	}

	private static Path staging(WimImage image, Path root) throws ImageException {
		try {
			return Files.createTempDirectory(root, STAGING_PREFIX);
		} catch (IOException e) {
			throw new ImageException(image.file(), "cannot write into " + root + ": " + e.getMessage(), e);
		}
	}

	/**
	 * @return "unsafe name '..' in /x: …" for each {@code .} or {@code ..} name wimlib dropped in or below the
	 *         extracted paths (wimlib leaves them out with a warning only; see {@link Wim#dotNames})
	 */
	private static List<String> unsafeNames(WimImage image, int index, List<String> paths) throws ImageException {
		List<String> skipped = new ArrayList<>();
		for (String folder : image.dotNames(index)) {
			org.deployforge.core.ImagePath where;
			try {
				where = org.deployforge.core.ImagePath.parse(folder);
			} catch (ImageException e) {
				where = null;
			}
			for (String path : paths) {
				org.deployforge.core.ImagePath extracted = org.deployforge.core.ImagePath.parse(path);
				if (where == null || extracted.contains(where)) {
					skipped.add(dotNameReason(folder));
					break;
				}
			}
		}
		return skipped;
	}

	/** @return why an entry named {@code .} or {@code ..} in {@code folder} is not extracted (nor listed) */
	static String dotNameReason(String folder) {
		return "unsafe name '..' (or '.') in " + folder + ": it would climb out of its folder; wimlib left it out";
	}

	private static ExtractResult finish(WimImage image, Path staging, Path root, List<String> skipped)
			throws ImageException {
		try {
			HostFiles.Counts counts = new HostFiles.Counts();
			HostFiles.count(staging, counts);
			HostFiles.moveChildren(image.file(), staging, root);
			return new ExtractResult(counts.files, counts.folders, counts.bytes, skipped);
		} catch (ImageException e) {
			throw e;
		} catch (IOException e) {
			throw new ImageException(image.file(), "cannot move the extracted files into " + root + ": "
					+ e.getMessage(), e);
		}
	}

	private static void failIfNeeded(WimImage image, int index, List<String> paths, WimOperation operation, int code,
			String action) throws ImageException {
		if (code == 0) {
			if (operation.isCanceled()) {
				throw new OperationCanceledException();
			}
			return;
		}
		if (code == WimErrors.ERR_ABORTED_BY_PROGRESS) {
			throw new OperationCanceledException();
		}
		if (code == WimErrors.ERR_INVALID_RESOURCE_HASH || code == WimErrors.ERR_DECOMPRESSION) {
			String damaged = findDamaged(image, index, paths);
			if (damaged != null) {
				throw damagedOr(image, code, damaged, action + " " + damaged);
			}
		}
		throw WimErrors.exception(code, image.file(), action + " " + String.join(", ", paths));
	}

	private static ImageException damagedOr(WimImage image, int code, String path, String action) {
		if (code == WimErrors.ERR_INVALID_RESOURCE_HASH || code == WimErrors.ERR_DECOMPRESSION) {
			return new CorruptImageException(image.file(), action + ": the data of " + path + " is damaged ("
					+ (code == WimErrors.ERR_INVALID_RESOURCE_HASH ? "it does not match its SHA-1"
							: "it cannot be decompressed")
					+ "); nothing was written for it (wimlib: " + WimLib.errorString(code) + ", code " + code + ")");
		}
		return WimErrors.exception(code, image.file(), action);
	}

	/**
	 * Finds the first damaged file below {@code paths} by extracting halves of the file list into a scratch folder
	 * (only on the error path: about as much work again as the failed extraction).
	 */
	private static @Nullable String findDamaged(WimImage image, int index, List<String> paths) throws ImageException {
		List<String> files = new ArrayList<>();
		for (String path : paths) {
			image.wim().iterate(index, path, WimLib.ITERATE_DIR_TREE_FLAG_RECURSIVE, entry -> {
				if (!entry.directory() && entry.size() > 0 && !entry.isReparsePoint()) {
					files.add(entry.path());
				}
				return true;
			});
		}
		if (files.isEmpty()) {
			return null;
		}
		Path scratch;
		try {
			scratch = Files.createTempDirectory("deployforge-wim-check-");
		} catch (IOException e) {
			return null;
		}
		try {
			List<String> suspects = files;
			if (!fails(image, index, suspects, scratch)) {
				return null;
			}
			while (suspects.size() > 1) {
				List<String> half = suspects.subList(0, suspects.size() / 2);
				suspects = fails(image, index, half, scratch) ? half : suspects.subList(half.size(), suspects.size());
			}
			return suspects.get(0);
		} finally {
			FileTrees.deleteQuietly(scratch);
		}
	}

	private static boolean fails(WimImage image, int index, List<String> files, Path scratch) {
		Path folder;
		try {
			folder = Files.createTempDirectory(scratch, "try-");
		} catch (IOException e) {
			return false;
		}
		try {
			WimLib.StringArray array = new WimLib.StringArray(files);
			byte[] folderName = WimLib.cstr(folder.toString());
			int code = image.wim().call(null, w -> WimLib.N.wimlib_extract_paths(w, index, folderName, array.array,
					array.size(), WimLib.EXTRACT_FLAG_NORPFIX));
			java.lang.ref.Reference.reachabilityFence(array);
			return code == WimErrors.ERR_INVALID_RESOURCE_HASH || code == WimErrors.ERR_DECOMPRESSION;
		} finally {
			FileTrees.deleteQuietly(folder);
		}
	}

	/** @return whether {@code entry} can be read as a stream */
	static boolean readable(ImageEntry entry) {
		return !entry.directory() && !entry.isReparsePoint();
	}
}
