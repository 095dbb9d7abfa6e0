package org.deployforge.handler.iso.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageService;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.InstallEditionsCapability.Edition;
import org.deployforge.core.capability.InstallEditionsCapability.InstallEditions;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.annotation.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;


/**
 * Reads the editions of {@code sources/install.wim|esd|swm} without extracting the WIM: only its 208-byte header and
 * its tail from the blob table on (blob table, XML data, integrity table; WIM header fields {@code rhOffsetTable} at
 * 0x30, {@code rhXmlData} at 0x48, each a 24-byte resource header: 7-byte compressed size + 1 flag byte, 8-byte offset,
 * 8-byte original size, Microsoft "Windows Imaging File Format" §2.2) are written into a sparse file of the WIM's
 * size, which the installed WIM handler opens read-only: its facts come from the header and XML alone.
 * <p>
 * The bytes come straight from the ISO file where our own readers located the install image (UDF or ISO 9660; or on
 * the ISO 9660 side as one extent while UDF is read through 7zz); otherwise it streams through {@code 7zz x -so} to
 * the tail, reading the whole file once but writing only the tail.
 */
final class InstallEditionsReader {

	/**
	 * Open parameter (or system property {@code deployforge.iso.installXml}): {@code "stream"} reads the install image
	 * as a stream from its start even when its bytes can be read in place; with {@code iso.reader=7zz} that is the
	 * path UDF volumes our reader declines take (for checks and benchmarks).
	 */
	static final String READ_PARAMETER = "iso.installXml";
	static final String STREAM = "stream";

	private static final int HEADER_BYTES = 208;
	private static final int CHUNK = 1 << 20;

	private InstallEditionsReader() {
	}

	/**
	 * @param allowStream whether the install image may be streamed through 7zz (one pass over it) when it cannot be
	 *                    read in place; when false and it would have to be, the result is null
	 * @return the editions, or null (see {@code allowStream})
	 */
	static @Nullable InstallEditions read(IsoImage image, IsoHandler handler, @Nullable Path workDirectory,
			boolean allowStream, IProgressMonitor monitor) throws ImageException {
		WindowsMedia media = WindowsMedia.of(image);
		String path = null;
		for (String wanted : List.of("install.wim", "install.esd", "install.swm")) {
			for (String candidate : media.installImages()) {
				if (candidate.toLowerCase(Locale.ROOT).endsWith("/" + wanted)) {
					path = candidate;
					break;
				}
			}
			if (path != null) {
				break;
			}
		}
		if (path == null) {
			return new InstallEditions(null, List.of(), "no sources/install.wim, install.esd or install.swm", "");
		}
		ImageService service = handler.imageService();
		if (service == null || service.handlers().stream().noneMatch(h -> h.formats().contains(KnownFormats.WIM))) {
			return new InstallEditions(path, List.of(), "no WIM handler installed", "");
		}
		ImageEntry entry = image.tree(1).stat(path);
		String mode = image.options().parameters().getOrDefault(READ_PARAMETER,
				System.getProperty("deployforge." + READ_PARAMETER, ""));
		InPlace start = STREAM.equals(mode) ? null : image.inPlace(path);
		if (start == null && !allowStream) {
			return null;
		}
		String name = entry.name();
		Path folder = workDirectory != null ? workDirectory : image.file().toAbsolutePath().getParent();
		Path sparse;
		try {
			if (folder == null || !Files.isWritable(folder)) {
				sparse = Files.createTempFile(".editions-", "-" + name);
			} else {
				sparse = Files.createTempFile(folder, "." + image.file().getFileName() + ".editions-", "-" + name);
			}
		} catch (IOException e) {
			throw new ImageException(image.file(), "cannot create a work file for the install image's XML: "
					+ e.getMessage(), e);
		}
		try {
			String how;
			try (FileChannel out = FileChannel.open(sparse, StandardOpenOption.WRITE)) {
				String problem = start == null ? null : copyInPlace(image, start.data(), entry.size(), out);
				if (start != null && problem == null) {
					how = "header and XML read in place from the " + start.fileSystem() + " file data";
				} else {
					out.truncate(0);
					try {
						problem = copyStreamed(image, path, entry.size(), out, monitor);
					} catch (org.deployforge.core.CorruptImageException e) {
						problem = "its data cannot be read: " + e.reason(); // info still succeeds, editions unknown
					}
					how = "header and XML read by streaming " + path + " (" + entry.size() + " bytes)"
							+ (image.listing().ownReader() ? "" : " through 7zz");
				}
				if (problem != null) {
					return new InstallEditions(path, List.of(), problem, how);
				}
				if (out.size() < entry.size()) {
					out.write(ByteBuffer.allocate(1), entry.size() - 1);
				}
			}
			try (Image wim = service.open(sparse, OpenOptions.READ_ONLY)) {
				List<Edition> editions = new ArrayList<>();
				for (VolumeInfo volume : wim.info().volumes()) {
					Map<String, String> p = volume.properties();
					editions.add(new Edition(volume.index(), volume.name(), p.getOrDefault("WINDOWS/EDITIONID", ""),
							p.getOrDefault("ARCHITECTURE", ""), p.getOrDefault("VERSION", "")));
				}
				return new InstallEditions(path, editions, null, how + " (" + wim.handlerId() + " handler)");
			} catch (ImageException e) {
				// wimlib also needs what the tail does not hold: the headers of solid resources (ESD) and the other
				// parts of a split set (SWM); the editions are all in the XML, so read that directly
				List<Edition> editions = editionsFromXml(sparse);
				if (editions != null) {
					return new InstallEditions(path, editions, null, how + " (XML data read directly)");
				}
				return new InstallEditions(path, List.of(), "the WIM handler cannot read its header and XML: "
						+ e.reason(), how);
			}
		} catch (IOException e) {
			throw new ImageException(image.file(), "cannot read the XML of " + path + ": " + e.getMessage(), e);
		} finally {
			try {
				Files.deleteIfExists(sparse);
			} catch (IOException e) {
				// a leftover hidden work file is harmless
			}
		}
	}

	/**
	 * The editions from the WIM's XML data alone: the XML resource header at byte 0x48 of the WIM header (7-byte size,
	 * flags, 8-byte offset; the XML is never compressed: UTF-16LE with a byte-order mark), then per
	 * {@code <IMAGE INDEX="n">}: {@code NAME}, {@code WINDOWS/EDITIONID}, {@code WINDOWS/ARCH} (0 x86, 5 ARM, 6 IA64,
	 * 9 x64, 12 ARM64) and {@code WINDOWS/VERSION/MAJOR.MINOR.BUILD.SPBUILD} (Microsoft "Windows Imaging File Format"
	 * §2.2 and the XML wimlib and DISM write).
	 *
	 * @return the editions, or null when the header or the XML cannot be read
	 */
	static @Nullable List<Edition> editionsFromXml(Path wim) {
		try (FileChannel in = FileChannel.open(wim, StandardOpenOption.READ)) {
			ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
			in.read(header, 0);
			byte[] h = header.array();
			long size = Sectors.u64le(h, 0x48) & 0x00FF_FFFF_FFFF_FFFFL;
			long offset = Sectors.u64le(h, 0x50);
			if (size < 2 || size > (64 << 20) || offset < HEADER_BYTES || offset + size > in.size()) {
				return null;
			}
			ByteBuffer xml = ByteBuffer.allocate((int) size);
			in.read(xml, offset);
			String text = new String(xml.array(), StandardCharsets.UTF_16LE);
			if (text.startsWith("\uFEFF")) {
				text = text.substring(1);
			}
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setExpandEntityReferences(false);
			Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
			List<Edition> editions = new ArrayList<>();
			NodeList images = document.getDocumentElement().getElementsByTagName("IMAGE");
			for (int i = 0; i < images.getLength(); i++) {
				Element image = (Element) images.item(i);
				int index = Integer.parseInt(image.getAttribute("INDEX").trim());
				String arch = text(image, "WINDOWS", "ARCH");
				StringBuilder version = new StringBuilder();
				for (String part : List.of("MAJOR", "MINOR", "BUILD", "SPBUILD")) {
					String value = text(image, "WINDOWS", "VERSION", part);
					if (value.isEmpty()) {
						break;
					}
					version.append(version.isEmpty() ? "" : ".").append(value);
				}
				editions.add(new Edition(index, text(image, "NAME"), text(image, "WINDOWS", "EDITIONID"),
						Edition.architectureName(arch), version.toString()));
			}
			editions.sort(Comparator.comparingInt(Edition::index));
			return editions;
		} catch (IOException | RuntimeException | ParserConfigurationException | SAXException e) {
			return null;
		}
	}

	/** @return the trimmed text of the first element at {@code path} below {@code element}, or "" */
	private static String text(Element element, String... path) {
		Element current = element;
		for (String name : path) {
			Element next = null;
			for (Node node = current.getFirstChild(); node != null; node = node.getNextSibling()) {
				if (node instanceof Element child && child.getTagName().equals(name)) {
					next = child;
					break;
				}
			}
			if (next == null) {
				return "";
			}
			current = next;
		}
		return current.getTextContent().trim();
	}

	/** @return the first byte of the tail (blob table or XML, whichever comes first), or -1 when the header is bad */
	private static long tailStart(byte[] header, long size) {
		if (header.length < HEADER_BYTES || !(Sectors.ascii(header, 0, "MSWIM") || Sectors.ascii(header, 0, "WLPWM"))) {
			return -1;
		}
		long blobTable = Sectors.u64le(header, 0x30 + 8);
		long xmlSize = Sectors.u64le(header, 0x48) & 0x00FF_FFFF_FFFF_FFFFL;
		long xml = Sectors.u64le(header, 0x48 + 8);
		if (xmlSize == 0 || xml < HEADER_BYTES || xml + xmlSize > size) {
			return -1;
		}
		long start = blobTable >= HEADER_BYTES && blobTable < xml ? blobTable : xml;
		return start;
	}

	/**
	 * Where an install image's bytes lie in the ISO, as our own readers found them.
	 *
	 * @param fileSystem "UDF" or "ISO 9660", for the "read how" note
	 */
	record InPlace(FileData data, String fileSystem) {
	}

	private static @Nullable String copyInPlace(IsoImage image, FileData data, long size, FileChannel out)
			throws IOException, ImageException {
		try (InputStream in = data.open(image.file(), "the install image")) {
			byte[] header = in.readNBytes(HEADER_BYTES);
			long tail = tailStart(header, size);
			if (tail < 0) {
				return "not a WIM (no MSWIM header or no XML data)";
			}
			out.write(ByteBuffer.wrap(header), 0);
			in.skipNBytes(tail - HEADER_BYTES);
			byte[] buffer = new byte[CHUNK];
			long position = tail;
			while (position < size) {
				int read = in.read(buffer, 0, (int) Math.min(buffer.length, size - position));
				if (read < 0) {
					return "the file data ends at byte " + position + " of " + size;
				}
				ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, read);
				while (wrapped.hasRemaining()) {
					out.write(wrapped, position + wrapped.position());
				}
				position += read;
			}
			return null;
		} catch (org.deployforge.core.CorruptImageException e) {
			return e.reason();
		}
	}

	private static @Nullable String copyStreamed(IsoImage image, String path, long size, FileChannel out,
			IProgressMonitor monitor) throws IOException, ImageException {
		SubMonitor progress = SubMonitor.convert(monitor, "Reading the XML of " + path, ByteTicks.units(size));
		ByteTicks ticks = new ByteTicks(monitor, progress, "Reading", size);
		try (InputStream in = image.tree(1).read(path)) {
			byte[] header = in.readNBytes(HEADER_BYTES);
			long tail = tailStart(header, size);
			if (tail < 0) {
				return "not a WIM (no MSWIM header or no XML data)";
			}
			out.write(ByteBuffer.wrap(header), 0);
			byte[] buffer = new byte[CHUNK];
			long position = HEADER_BYTES;
			while (position < size) {
				int want = (int) Math.min(buffer.length, size - position);
				int read = in.read(buffer, 0, want);
				if (read < 0) {
					return "the data of " + path + " ends early";
				}
				long end = position + read;
				if (end > tail) {
					int from = (int) Math.max(0, tail - position);
					out.write(ByteBuffer.wrap(buffer, from, read - from), position + from);
				}
				position = end;
				ticks.add(read);
			}
			return null;
		}
	}
}
