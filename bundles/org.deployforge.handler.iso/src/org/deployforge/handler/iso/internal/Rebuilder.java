package org.deployforge.handler.iso.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.CommitResult;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.FileTrees;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageService;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.PendingChange;
import org.deployforge.core.capability.InstallWimSplitCapability;
import org.deployforge.core.capability.SplitCapability;
import org.deployforge.handler.iso.internal.Genisoimage.BootImage;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Writes a new ISO from the original plus staged changes.
 * <ul>
 * <li>ISO 9660-only media (no UDF, no file over 4 GiB): {@code xorriso -indev ORIGINAL -outdev NEW -boot_image any
 * replay} with the changes as xorriso commands ({@code -map}, {@code -rm_r}, {@code -mv}); xorriso carries the boot
 * entries, Rock Ridge and Joliet over itself.</li>
 * <li>Media with UDF (every Windows install medium), or once a file exceeds 4 GiB: the tree is extracted to a work
 * folder beside the destination, the changes are applied there, and {@code genisoimage} writes ISO 9660 + Joliet +
 * UDF with every El Torito entry of the original: the boot image files as they are, or, for boot images that are
 * not visible as files, the sectors named by the catalog's load RBA and sector count.</li>
 * </ul>
 * Both write beside the destination and rename over it ({@link AtomicReplace}); the new ISO's descriptors are read
 * back, its boot images compared byte-for-byte with the originals, and the result names the tool and the file
 * systems.
 */
final class Rebuilder {

	private static final long FOUR_GIB = 0xFFFF_FFFFL;

	private final IsoImage image;
	private final IsoHandler handler;
	private final Path file;

	Rebuilder(IsoImage image, IsoHandler handler) {
		this.image = image;
		this.handler = handler;
		this.file = image.file();
	}

	/**
	 * @param splitPartBytes 0, or the largest part when {@code sources/install.wim} is to be split into .swm parts
	 */
	CommitResult rebuild(Path destination, List<PendingChange> changes, long splitPartBytes, IProgressMonitor monitor)
			throws ImageException {
		SubMonitor progress = SubMonitor.convert(monitor, "Rebuilding " + file.getFileName(), 100);
		boolean bigFile = largestFile(changes) > FOUR_GIB;
		if (!image.facts().udf() && !bigFile && splitPartBytes == 0) {
			return withXorriso(destination, changes, progress);
		}
		return withGenisoimage(destination, changes, splitPartBytes, bigFile, progress);
	}

	private long largestFile(List<PendingChange> changes) throws ImageException {
		long largest = 0;
		for (var raw : image.listing().raw()) {
			largest = Math.max(largest, raw.streamBytes());
		}
		for (PendingChange change : changes) {
			if (change.kind() == PendingChange.Kind.ADD && change.source() != null) {
				try {
					largest = Math.max(largest, HostFiles.sizeAndLargest(change.source())[1]);
				} catch (IOException e) {
					throw new ImageException(file, "cannot read " + change.source() + ": " + e.getMessage(), e);
				}
			}
		}
		return largest;
	}

	private CommitResult withXorriso(Path destination, List<PendingChange> changes, SubMonitor progress)
			throws ImageException {
		List<String> command = new ArrayList<>(List.of("xorriso", "-abort_on", "FAILURE", "-iso_rr_pattern", "off",
				"-disk_pattern", "off", "-indev", file.toString()));
		try (AtomicReplace output = AtomicReplace.beside(destination)) {
			Files.deleteIfExists(output.temporary());
			command.addAll(List.of("-outdev", "stdio:" + output.temporary(), "-boot_image", "any", "replay", "-volid",
					image.facts().isoVolumeId()));
			if (image.facts().jolietLevel() > 0) {
				command.addAll(List.of("-joliet", "on"));
			}
			List<PendingChange> applied = new ArrayList<>();
			for (PendingChange change : changes) {
				ImagePath path = ImagePath.parse(change.path());
				switch (change.kind()) {
				case ADD -> {
					if (existsAfter(applied, path)) {
						command.addAll(List.of("-rm_r", path.toString(), "--"));
					}
					command.addAll(List.of("-map", String.valueOf(change.source()), path.toString()));
				}
				case REMOVE -> command.addAll(List.of("-rm_r", path.toString(), "--"));
				case RENAME -> {
					ImagePath target = ImagePath.parse(String.valueOf(change.target()));
					ImagePath parent = target.parent();
					if (parent != null && !parent.isRoot() && !existsAfter(applied, parent)) {
						command.addAll(List.of("-mkdir", parent.toString(), "--"));
					}
					if (existsAfter(applied, target)) {
						command.addAll(List.of("-rm_r", target.toString(), "--"));
					}
					command.addAll(List.of("-mv", path.toString(), target.toString(), "--"));
				}
				default -> {
				}
				}
				applied.add(change);
			}
			command.add("-commit");
			command.add("-end");
			Tool.ok(file, command, progress.split(90));
			List<String> notes = new ArrayList<>();
			notes.add("rebuilt by xorriso (-boot_image any replay) from the original ISO plus " + changes.size()
					+ (changes.size() == 1 ? " change" : " changes"));
			describeResult(output.temporary(), notes, null);
			output.commit();
			progress.done();
			return new CommitResult(destination, changes.size(), size(destination), notes);
		} catch (IOException e) {
			if (e instanceof ImageException known) {
				throw known; // names the file once, with its own reason
			}
			throw new ImageException(file, "cannot rebuild: " + org.deployforge.core.IoErrors.reason(e), e);
		}
	}

	/** Whether {@code path} exists after the original plus {@code applied}, for the xorriso command list. */
	private boolean existsAfter(List<PendingChange> applied, ImagePath path) throws ImageException {
		return image.existsAfter(path, applied, applied.size());
	}

	private CommitResult withGenisoimage(Path destination, List<PendingChange> changes, long splitPartBytes,
			boolean bigFile, SubMonitor progress) throws ImageException {
		Path absolute = destination.toAbsolutePath();
		Path folder = absolute.getParent();
		Path work;
		try {
			work = Files.createTempDirectory(folder, "." + absolute.getFileName() + ".work-");
		} catch (IOException e) {
			throw new ImageException(file, "cannot create a work folder in " + folder + ": " + e.getMessage(), e);
		}
		try (AtomicReplace output = AtomicReplace.beside(destination)) {
			Path tree = Files.createDirectory(work.resolve("tree"));
			ExtractResult extracted = IsoExtractor.extract(file, image.listing(), List.of(ImagePath.ROOT), tree,
					progress.split(40));
			if (!extracted.skipped().isEmpty()) {
				throw new ImageException(file, "cannot rebuild: " + extracted.skipped().size()
						+ " entries cannot be carried into a new ISO, e.g. " + extracted.skipped().get(0));
			}
			String catalogPath = image.bootCatalogPath();
			if (catalogPath != null) {
				FileTrees.delete(ImagePath.parse(catalogPath).resolveUnder(tree));
			}
			List<ElToritoEntry> entries = image.bootEntries();
			List<Path> saved = new ArrayList<>();
			for (ElToritoEntry entry : entries) {
				Path copy = work.resolve("boot-" + entry.number() + ".img");
				Path inTree = entry.imagePath() == null ? null : ImagePath.parse(entry.imagePath()).resolveUnder(tree);
				if (inTree != null && Files.isRegularFile(inTree, LinkOption.NOFOLLOW_LINKS)) {
					Files.copy(inTree, copy);
				} else {
					bootSectors(entry, copy);
				}
				saved.add(copy);
			}
			for (PendingChange change : changes) {
				apply(tree, change);
			}
			if (progress.isCanceled()) {
				throw new OperationCanceledException();
			}
			List<String> notes = new ArrayList<>();
			if (splitPartBytes > 0) {
				split(tree, splitPartBytes, notes, progress.split(20));
			}
			List<BootImage> boots = new ArrayList<>();
			List<String> hidden = new ArrayList<>();
			List<byte[]> expected = new ArrayList<>();
			for (int i = 0; i < entries.size(); i++) {
				ElToritoEntry entry = entries.get(i);
				String relative = null;
				if (entry.imagePath() != null) {
					Path inTree = ImagePath.parse(entry.imagePath()).resolveUnder(tree);
					if (Files.isRegularFile(inTree, LinkOption.NOFOLLOW_LINKS)) {
						relative = ImagePath.parse(entry.imagePath()).toString().substring(1);
						byte[] now = Files.readAllBytes(inTree);
						byte[] before = Files.readAllBytes(saved.get(i));
						expected.add(Arrays.equals(now, before) ? before : null);
					}
				}
				if (relative == null) {
					relative = ".deployforge-boot-" + entry.number() + ".img";
					Files.copy(saved.get(i), tree.resolve(relative));
					hidden.add(relative);
					expected.add(Files.readAllBytes(saved.get(i)));
				}
				boots.add(new BootImage(relative, entry.platform(), entry.emulation(), entry.loadSegment(),
						entry.emulation() == 0 && entry.platform() != ElToritoEntry.PLATFORM_UEFI ? entry.sectorCount() : 0));
			}
			String label = image.facts().volumeLabel();
			if (label.length() > 32) {
				label = label.substring(0, 32);
			}
			boolean rockRidge = image.rockRidge();
			List<String> command;
			try {
				command = Genisoimage.command(tree, output.temporary(), label, boots, rockRidge, hidden);
			} catch (Genisoimage.UnsupportedBootException e) {
				throw new ImageException(file, "cannot rebuild: " + e.getMessage(), e);
			}
			Tool.ok(file, command, progress.split(35));
			notes.add(0, "rebuilt by genisoimage from the original ISO"
					+ (changes.isEmpty() ? "" : " plus " + changes.size() + (changes.size() == 1 ? " change" : " changes"))
					+ (splitPartBytes > 0 ? " with install.wim split into .swm parts" : "") + " (UDF bridge kept because "
					+ (image.facts().udf() ? "the original carries UDF" : bigFile ? "a file exceeds 4 GiB"
							: "split install.wim media are UDF media") + ")");
			describeResult(output.temporary(), notes, expected);
			output.commit();
			progress.done();
			return new CommitResult(destination, changes.size() + (splitPartBytes > 0 ? 1 : 0), size(destination),
					notes);
		} catch (IOException e) {
			if (e instanceof ImageException known) {
				throw known; // names the file once, with its own reason
			}
			throw new ImageException(file, "cannot rebuild: " + org.deployforge.core.IoErrors.reason(e), e);
		} finally {
			FileTrees.deleteQuietly(work);
		}
	}

	/** Copies the sectors of a boot image that is not visible as a file: load RBA, length from the catalog. */
	private void bootSectors(ElToritoEntry entry, Path copy) throws ImageException, IOException {
		long bytes = switch (entry.emulation()) {
		case 1 -> 1_228_800L;
		case 2 -> 1_474_560L;
		case 3 -> 2_949_120L;
		default -> Math.max(1, entry.sectorCount()) * 512L;
		};
		try (Sectors sectors = new Sectors(file)) {
			if (entry.emulation() == 4) {
				byte[] mbr = sectors.read(entry.loadRba() * Sectors.SIZE, 512, "boot image " + entry.number());
				long end = 0;
				for (int p = 0; p < 4; p++) {
					int offset = 446 + p * 16;
					end = Math.max(end, Sectors.u32le(mbr, offset + 8) + Sectors.u32le(mbr, offset + 12));
				}
				bytes = Math.max(512, end * 512);
			}
			bytes = Math.min(bytes, sectors.size() - entry.loadRba() * Sectors.SIZE);
			Files.write(copy, sectors.read(entry.loadRba() * Sectors.SIZE, (int) Math.min(bytes, Integer.MAX_VALUE - 8),
					"boot image " + entry.number()));
		}
	}

	private void apply(Path tree, PendingChange change) throws ImageException, IOException {
		Path path = ImagePath.parse(change.path()).resolveUnder(tree);
		switch (change.kind()) {
		case ADD -> {
			Path source = change.source();
			if (source == null || !Files.exists(source)) {
				throw new ImageException(file, "cannot add " + source + ": it no longer exists");
			}
			FileTrees.delete(path);
			Files.createDirectories(path.getParent());
			HostFiles.copyRecursively(source, path);
		}
		case REMOVE -> FileTrees.delete(path);
		case RENAME -> {
			Path target = ImagePath.parse(String.valueOf(change.target())).resolveUnder(tree);
			if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
				throw new ImageException(file, "cannot rename " + change.path() + ": it does not exist");
			}
			FileTrees.delete(target);
			Files.createDirectories(target.getParent());
			Files.move(path, target);
		}
		default -> {
		}
		}
	}

	/** Replaces sources/install.wim by install.swm parts, through the WIM handler's SplitCapability if installed. */
	private void split(Path tree, long partBytes, List<String> notes, SubMonitor progress) throws ImageException,
			IOException {
		Path sources = findIgnoringCase(tree, "sources");
		Path wim = sources == null ? null : findIgnoringCase(sources, "install.wim");
		if (wim == null) {
			throw new ImageException(file, "no sources/install.wim to split"
					+ (sources != null && findIgnoringCase(sources, "install.esd") != null
							? " (this medium holds install.esd, which is solid-compressed and usually fits FAT32)"
							: ""));
		}
		long wimBytes = Files.size(wim);
		if (wimBytes <= partBytes) {
			throw new ImageException(file, IsoImage.noSplitNeeded(wimBytes, partBytes));
		}
		Path firstPart = wim.resolveSibling("install.swm");
		String tool = null;
		ImageService service = handler.imageService();
		if (service != null) {
			try (Image wimImage = service.open(wim, OpenOptions.READ_ONLY)) {
				Optional<SplitCapability> capability = wimImage.capability(SplitCapability.class);
				if (capability.isPresent()) {
					capability.get().split(firstPart, partBytes, progress);
					tool = "the " + wimImage.handlerId() + " handler (SplitCapability)";
				}
			} catch (org.deployforge.core.NoHandlerException e) {
				// no WIM handler installed right now: wimlib-imagex below
			}
		}
		if (tool == null) {
			long mebibytes = Math.max(1, partBytes / (1024 * 1024));
			Tool.ok(file, List.of("wimlib-imagex", "split", wim.toString(), firstPart.toString(),
					Long.toString(mebibytes)), progress);
			tool = "wimlib-imagex split (no WIM handler with SplitCapability is installed)";
		}
		Files.delete(wim);
		List<String> parts = new ArrayList<>();
		try (Stream<Path> listing = Files.list(wim.getParent())) {
			for (Path part : listing.sorted().toList()) {
				String name = part.getFileName().toString().toLowerCase(Locale.ROOT);
				if (name.matches("install\\d*\\.swm")) {
					long size = Files.size(part);
					if (size > InstallWimSplitCapability.FAT32_MAX_FILE_BYTES) {
						throw new ImageException(file, "split part " + part.getFileName() + " is " + size
								+ " bytes, over the FAT32 limit: a single file in install.wim is larger than 4 GiB");
					}
					parts.add(part.getFileName() + " (" + size + " bytes)");
				}
			}
		}
		notes.add("sources/install.wim (" + wimBytes + " bytes) split by " + tool + " into " + parts.size()
				+ (parts.size() == 1 ? " part: " : " parts: ") + String.join(", ", parts));
	}

	private static @Nullable Path findIgnoringCase(Path folder, String name) throws IOException {
		Path exact = folder.resolve(name);
		if (Files.exists(exact, LinkOption.NOFOLLOW_LINKS)) {
			return exact;
		}
		try (Stream<Path> children = Files.list(folder)) {
			return children.filter(child -> child.getFileName().toString().equalsIgnoreCase(name)).findFirst()
					.orElse(null);
		}
	}

	/**
	 * Reads the new ISO back with our own readers and says what it carries; checks each boot image byte-for-byte.
	 *
	 * @param expected per boot entry, the bytes its image must hold, or null where a staged change replaced it
	 */
	private void describeResult(Path written, List<String> notes, @Nullable List<byte[]> expected)
			throws ImageException {
		try (Sectors sectors = new Sectors(written)) {
			IsoFacts facts = IsoFacts.read(sectors);
			List<String> systems = new ArrayList<>();
			if (facts.iso9660()) {
				systems.add(facts.enhanced() ? "ISO 9660 level 4 (ISO 9660:1999)" : "ISO 9660");
			}
			if (facts.jolietLevel() > 0) {
				systems.add("Joliet level " + facts.jolietLevel());
			}
			if (facts.primaryRoot() != null) {
				String rockRidge = Iso9660Scan.walk(sectors, facts.primaryRoot(), false, false).rockRidge();
				if (!rockRidge.isEmpty()) {
					systems.add("Rock Ridge");
				}
			}
			if (facts.udf()) {
				systems.add("UDF " + facts.udfRevisionText());
			}
			notes.add("file systems: " + String.join(" + ", systems) + "; volume label '" + facts.volumeLabel() + "'");
			if (facts.bootCatalogSector() < 0) {
				notes.add("no El Torito boot catalog");
				return;
			}
			List<ElToritoEntry> entries = ElToritoCatalog.read(sectors, facts.bootCatalogSector());
			int verified = 0;
			for (int i = 0; i < entries.size(); i++) {
				ElToritoEntry entry = entries.get(i);
				notes.add("El Torito entry " + entry.number() + ": " + entry.platformName() + ", " + entry.emulationName()
						+ ", " + entry.sectorCount() + " sectors, LBA " + entry.loadRba());
				if (expected != null && i < expected.size() && expected.get(i) != null) {
					byte[] want = expected.get(i);
					byte[] have = sectors.read(entry.loadRba() * Sectors.SIZE, want.length, "boot image " + entry.number());
					if (!Arrays.equals(want, have)) {
						throw new ImageException(file, "the rebuilt ISO's boot image " + entry.number()
								+ " differs from the original: the new ISO was not kept");
					}
					verified++;
				}
			}
			if (expected != null && verified > 0) {
				notes.add(verified + " boot image" + (verified == 1 ? "" : "s") + " verified byte-for-byte against the original");
			}
		}
	}

	private static long size(Path path) throws ImageException {
		try {
			return Files.size(path);
		} catch (IOException e) {
			throw new ImageException(path, "cannot read the size of the new ISO: " + e.getMessage(), e);
		}
	}
}
