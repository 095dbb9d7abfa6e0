package org.deployforge.cli.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deployforge.tests.common.Tools;

/** The real {@code wimlib-imagex} (Debian wimtools), run and parsed, to compare the command line against. */
final class Wimlib {

	private Wimlib() {
	}

	/** What {@code wimlib-imagex info} says: header fields, and each image's fields by index. */
	record Info(Map<String, String> header, List<Map<String, String>> images) {

		int imageCount() {
			return Integer.parseInt(header.get("Image Count"));
		}

		int bootIndex() {
			return Integer.parseInt(header.get("Boot Index"));
		}

		Map<String, String> image(int index) {
			return images.get(index - 1);
		}
	}

	static Info info(Path wim) throws Exception {
		String text = Tools.ok("wimlib-imagex", "info", wim.toString()).stdout();
		Map<String, String> header = new LinkedHashMap<>();
		List<Map<String, String>> images = new ArrayList<>();
		Map<String, String> current = header;
		for (String line : text.split("\n")) {
			if (line.startsWith("Available Images:")) {
				current = null;
				continue;
			}
			int colon = line.indexOf(':');
			if (colon <= 0 || line.startsWith("-")) {
				continue;
			}
			String key = line.substring(0, colon).strip();
			String value = line.substring(colon + 1).strip();
			if (key.equals("Index")) {
				current = new LinkedHashMap<>();
				images.add(current);
			}
			if (current != null) {
				current.put(key, value);
			}
		}
		return new Info(header, images);
	}

	/** @return the paths {@code wimlib-imagex dir WIM INDEX} prints, in its order */
	static List<String> dir(Path wim, int index) throws Exception {
		String text = Tools.ok("wimlib-imagex", "dir", wim.toString(), String.valueOf(index)).stdout();
		return text.lines().filter(line -> !line.isEmpty()).toList();
	}

	/** @return path -> SHA-1 of the unnamed data stream (40 hex digits; all zero for none) from {@code dir --detailed} */
	static Map<String, String> hashes(Path wim, int index) throws Exception {
		String text = Tools.ok("wimlib-imagex", "dir", wim.toString(), String.valueOf(index), "--detailed").stdout();
		Map<String, String> hashes = new LinkedHashMap<>();
		String path = null;
		boolean unnamed = false;
		for (String line : text.split("\n")) {
			String stripped = line.strip();
			if (stripped.startsWith("Full Path")) {
				String value = stripped.substring(stripped.indexOf('=') + 1).strip();
				path = value.substring(1, value.length() - 1);
				unnamed = false;
			} else if (stripped.startsWith("Unnamed data stream")) {
				unnamed = true;
			} else if (stripped.startsWith("Hash") && unnamed && path != null) {
				String hash = stripped.substring(stripped.indexOf('=') + 1).strip();
				hashes.put(path, hash.startsWith("0x") ? hash.substring(2) : hash);
				unnamed = false;
			}
		}
		return hashes;
	}

	/** Extracts everything of an image with wimlib-imagex apply. */
	static void apply(Path wim, int index, Path target) throws Exception {
		Tools.ok("wimlib-imagex", "apply", wim.toString(), String.valueOf(index), target.toString());
	}

	/** Captures a folder with wimlib-imagex capture. */
	static void capture(Path source, Path wim, String name, String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of("wimlib-imagex", "capture", source.toString(), wim.toString(),
				name));
		command.addAll(List.of(options));
		Tools.run(null, command).assertOk();
	}

	/** @return the WIM's XML data ({@code wimlib-imagex info --extract-xml}, UTF-16LE on disk) as a string */
	static String xml(Path wim) throws Exception {
		Path file = Files.createTempFile("wim-xml-", ".xml");
		try {
			Tools.ok("wimlib-imagex", "info", wim.toString(), "--extract-xml=" + file);
			String xml = new String(Files.readAllBytes(file), StandardCharsets.UTF_16LE);
			return xml.startsWith("\uFEFF") ? xml.substring(1) : xml;
		} finally {
			Files.deleteIfExists(file);
		}
	}
}
