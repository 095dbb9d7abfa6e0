package org.deployforge.handler.wim.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.ProbeInput;
import org.deployforge.core.capability.CaptureCapability;
import org.deployforge.core.capability.Compression;
import org.deployforge.core.capability.HandlerCapability;
import org.deployforge.core.capability.JoinCapability;
import org.deployforge.wimlib.internal.Wim;
import org.deployforge.wimlib.internal.WimInfo;
import org.deployforge.wimlib.internal.WimLib;
import org.deployforge.wimlib.internal.WimOperation;
import org.deployforge.wimlib.internal.WimThread;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Component;

/**
 * The WIM family handler (WIM, ESD, SWM, PPKG) on wimlib ({@code libwim.so.15}). Recognises the {@code MSWIM\0\0\0}
 * header (and the pipable {@code WLPWM\0\0\0}) with certainty; offers capture and join without an open image.
 */
@Component(service = ImageHandler.class, name = "org.deployforge.handler.wim")
public final class WimHandler implements ImageHandler, CaptureCapability, JoinCapability {

	public static final String ID = "wim";
	/** WIM header {@code dwVersion} of solid ("ESD") files. */
	static final int WIM_VERSION_SOLID = 0xE00;

	private static final byte[] MAGIC = "MSWIM\0\0\0".getBytes(StandardCharsets.US_ASCII);
	private static final byte[] PIPABLE_MAGIC = "WLPWM\0\0\0".getBytes(StandardCharsets.US_ASCII);

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String displayName() {
		return "WIM, ESD and split WIM (wimlib)";
	}

	@Override
	public List<ImageFormat> formats() {
		return List.of(KnownFormats.WIM, KnownFormats.ESD, KnownFormats.SWM, KnownFormats.PPKG);
	}

	@Override
	public int probe(ProbeInput input) {
		return input.startsWith(MAGIC) || input.startsWith(PIPABLE_MAGIC) ? 100 : 0;
	}

	@Override
	public Image open(Path file, OpenOptions options) throws ImageException {
		ImageFormat format = KnownFormats.WIM;
		try {
			format = KnownFormats.recognise(ProbeInput.read(file)).orElse(KnownFormats.WIM);
		} catch (IOException e) {
			// reported by the open below with the file name
		}
		return WimImage.open(file, format, options);
	}

	@Override
	public <T extends HandlerCapability> Optional<T> capability(Class<T> type) {
		return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
	}

	static int compressionType(Compression compression) {
		return switch (compression) {
		case NONE -> WimLib.COMPRESSION_NONE;
		case XPRESS -> WimLib.COMPRESSION_XPRESS;
		case LZX -> WimLib.COMPRESSION_LZX;
		case LZMS -> WimLib.COMPRESSION_LZMS;
		};
	}

	/**
	 * Captures {@code sourceDirectory} ({@code wimlib_add_image}) into a new file or as a new image appended to an
	 * existing one; either way a complete new file is written beside the destination and renamed over it.
	 */
	@Override
	public int capture(Path sourceDirectory, Path destination, CaptureOptions options,
			@Nullable IProgressMonitor monitor) throws ImageException {
		Path source = sourceDirectory.toAbsolutePath().normalize();
		Path target = destination.toAbsolutePath().normalize();
		if (!Files.isDirectory(source)) {
			throw new ImageException(target, "cannot capture " + source + ": it is not a folder");
		}
		if (options.name().isBlank()) {
			throw new ImageException(target, "a captured image needs a name");
		}
		boolean exists = Files.exists(target);
		if (options.append() && !exists) {
			throw new ImageException(target, "cannot append: the file does not exist");
		}
		if (!options.append() && exists) {
			throw new ImageException(target, "already exists; append to it or choose another name");
		}
		int compression = compressionType(options.compression());
		try (WimThread thread = new WimThread("capture " + target.getFileName())) {
			return thread.call(() -> {
				WimOperation operation = new WimOperation(monitor, "Capturing " + source);
				try (Wim wim = options.append() ? Wim.open(target, WimLib.OPEN_FLAG_WRITE_ACCESS, null)
						: Wim.create(target, compression); AtomicReplace replace = AtomicReplace.beside(target)) {
					if (options.append()) {
						// the rewrite copies the images already there first; show the progress of the new data only
						long[] existing = { 0 };
						wim.blobs(blob -> {
							if (!blob.metadata()) {
								existing[0] += blob.uncompressedSize();
							}
						});
						operation.countOnlyNewData(existing[0]);
					}
					wim.check(operation, "cannot capture " + source, w -> WimLib.N.wimlib_add_image(w,
							WimLib.cstr(source.toString()), WimLib.cstr(options.name()), null, 0));
					WimInfo info = wim.info();
					int index = info.imageCount();
					String description = options.description();
					if (description != null && !description.isEmpty()) {
						wim.check(null, "cannot set the description", w -> WimLib.N.wimlib_set_image_descripton(w,
								index, WimLib.cstr(description)));
					}
					// fsync before the rename only when an existing file is replaced (append), as wimlib_overwrite does; a
					// new file is renamed into place unsynced, as wimlib-imagex capture leaves it
					int flags = options.append() ? WimLib.WRITE_FLAG_FSYNC : 0;
					if (options.solid()) {
						flags |= WimLib.WRITE_FLAG_SOLID;
						int pack = compression == WimLib.COMPRESSION_NONE ? WimLib.COMPRESSION_LZMS : compression;
						wim.check(null, "cannot set the solid compression",
								w -> WimLib.N.wimlib_set_output_pack_compression_type(w, pack));
					}
					if (options.append()) {
						flags |= WimLib.WRITE_FLAG_RETAIN_GUID;
					}
					int writeFlags = flags;
					byte[] path = WimLib.cstr(replace.temporary().toString());
					wim.check(operation, "cannot write " + target,
							w -> WimLib.N.wimlib_write(w, path, WimLib.ALL_IMAGES, writeFlags, 0));
					if (operation.isCanceled()) {
						throw new OperationCanceledException();
					}
					replace.commit();
					return index;
				} finally {
					operation.done();
				}
			});
		}
	}

	/** Joins a split set ({@code wimlib_join_with_progress}) into a new file written beside, then renamed. */
	@Override
	public void join(Path firstPart, Path destination, @Nullable IProgressMonitor monitor) throws ImageException {
		Path first = firstPart.toAbsolutePath().normalize();
		Path target = destination.toAbsolutePath().normalize();
		if (!Files.isRegularFile(first)) {
			throw new ImageException(first, "no such file");
		}
		if (Files.exists(target)) {
			throw new ImageException(target, "already exists; choose another name");
		}
		try (WimThread thread = new WimThread("join " + target.getFileName())) {
			thread.call(() -> {
				List<Path> parts;
				try (Wim wim = Wim.open(first, 0, null)) {
					WimInfo info = wim.info();
					if (info.partNumber() != 1) {
						throw new ImageException(first, "this is part " + info.partNumber() + " of "
								+ info.totalParts() + "; give the first part");
					}
					parts = SplitParts.all(first, info.totalParts());
				}
				WimLib.StringArray names = new WimLib.StringArray(parts.stream().map(Path::toString).toList());
				WimOperation operation = new WimOperation(monitor, "Joining into " + target.getFileName());
				org.deployforge.wimlib.internal.WimProgress progress = new org.deployforge.wimlib.internal.WimProgress();
				progress.attach(operation);
				try (AtomicReplace replace = AtomicReplace.beside(target)) {
					int code = WimLib.N.wimlib_join_with_progress(names.array, names.size(),
							WimLib.cstr(replace.temporary().toString()), 0, 0, progress, null); // a new file: see capture
					java.lang.ref.Reference.reachabilityFence(progress);
					java.lang.ref.Reference.reachabilityFence(names);
					if (code == org.deployforge.wimlib.internal.WimErrors.ERR_ABORTED_BY_PROGRESS
							|| operation.isCanceled()) {
						throw new OperationCanceledException();
					}
					if (code != 0) {
						throw org.deployforge.wimlib.internal.WimErrors.exception(code, first,
								"cannot join the split set");
					}
					replace.commit();
				} finally {
					operation.done();
				}
				return null;
			});
		}
	}
}
