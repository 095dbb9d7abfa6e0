package org.deployforge.handler.wim.internal;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.eclipse.jdt.annotation.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The WIM XML data ({@code wimlib_get_xml_data}): one {@code <IMAGE INDEX="n">} element per image holding
 * {@code NAME}, {@code DESCRIPTION}, {@code FLAGS}, {@code DISPLAYNAME}, counts, times and the {@code WINDOWS} block
 * ({@code EDITIONID}, {@code INSTALLATIONTYPE}, {@code ARCH}, {@code VERSION}, {@code LANGUAGES}, …).
 */
final class WimXml {

	/** Facts of one image. */
	record ImageXml(int index, Map<String, String> properties, long fileCount, long directoryCount, long totalBytes,
			@Nullable Instant creationTime, @Nullable Instant lastModificationTime) {
	}

	/** Keys kept out of the property map because {@link org.deployforge.core.VolumeInfo} has fields for them. */
	private static final Set<String> IN_RECORD = Set.of("NAME", "DESCRIPTION", "DIRCOUNT", "FILECOUNT", "TOTALBYTES",
			"CREATIONTIME", "LASTMODIFICATIONTIME");

	/** Well-known keys, shown first in this order. */
	private static final List<String> FIRST = List.of("DISPLAYNAME", "DISPLAYDESCRIPTION", "FLAGS", "WINDOWS/EDITIONID",
			"WINDOWS/INSTALLATIONTYPE", "WINDOWS/PRODUCTNAME", "WINDOWS/PRODUCTTYPE", "WINDOWS/PRODUCTSUITE",
			"WINDOWS/ARCH");

	/** FILETIME epoch (1601-01-01) to Unix epoch, in 100 ns units. */
	private static final long FILETIME_UNIX_OFFSET = 116_444_736_000_000_000L;

	private WimXml() {
	}

	static Map<Integer, ImageXml> parse(String xml) {
		Map<Integer, ImageXml> images = new HashMap<>();
		if (xml.isBlank()) {
			return images;
		}
		Document document;
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			document = builder.parse(new InputSource(new StringReader(xml)));
		} catch (Exception e) {
			return images; // damaged XML: the handler falls back to wimlib's per-image calls
		}
		for (Node node = document.getDocumentElement().getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element image && image.getTagName().equals("IMAGE")) {
				int index;
				try {
					index = Integer.parseInt(image.getAttribute("INDEX").trim());
				} catch (NumberFormatException e) {
					continue;
				}
				Map<String, String> flat = new LinkedHashMap<>();
				flatten(image, "", flat);
				images.put(index, toImage(index, flat, image));
			}
		}
		return images;
	}

	private static ImageXml toImage(int index, Map<String, String> flat, Element image) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (String key : FIRST) {
			String value = flat.get(key);
			if (value != null) {
				properties.put(key, value);
			}
		}
		String arch = flat.get("WINDOWS/ARCH");
		if (arch != null) {
			properties.put("ARCHITECTURE", architecture(arch));
		}
		String major = flat.get("WINDOWS/VERSION/MAJOR");
		if (major != null) {
			StringBuilder version = new StringBuilder(major);
			for (String part : List.of("MINOR", "BUILD", "SPBUILD")) {
				String value = flat.get("WINDOWS/VERSION/" + part);
				if (value == null) {
					break;
				}
				version.append('.').append(value);
			}
			properties.put("VERSION", version.toString());
		}
		String languages = flat.get("WINDOWS/LANGUAGES/LANGUAGE");
		if (languages != null) {
			properties.put("LANGUAGES", languages);
		}
		for (Map.Entry<String, String> entry : flat.entrySet()) {
			String key = entry.getKey();
			if (!IN_RECORD.contains(key) && !key.startsWith("CREATIONTIME/")
					&& !key.startsWith("LASTMODIFICATIONTIME/")) {
				properties.putIfAbsent(key, entry.getValue());
			}
		}
		return new ImageXml(index, properties, number(flat.get("FILECOUNT")), number(flat.get("DIRCOUNT")),
				number(flat.get("TOTALBYTES")), filetime(image, "CREATIONTIME"), filetime(image, "LASTMODIFICATIONTIME"));
	}

	/** Leaves as "A/B/C" keys; repeated leaves are joined with ", ". */
	private static void flatten(Element element, String prefix, Map<String, String> out) {
		for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element child) {
				String key = prefix + child.getTagName();
				if (hasElementChildren(child)) {
					flatten(child, key + "/", out);
				} else {
					String value = child.getTextContent().trim();
					out.merge(key, value, (a, b) -> a + ", " + b);
				}
			}
		}
	}

	private static boolean hasElementChildren(Element element) {
		for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element) {
				return true;
			}
		}
		return false;
	}

	private static long number(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return -1;
		}
		try {
			return Long.parseLong(text.trim());
		} catch (NumberFormatException e) {
			return -1;
		}
	}

	/** {@code <CREATIONTIME><HIGHPART>0x01D3A6…</HIGHPART><LOWPART>0x…</LOWPART></CREATIONTIME>} as FILETIME. */
	private static @Nullable Instant filetime(Element image, String name) {
		for (Node node = image.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				long high = hex(child(element, "HIGHPART"));
				long low = hex(child(element, "LOWPART"));
				if (high < 0 || low < 0) {
					return null;
				}
				long filetime = (high << 32) | (low & 0xFFFFFFFFL);
				if (filetime == 0) {
					return null;
				}
				long unix100ns = filetime - FILETIME_UNIX_OFFSET;
				return Instant.ofEpochSecond(Math.floorDiv(unix100ns, 10_000_000L),
						Math.floorMod(unix100ns, 10_000_000L) * 100);
			}
		}
		return null;
	}

	private static @Nullable String child(Element element, String name) {
		for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element child && child.getTagName().equals(name)) {
				return child.getTextContent().trim();
			}
		}
		return null;
	}

	private static long hex(@Nullable String text) {
		if (text == null) {
			return -1;
		}
		try {
			String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
			return Long.parseUnsignedLong(digits, 16);
		} catch (NumberFormatException e) {
			return -1;
		}
	}

	/** WINDOWS/ARCH values (PROCESSOR_ARCHITECTURE_*): 0 x86, 5 ARM, 6 IA64, 9 x64, 12 ARM64. */
	static String architecture(String code) {
		return org.deployforge.core.capability.InstallEditionsCapability.Edition.architectureName(code);
	}

	static List<String> keys(Map<Integer, ImageXml> images) {
		List<String> keys = new ArrayList<>();
		images.values().forEach(image -> keys.addAll(image.properties().keySet()));
		return keys;
	}
}
