package org.deployforge.handler.iso.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.deployforge.core.CommitResult;
import org.deployforge.core.CorruptImageException;
import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.EntryVisitor;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageTree;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.LeftOutEntry;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.PendingChange;
import org.deployforge.core.UnsafePathException;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.ImageCapability;
import org.deployforge.core.capability.InstallEditionsCapability;
import org.deployforge.core.capability.InstallWimSplitCapability;
import org.deployforge.handler.iso.internal.IsoListing.Node;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * An open ISO: the facts from our own descriptor readers ({@link IsoFacts}, {@link ElToritoCatalog},
 * {@link Iso9660Scan}), files by our own readers (UDF, {@link UdfFileSystem}, when the ISO carries a readable UDF
 * volume, else ISO 9660 with Joliet or Rock Ridge names, {@link Iso9660Scan}), through {@code 7zz} where our UDF
 * reader declines a feature or when asked ({@link #READER_PARAMETER}); staged changes written by {@link Rebuilder}.
 */
final class IsoImage implements Image, InstallWimSplitCapability, InstallEditionsCapability {

	private final IsoHandler handler;
	private final Path file;
	private final OpenOptions options;
	private final List<PendingChange> changes = new ArrayList<>();
	private IsoFacts facts;
	private List<ElToritoEntry> boot;
	private @Nullable String bootProblem;
	private @Nullable Iso9660Scan scan;
	private @Nullable IsoListing listing;
	private boolean contentMatched;
	private @Nullable String udfUnreadable;
	private @Nullable String why7zz;
	private @Nullable InstallEditions editions;

	IsoImage(IsoHandler handler, Path file, OpenOptions options) throws ImageException {
		this.handler = handler;
		this.file = file;
		this.options = options;
		load();
	}

	private void load() throws ImageException {
		if (!Files.isRegularFile(file)) {
			throw new ImageException(file, Files.exists(file) ? "is not a regular file" : "no such file");
		}
		try (Sectors sectors = new Sectors(file)) {
			IsoFacts read = IsoFacts.read(sectors);
			Iso9660Scan walked = null;
			// the listing comes from UDF where UDF is readable: then the walks only name boot images and give facts
			boolean collect = !read.udf();
			if (read.jolietRoot() != null) {
				walked = Iso9660Scan.walk(sectors, read.jolietRoot(), true, collect);
			}
			Iso9660Scan primary = read.primaryRoot() == null ? null
					: Iso9660Scan.walk(sectors, read.primaryRoot(), false, collect && walked == null);
			if (walked == null) {
				walked = primary;
			} else if (primary != null) {
				walked = new Iso9660Scan(walked.fileStarts(), walked.files(), walked.directories(),
						walked.multiExtent() || primary.multiExtent(), primary.longestName(), primary.rockRidge(),
						walked.raws(), walked.damage());
			}
			List<ElToritoEntry> entries = new ArrayList<>();
			String problem = null;
			if (read.bootCatalogSector() >= 0) {
				try {
					for (ElToritoEntry entry : ElToritoCatalog.read(sectors, read.bootCatalogSector())) {
						entries.add(walked == null ? entry : entry.withImagePath(walked.fileStarts().get(entry.loadRba())));
					}
				} catch (CorruptImageException e) {
					problem = e.reason();
				}
			}
			this.facts = read;
			this.scan = walked;
			this.boot = entries;
			this.bootProblem = problem;
			this.listing = null;
			this.contentMatched = false;
			this.udfUnreadable = null;
			this.why7zz = null;
			this.editions = null;
		}
	}

	OpenOptions options() {
		return options;
	}

	IsoFacts facts() {
		return facts;
	}

	/** @return the boot entries, with image paths found by location or (for UDF-only files) by content */
	List<ElToritoEntry> bootEntries() throws ImageException {
		if (!contentMatched) {
			contentMatched = true;
			List<ElToritoEntry> matched = new ArrayList<>();
			for (ElToritoEntry entry : boot) {
				matched.add(entry.imagePath() == null ? entry.withImagePath(matchByContent(entry)) : entry);
			}
			boot = matched;
		}
		return boot;
	}

	/**
	 * Microsoft media keep their files in UDF only, so the ISO 9660 walk cannot name the boot images: compare the
	 * first sectors of the boot image with the Windows boot files the UDF tree holds.
	 */
	private @Nullable String matchByContent(ElToritoEntry entry) throws ImageException {
		int length = (int) Math.min(Math.max(entry.sectorCount(), 1) * 512L, 64 * 1024);
		byte[] image;
		try (Sectors sectors = new Sectors(file)) {
			if (entry.loadRba() * Sectors.SIZE + length > sectors.size()) {
				return null;
			}
			image = sectors.read(entry.loadRba() * Sectors.SIZE, length, "boot image " + entry.number());
		}
		for (String candidate : WindowsMedia.BOOT_FILES) {
			Optional<ImageEntry> found = findIgnoringCase(candidate);
			if (found.isEmpty() || found.get().size() < length) {
				continue;
			}
			try (InputStream in = tree(1).read(found.get().path())) {
				byte[] start = in.readNBytes(length);
				if (java.util.Arrays.equals(start, image)) {
					return found.get().path();
				}
			} catch (java.io.IOException e) {
				// not readable: not a match
			}
		}
		return null;
	}

	/** @return the boot catalog's own path when it is visible as a file ({@code /boot.catalog}), else null */
	@Nullable
	String bootCatalogPath() {
		return scan == null || facts.bootCatalogSector() < 0 ? null : scan.fileStarts().get(facts.bootCatalogSector());
	}

	/**
	 * Open parameter (or system property {@code deployforge.iso.reader}): {@code "7zz"} lists and reads files through
	 * {@code 7zz} instead of our own UDF and ISO 9660 readers: a cross-check, and a way round a reader problem.
	 */
	static final String READER_PARAMETER = "iso.reader";
	static final String READER_7ZZ = "7zz";

	synchronized IsoListing listing() throws ImageException {
		if (listing == null) {
			boolean sevenZip = READER_7ZZ.equals(options.parameters().getOrDefault(READER_PARAMETER,
					System.getProperty("deployforge." + READER_PARAMETER, "")));
			if (sevenZip) {
				why7zz = READER_PARAMETER + "=" + READER_7ZZ;
			}
			if (facts.udf()) {
				try {
					listing = sevenZip ? IsoListing.read(file, "udf", false) : ownUdf();
				} catch (CorruptImageException e) {
					if (!facts.iso9660()) {
						throw e;
					}
					// the UDF volume is announced and anchored but damaged: the ISO 9660 side may still be whole
					udfUnreadable = e.reason();
					listing = sevenZip ? IsoListing.read(file, "iso", facts.bootCatalogSector() >= 0) : iso9660Listing();
				}
			} else {
				listing = sevenZip ? IsoListing.read(file, "iso", facts.bootCatalogSector() >= 0) : iso9660Listing();
			}
		}
		return listing;
	}

	/** The ISO 9660 tree (Joliet names where present, else Rock Ridge names) as our own walk found it. */
	private IsoListing iso9660Listing() throws ImageException {
		return ownListing("iso", iso9660Raws());
	}

	/**
	 * @return the entries of the ISO 9660 tree (Joliet where present), walked again when the open walk skipped them
	 * @throws CorruptImageException when the directory hierarchy is damaged (a folder loops back)
	 */
	private List<IsoListing.Raw> iso9660Raws() throws ImageException {
		Iso9660Scan walked = scan;
		if (facts.udf() || walked == null) {
			IsoFacts.Extent root = facts.jolietRoot() != null ? facts.jolietRoot() : facts.primaryRoot();
			if (root == null) {
				throw new CorruptImageException(file, "no readable file system: neither UDF nor ISO 9660");
			}
			try (Sectors sectors = new Sectors(file)) {
				walked = Iso9660Scan.walk(sectors, root, facts.jolietRoot() != null, true);
			}
		}
		if (walked.damage() != null) {
			throw new CorruptImageException(file, (facts.jolietRoot() != null ? "Joliet" : "ISO 9660") + ": "
					+ walked.damage());
		}
		return walked.raws();
	}

	/**
	 * @return the listing of our own reader, once every file's data is known to lie inside the ISO
	 * @throws CorruptImageException naming the first file that does not (and the truncation, if the ISO 9660 volume
	 *                               space says the file should be longer)
	 */
	private IsoListing ownListing(String type, List<IsoListing.Raw> raws) throws ImageException {
		long size;
		try {
			size = Files.size(file);
		} catch (java.io.IOException e) {
			throw new ImageException(file, "cannot read the file size: " + e.getMessage(), e);
		}
		for (IsoListing.Raw raw : raws) {
			if (raw.data != null) {
				try {
					raw.data.check(file, size, "/" + raw.rawPath);
				} catch (CorruptImageException e) {
					String truncated = IsoListing.truncation(file);
					throw truncated == null ? e : new CorruptImageException(file, truncated + "; " + e.reason());
				}
			}
		}
		return IsoListing.ofOwnReader(type, raws);
	}

	/**
	 * The UDF tree by our own reader; through 7zz where it declines a feature (the reason is kept for
	 * {@link #info()}) or finds the volume damaged and 7zz can still read it.
	 */
	private IsoListing ownUdf() throws ImageException {
		try (Sectors sectors = new Sectors(file)) {
			return ownListing("udf", UdfFileSystem.read(sectors));
		} catch (UdfFileSystem.Declined e) {
			why7zz = e.getMessage();
			try {
				return IsoListing.read(file, "udf", false);
			} catch (CorruptImageException again) {
				throw new CorruptImageException(file, "UDF: the volume uses " + e.getMessage()
						+ ", which DeployForge's own reader leaves to 7zz, and " + again.reason(), again);
			}
		}
		// a volume our reader finds damaged is not handed to 7zz: 7zz skips what it cannot read and goes on, so its
		// data stream would no longer match its listing
	}

	/**
	 * @return where the bytes of file {@code path} lie in the ISO: from our own reader's listing, else (UDF through
	 *         7zz) on the ISO 9660 side when it is visible there as one extent (names compared without case); null
	 *         when neither knows
	 */
	InstallEditionsReader.@Nullable InPlace inPlace(String path) throws ImageException {
		IsoListing files = listing();
		String system = files.type().equals("udf") ? "UDF" : "ISO 9660";
		IsoListing.Node node = files.node(ImagePath.parse(path));
		if (files.ownReader()) {
			return node == null || node.raw == null || node.raw.data == null ? null
					: new InstallEditionsReader.InPlace(node.raw.data, system);
		}
		if (scan == null) {
			return null;
		}
		String wanted = ImagePath.parse(path).toString();
		List<IsoListing.Raw> raws;
		try {
			raws = iso9660Raws();
		} catch (CorruptImageException e) {
			return null; // the ISO 9660 side is damaged: streaming through 7zz remains
		}
		for (IsoListing.Raw raw : raws) {
			if (raw.data != null && ("/" + raw.rawPath).equalsIgnoreCase(wanted)) {
				return new InstallEditionsReader.InPlace(raw.data, "ISO 9660");
			}
		}
		return null;
	}

	@Override
	public synchronized InstallEditions installEditions(IProgressMonitor monitor) throws ImageException {
		InstallEditions known = editions;
		if (known == null) {
			known = InstallEditionsReader.read(this, handler, options.workDirectory(), true, monitor);
			editions = known;
		}
		return known;
	}

	Optional<ImageEntry> findIgnoringCase(String path) throws ImageException {
		IsoListing.Node node = listing().node(ImagePath.ROOT);
		for (String component : ImagePath.parse(path).components()) {
			IsoListing.Node next = null;
			for (Map.Entry<String, Node> child : node.children.entrySet()) {
				if (child.getKey().equalsIgnoreCase(component)) {
					next = child.getValue();
					break;
				}
			}
			if (next == null) {
				return Optional.empty();
			}
			node = next;
		}
		return Optional.of(node.entry);
	}

	@Override
	public Path file() {
		return file;
	}

	@Override
	public ImageFormat format() {
		return KnownFormats.ISO;
	}

	@Override
	public String handlerId() {
		return IsoHandler.ID;
	}

	/** @return the file systems, e.g. "ISO 9660 level 4 (ISO 9660:1999), Joliet level 3, UDF 1.02" */
	String fileSystems() {
		List<String> systems = new ArrayList<>();
		if (facts.iso9660()) {
			systems.add("ISO 9660 " + isoLevel());
		}
		if (facts.jolietLevel() > 0) {
			systems.add("Joliet level " + facts.jolietLevel());
		}
		if (scan != null && !scan.rockRidge().isEmpty()) {
			systems.add("Rock Ridge (" + scan.rockRidge() + ")");
		}
		if (facts.udfRecognised()) {
			String revision = facts.udfRevisionText();
			systems.add("UDF " + (revision.isEmpty() ? "(" + facts.udfNsr() + ")" : revision)
					+ (facts.udfProblem() == null ? "" : " (unreadable: " + facts.udfProblem() + ")"));
		}
		return String.join(", ", systems);
	}

	/** ISO 9660 does not record its interchange level: it is inferred from what the volume uses (ECMA-119 §10). */
	private String isoLevel() {
		if (facts.enhanced()) {
			return "level 4 (ISO 9660:1999)";
		}
		if (scan != null && scan.multiExtent()) {
			return "level 3 (multi-extent files)";
		}
		if (scan != null && scan.longestName() > 12) {
			return "level 2 (names up to 31 characters)";
		}
		return "level 1";
	}

	@Override
	public ImageInfo info() throws ImageException {
		IsoListing files = listing();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("Volume label", facts.volumeLabel());
		properties.put("File systems", fileSystems());
		properties.put("Files read from", (files.type().equals("udf") ? "UDF" : facts.jolietLevel() > 0
				? "ISO 9660 (Joliet names)" : "ISO 9660")
				+ (files.ownReader() ? "" : why7zz != null ? " through 7zz (" + why7zz + ")" : " through 7zz")
				+ (udfUnreadable == null ? "" : " (the UDF volume is unreadable: " + udfUnreadable + ")"));
		if (facts.iso9660()) {
			properties.put("ISO 9660 volume identifier", facts.isoVolumeId());
			properties.put("ISO 9660 level", isoLevel());
			long volumeBytes = facts.volumeSpaceSectors() * Sectors.SIZE;
			long fileBytes = file.toFile().length();
			properties.put("Volume space", facts.volumeSpaceSectors() + " sectors of 2048 bytes"
					+ (volumeBytes > fileBytes ? " (the file is " + (volumeBytes - fileBytes)
							+ " bytes shorter: truncated?)" : ""));
		}
		properties.put("Joliet", facts.jolietLevel() > 0 ? "level " + facts.jolietLevel() : "no");
		properties.put("Rock Ridge", scan == null || scan.rockRidge().isEmpty() ? "no" : "yes (" + scan.rockRidge() + ")");
		properties.put("UDF", !facts.udfRecognised() ? "no"
				: facts.udfRevisionText().isEmpty() ? facts.udfNsr() : facts.udfRevisionText() + " (" + facts.udfNsr() + ")");
		if (!facts.udfVolumeId().isEmpty()) {
			properties.put("UDF logical volume identifier", facts.udfVolumeId());
		}
		if (facts.creationTime() != null) {
			properties.put("Created", facts.creationTime().toString());
		}
		if (facts.bootCatalogSector() < 0) {
			properties.put("El Torito", "no boot catalog");
		} else if (bootProblem != null) {
			properties.put("El Torito", "boot catalog at sector " + facts.bootCatalogSector() + " unreadable: " + bootProblem);
		} else {
			properties.put("El Torito", "boot catalog at sector " + facts.bootCatalogSector() + ", "
					+ bootEntries().size() + (bootEntries().size() == 1 ? " entry" : " entries"));
			for (ElToritoEntry entry : bootEntries()) {
				properties.put("Boot entry " + entry.number(), entry.describe());
			}
		}
		WindowsMedia windows = WindowsMedia.of(this);
		properties.put("Windows media", windows.describe());
		String editionSummary = null;
		if (!windows.installImages().isEmpty()) {
			// in place (a few KiB) or as read before; a pass of 7zz over a UDF-only install image only when asked
			// for through the capability (info --json/text and the image editor do), never for ls or extract
			InstallEditions found = editions;
			if (found == null) {
				found = InstallEditionsReader.read(this, handler, options.workDirectory(), false,
						new NullProgressMonitor());
				editions = found;
			}
			if (found == null) {
				editionSummary = "not read (the install image cannot be read in place, only in one pass of 7zz over it;"
						+ " deployforge info and the image editor read it)";
				properties.put("Editions", editionSummary);
			} else if (found.unknownReason() != null) {
				editionSummary = "unknown (" + found.unknownReason() + ")";
				properties.put("Editions", editionSummary);
			} else {
				editionSummary = found.editions().size() + " in " + found.path();
				properties.put("Editions", editionSummary + " (" + found.readHow() + ")");
				for (Edition edition : found.editions()) {
					properties.put("Edition " + edition.index(), edition.describe());
				}
			}
		}
		Map<String, String> volumeProperties = new LinkedHashMap<>();
		volumeProperties.put("File system", properties.get("Files read from"));
		volumeProperties.put("File systems", properties.get("File systems"));
		volumeProperties.put("Windows media", windows.describe());
		if (!windows.installImages().isEmpty()) {
			volumeProperties.put("Install images", String.join(", ", windows.installImages()));
			volumeProperties.put("Editions", String.valueOf(editionSummary));
		}
		Instant created = facts.creationTime();
		VolumeInfo volume = new VolumeInfo(1, facts.volumeLabel(), "", files.files(), files.directories(),
				files.totalBytes(), created, null, volumeProperties);
		long size;
		try {
			size = Files.size(file);
		} catch (java.io.IOException e) {
			throw new ImageException(file, "cannot read the file size: " + e.getMessage(), e);
		}
		return new ImageInfo(file, KnownFormats.ISO, size, List.of(volume), 0, properties);
	}

	/** @return index 1 alone: an ISO has one file tree, and {@link #info()} would read boot images and editions */
	@Override
	public List<Integer> indexes() {
		return List.of(1);
	}

	@Override
	public ImageTree tree(int index) throws ImageException {
		if (index != 1) {
			throw new ImageException(file, "image index " + index + " does not exist: an ISO has one file tree, index 1");
		}
		return new IsoTree(this);
	}

	@Override
	public boolean isReadOnly() {
		return options.readOnly();
	}

	@Override
	public List<PendingChange> pendingChanges() {
		return List.copyOf(changes);
	}

	void stage(PendingChange change) throws ImageException {
		if (options.readOnly()) {
			throw new ImageException(file, "opened read-only: changes are refused");
		}
		changes.add(change);
	}

	/** @return whether {@code path} exists once the staged changes are applied */
	boolean existsAfterChanges(ImagePath path) throws ImageException {
		return existsAfter(path, changes, changes.size());
	}

	/** @return whether Rock Ridge is in use on the ISO 9660 side */
	boolean rockRidge() {
		return scan != null && !scan.rockRidge().isEmpty();
	}

	/** @return whether {@code path} exists once the first {@code changeCount} of {@code changes} are applied */
	boolean existsAfter(ImagePath path, List<PendingChange> changes, int changeCount) throws ImageException {
		if (changeCount == 0) {
			return listing().node(path) != null;
		}
		PendingChange change = changes.get(changeCount - 1);
		ImagePath changed = ImagePath.parse(change.path());
		switch (change.kind()) {
		case ADD:
			if (changed.contains(path)) {
				Path source = change.source();
				if (source == null) {
					return false;
				}
				for (String component : path.components().subList(changed.components().size(), path.components().size())) {
					source = source.resolve(component);
				}
				return Files.exists(source);
			}
			if (path.contains(changed)) {
				return true;
			}
			return existsAfter(path, changes, changeCount - 1);
		case REMOVE:
			return !changed.contains(path) && existsAfter(path, changes, changeCount - 1);
		case RENAME:
			ImagePath target = ImagePath.parse(change.target() == null ? "/" : change.target());
			if (target.contains(path)) {
				ImagePath before = changed;
				for (String component : path.components().subList(target.components().size(), path.components().size())) {
					before = before.resolve(component);
				}
				return existsAfter(before, changes, changeCount - 1);
			}
			if (changed.contains(path)) {
				return path.contains(target) && existsAfter(path, changes, changeCount - 1);
			}
			return existsAfter(path, changes, changeCount - 1);
		default:
			return existsAfter(path, changes, changeCount - 1);
		}
	}

	/**
	 * @throws ImageException when the ISO announces a UDF volume that cannot be read: a rebuild from the ISO 9660 side
	 *                        would drop every file only UDF holds (all of them on Microsoft's media)
	 */
	private void refuseRebuildWithoutUdf(String what) throws ImageException {
		listing();
		if (udfUnreadable != null) {
			throw new ImageException(file, "cannot " + what + ": the UDF volume is unreadable (" + udfUnreadable
					+ "), and a new ISO made from the ISO 9660 side would lose the files only UDF holds; nothing was"
					+ " written");
		}
	}

	/** @return the note extraction and listings give when files come from the ISO 9660 side of damaged UDF media */
	@Nullable
	String udfFallbackNote() {
		return udfUnreadable == null ? null : "the UDF volume is unreadable (" + udfUnreadable + "): files were read"
				+ " from the ISO 9660 side, which may hold fewer of them (Microsoft's media hold only a README there)";
	}

	@Override
	public CommitResult commit(IProgressMonitor monitor) throws ImageException {
		if (options.readOnly()) {
			throw new ImageException(file, "opened read-only: nothing to commit");
		}
		if (!changes.isEmpty()) {
			refuseRebuildWithoutUdf("rebuild");
		}
		if (changes.isEmpty()) {
			try {
				return new CommitResult(file, 0, Files.size(file), List.of("no staged changes: the ISO was not rewritten"));
			} catch (java.io.IOException e) {
				throw new ImageException(file, "cannot read the file size: " + e.getMessage(), e);
			}
		}
		CommitResult result = new Rebuilder(this, handler).rebuild(file, changes, 0, monitor);
		changes.clear();
		load();
		return result;
	}

	@Override
	public CommitResult splitInstallWim(Path destination, long maxPartBytes, IProgressMonitor monitor)
			throws ImageException {
		if (maxPartBytes <= 0 || maxPartBytes > FAT32_MAX_FILE_BYTES) {
			throw new ImageException(file, "part size " + maxPartBytes + " bytes is not between 1 and "
					+ FAT32_MAX_FILE_BYTES + " (the FAT32 limit)");
		}
		refuseRebuildWithoutUdf("split install.wim");
		if (changes.isEmpty()) {
			// said before the tree is extracted; with staged changes the rebuild checks the install.wim it will split
			Optional<ImageEntry> wim = findIgnoringCase("/sources/install.wim");
			if (wim.isPresent() && !wim.get().directory() && wim.get().size() <= maxPartBytes) {
				throw new ImageException(file, noSplitNeeded(wim.get().size(), maxPartBytes));
			}
		}
		boolean inPlace = destination.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize());
		if (inPlace && options.readOnly()) {
			throw new ImageException(file, "opened read-only: cannot split into the image itself");
		}
		CommitResult result = new Rebuilder(this, handler).rebuild(destination, changes, maxPartBytes, monitor);
		if (inPlace) {
			changes.clear();
			load();
		}
		return result;
	}

	/** @return why an install.wim of {@code wimBytes} is not split into parts of {@code partBytes} */
	static String noSplitNeeded(long wimBytes, long partBytes) {
		return String.format(Locale.ROOT, "no split needed: sources/install.wim (%,d bytes) fits in one part of %,d"
				+ " bytes; nothing was written", wimBytes, partBytes);
	}

	@Override
	public void discard() {
		changes.clear();
	}

	@Override
	public <T extends ImageCapability> Optional<T> capability(Class<T> type) {
		if (type.isInstance(this)
				&& (type == InstallWimSplitCapability.class || type == InstallEditionsCapability.class)) {
			return Optional.of(type.cast(this));
		}
		return Optional.empty();
	}

	@Override
	public void close() {
		changes.clear();
		listing = null;
	}

	@Override
	public String toString() {
		return "ISO " + file + " (" + fileSystems().toLowerCase(Locale.ROOT) + ")";
	}

	/** The file tree (index 1). */
	static final class IsoTree implements ImageTree {

		private final IsoImage image;

		IsoTree(IsoImage image) {
			this.image = image;
		}

		@Override
		public int index() {
			return 1;
		}

		private Node node(String path) throws ImageException {
			Node node = image.listing().node(ImagePath.parse(path));
			if (node == null) {
				throw new EntryNotFoundException(image.file, "no file or folder " + ImagePath.parse(path));
			}
			return node;
		}

		@Override
		public ImageEntry stat(String path) throws ImageException {
			return node(path).entry;
		}

		@Override
		public List<ImageEntry> list(String directory) throws ImageException {
			Node node = node(directory);
			if (!node.entry.directory()) {
				throw new ImageException(image.file, node.entry.path() + " is a file, not a folder");
			}
			return node.children.values().stream().map(child -> child.entry).toList();
		}

		@Override
		public void walk(String directory, EntryVisitor visitor) throws ImageException {
			walk(node(directory), visitor);
		}

		private boolean walk(Node node, EntryVisitor visitor) throws ImageException {
			if (!visitor.visit(node.entry)) {
				return false;
			}
			for (Node child : node.children.values()) {
				if (!walk(child, visitor)) {
					return false;
				}
			}
			return true;
		}

		@Override
		public List<LeftOutEntry> leftOut(String directory, boolean recursive) throws ImageException {
			ImagePath folder = ImagePath.parse(node(directory).entry.path());
			List<LeftOutEntry> found = new ArrayList<>();
			String note = image.udfFallbackNote();
			if (note != null && folder.isRoot()) {
				// what only the unreadable UDF volume holds is left out as a whole
				found.add(new LeftOutEntry("/", "(the files only the UDF volume holds)", true, -1,
						ImageEntry.ATTRIBUTE_DIRECTORY, null, note));
			}
			for (IsoListing.Raw raw : image.listing().raw()) {
				if (raw.problem == null || raw.bootPseudoFile) {
					continue;
				}
				String[] folderAndName = raw.folderAndName();
				ImagePath holder;
				try {
					holder = ImagePath.parse(folderAndName[0]);
				} catch (UnsafePathException e) {
					holder = null; // below a folder that is left out itself: shown from the root
				}
				boolean inside = holder == null ? folder.isRoot() && recursive
						: recursive ? folder.contains(holder) : folder.equals(holder);
				if (inside) {
					Instant modified = raw instanceof IsoListing.RawWithTimes timed ? timed.modified : null;
					found.add(new LeftOutEntry(holder == null ? "/" : holder.toString(),
							ImagePath.printable(holder == null ? raw.rawPath : folderAndName[1]), raw.directory,
							raw.directory ? 0 : raw.size, raw.directory ? ImageEntry.ATTRIBUTE_DIRECTORY : 0, modified,
							raw.problem));
				}
			}
			return found;
		}

		@Override
		public InputStream read(String path) throws ImageException {
			Node node = node(path);
			if (node.entry.directory() || node.raw == null) {
				throw new ImageException(image.file, node.entry.path() + " is a folder, not a file");
			}
			if (node.raw.link != null) {
				throw new ImageException(image.file, node.entry.path() + " is a symbolic link to '"
						+ ImagePath.printable(node.raw.link) + "'; links are not followed");
			}
			return IsoExtractor.open(image.file, image.listing(), node.raw);
		}

		@Override
		public ExtractResult extract(List<String> paths, Path targetDirectory, IProgressMonitor monitor)
				throws ImageException {
			List<ImagePath> parsed = new ArrayList<>();
			for (String path : paths) {
				parsed.add(ImagePath.parse(path));
			}
			ExtractResult result = IsoExtractor.extract(image.file, image.listing(), parsed, targetDirectory, monitor);
			String note = image.udfFallbackNote();
			if (note == null) {
				return result;
			}
			List<String> skipped = new ArrayList<>();
			skipped.add(note);
			skipped.addAll(result.skipped());
			return new ExtractResult(result.files(), result.folders(), result.bytes(), skipped);
		}

		@Override
		public void add(Path source, String pathInImage) throws ImageException {
			ImagePath path = ImagePath.parse(pathInImage);
			if (path.isRoot()) {
				throw new ImageException(image.file, "cannot replace the root folder; add below it");
			}
			if (!Files.exists(source)) {
				throw new ImageException(image.file, "cannot add " + source + ": no such file or folder");
			}
			if (!Files.isReadable(source)) {
				throw new ImageException(image.file, "cannot add " + source + ": not readable");
			}
			image.stage(PendingChange.add(1, source.toAbsolutePath(), path.toString()));
		}

		@Override
		public void remove(String path) throws ImageException {
			ImagePath parsed = ImagePath.parse(path);
			if (parsed.isRoot()) {
				throw new ImageException(image.file, "cannot remove the root folder");
			}
			if (!image.existsAfterChanges(parsed)) {
				throw new EntryNotFoundException(image.file, "no file or folder " + parsed);
			}
			image.stage(PendingChange.remove(1, parsed.toString()));
		}

		@Override
		public void rename(String from, String to) throws ImageException {
			ImagePath source = ImagePath.parse(from);
			ImagePath target = ImagePath.parse(to);
			if (source.isRoot() || target.isRoot()) {
				throw new ImageException(image.file, "cannot rename the root folder");
			}
			if (!image.existsAfterChanges(source)) {
				throw new EntryNotFoundException(image.file, "no file or folder " + source);
			}
			if (source.contains(target)) {
				throw new ImageException(image.file, "cannot move " + source + " into itself (" + target + ")");
			}
			ImagePath folder = target.parent();
			if (folder != null && !folder.isRoot() && !image.existsAfterChanges(folder)) {
				// as for a WIM: the target's folder must exist (add or mv a folder there first)
				throw new EntryNotFoundException(image.file, "no such folder " + folder);
			}
			image.stage(PendingChange.rename(1, source.toString(), target.toString()));
		}
	}
}
