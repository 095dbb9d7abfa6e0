package org.deployforge.handler.wim.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Generated host trees for capture tests, and their fingerprint (bytes and modification times). */
final class Trees {

	private Trees() {
	}

	/**
	 * Unicode names, empty files, a deep path, a file of random bytes, and {@code bulk} small files in folders of 200.
	 * Modification times are set to distinct values with 100 ns resolution (what a WIM stores).
	 */
	static void make(Path root, int bulk, int randomBytes) throws IOException {
		Files.createDirectories(root);
		int[] counter = { 0 };
		write(root.resolve("Ünïcödé ✓ 日本語.txt"), "unicode\n".getBytes(StandardCharsets.UTF_8), counter);
		write(root.resolve("😀 emoji.bin"), new byte[] { 0, 1, 2, 3 }, counter);
		write(root.resolve("empty.txt"), new byte[0], counter);
		Files.createDirectories(root.resolve("empty folder"));
		Path deep = root;
		for (int level = 0; level < 40; level++) {
			deep = deep.resolve("level-" + level + "-ünicode");
		}
		Files.createDirectories(deep);
		write(deep.resolve("deep.txt"), "deep\n".getBytes(StandardCharsets.UTF_8), counter);
		write(deep.resolve("empty-deep"), new byte[0], counter);
		if (randomBytes > 0) {
			byte[] random = new byte[randomBytes];
			new Random(42).nextBytes(random);
			write(root.resolve("random.bin"), random, counter);
		}
		for (int i = 0; i < bulk; i++) {
			Path folder = root.resolve("bulk").resolve(String.format("d%03d", i / 200));
			if (i % 200 == 0) {
				Files.createDirectories(folder);
			}
			write(folder.resolve("f" + i + ".txt"), ("file " + i + "\n").getBytes(StandardCharsets.UTF_8), counter);
		}
	}

	private static void write(Path file, byte[] content, int[] counter) throws IOException {
		Files.write(file, content);
		int n = counter[0]++;
		Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_600_000_000L + n, (n % 10_000) * 100L)));
	}

	/** relative path → "dir", or "SHA-256 mtime" of a file */
	static Map<String, String> fingerprint(Path root) throws IOException {
		Map<String, String> result = new TreeMap<>();
		try (Stream<Path> all = Files.walk(root)) {
			for (Path path : (Iterable<Path>) all::iterator) {
				String key = root.relativize(path).toString();
				if (key.isEmpty()) {
					continue;
				}
				if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
					result.put(key, "dir");
				} else {
					result.put(key, Wimlib.sha256(path) + " " + Files.getLastModifiedTime(path).toInstant());
				}
			}
		}
		return result;
	}
}
