package org.deployforge.handler.wim.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService;
import org.deployforge.tests.common.Tools;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** The real wimlib-imagex (Debian wimtools) and the OSGi services the tests use. */
final class Wimlib {

	private Wimlib() {
	}

	static ImageService service() throws InterruptedException {
		var context = FrameworkUtil.getBundle(Wimlib.class).getBundleContext();
		ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(context, ImageService.class, null);
		tracker.open();
		ImageService service = tracker.waitForService(20_000);
		assertNotNull(service, "the ImageService component is published");
		return service;
	}

	/** Opens through the ImageService once the wim handler is registered. */
	static org.deployforge.core.Image open(Path file, org.deployforge.core.OpenOptions options) throws Exception {
		handler();
		return service().open(file, options);
	}

	static ImageHandler handler() throws InterruptedException {
		ImageService service = service();
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (service.handler("wim").isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		return service.handler("wim").orElseThrow(() -> new AssertionError("the wim handler is registered"));
	}

	/** {@code wiminfo FILE}: the header block and, per image, its block, as key → value. */
	static Map<String, String> wiminfo(Path file) throws IOException, InterruptedException {
		String out = Tools.ok("wimlib-imagex", "info", file.toString()).stdout();
		Map<String, String> facts = new LinkedHashMap<>();
		String prefix = "";
		for (String line : out.split("\n")) {
			int colon = line.indexOf(':');
			if (colon <= 0 || line.startsWith("-")) {
				continue;
			}
			String key = line.substring(0, colon).trim();
			String value = line.substring(colon + 1).trim();
			if (key.equals("Index")) {
				prefix = "image" + value + ".";
			}
			facts.put(prefix + key, value);
		}
		return facts;
	}

	/** {@code wimdir FILE INDEX --detailed}: in-image path → SHA-1 of the unnamed stream (null for none). */
	static Map<String, String> hashes(Path file, int index) throws IOException, InterruptedException {
		String out = Tools.ok("wimlib-imagex", "dir", file.toString(), Integer.toString(index), "--detailed").stdout();
		Map<String, String> hashes = new TreeMap<>();
		String path = null;
		boolean unnamed = false;
		for (String line : out.split("\n")) {
			String trimmed = line.trim();
			if (trimmed.startsWith("Full Path")) {
				path = trimmed.substring(trimmed.indexOf('"') + 1, trimmed.lastIndexOf('"'));
				unnamed = false;
			} else if (trimmed.startsWith("Unnamed data stream")) {
				unnamed = true;
			} else if (unnamed && trimmed.startsWith("Hash") && path != null) {
				String hex = trimmed.substring(trimmed.indexOf("0x") + 2);
				hashes.put(path, hex.matches("0+") ? null : hex);
				unnamed = false;
			}
		}
		return hashes;
	}

	/** {@code wimdir FILE INDEX}: every path. */
	static List<String> paths(Path file, int index) throws IOException, InterruptedException {
		String out = Tools.ok("wimlib-imagex", "dir", file.toString(), Integer.toString(index)).stdout();
		return out.lines().filter(line -> !line.isBlank()).toList();
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return sha(in, "SHA-256");
		}
	}

	static String sha(InputStream in, String algorithm) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance(algorithm);
			byte[] buffer = new byte[65536];
			int read;
			while ((read = in.read(buffer)) > 0) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IOException(e);
		}
	}
}
