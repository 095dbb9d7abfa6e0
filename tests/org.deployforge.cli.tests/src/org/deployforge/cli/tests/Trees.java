package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Generated host trees to capture, and comparisons of trees and files. */
final class Trees {

	private Trees() {
	}

	/**
	 * A tree with what trips up image code: Unicode names (accents, CJK, emoji), names with spaces, empty files and
	 * folders, a deep path, files of a few sizes, and fixed modification times (whole seconds).
	 */
	static Path tricky(Path root) throws IOException {
		Files.createDirectories(root);
		write(root.resolve("readme.txt"), "DeployForge test tree\n".getBytes());
		write(root.resolve("empty.bin"), new byte[0]);
		Files.createDirectories(root.resolve("empty folder"));
		Path unicode = Files.createDirectories(root.resolve("Ünïcödé 日本語 🙂"));
		write(unicode.resolve("café.txt"), "crème brûlée\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		write(unicode.resolve("данные.dat"), random(70_000, 7));
		Path deep = root;
		for (int i = 0; i < 24; i++) {
			deep = deep.resolve("level" + i);
		}
		Files.createDirectories(deep);
		write(deep.resolve("deep file.txt"), "at the bottom\n".getBytes());
		Path windows = Files.createDirectories(root.resolve("Windows/System32/config"));
		write(windows.resolve("SOFTWARE"), random(300_000, 11));
		write(root.resolve("Windows/System32/notepad.exe"), random(123_457, 13));
		write(root.resolve("compressible.log"), "line of a log file\n".repeat(20_000).getBytes());
		setTimes(root);
		return root;
	}

	/** {@code count} small files spread over folders of 500. */
	static Path many(Path root, int count) throws IOException {
		Files.createDirectories(root);
		for (int i = 0; i < count; i++) {
			Path folder = root.resolve(String.format("d%03d", i / 500));
			if (i % 500 == 0) {
				Files.createDirectories(folder);
			}
			Files.write(folder.resolve("f" + i + ".txt"), ("file " + i + "\n").getBytes());
		}
		return root;
	}

	/** Files of incompressible (random) data adding up to about {@code bytes}. */
	static Path incompressible(Path root, long bytes, int seed) throws IOException {
		Files.createDirectories(root);
		SplittableRandom random = new SplittableRandom(seed);
		byte[] buffer = new byte[1 << 20];
		long fileSize = 32L << 20;
		int file = 0;
		for (long written = 0; written < bytes; file++) {
			try (OutputStream out = Files.newOutputStream(root.resolve("random" + file + ".bin"))) {
				for (long inFile = 0; inFile < fileSize && written < bytes; inFile += buffer.length) {
					random.nextBytes(buffer);
					out.write(buffer);
					written += buffer.length;
				}
			}
		}
		return root;
	}

	static byte[] random(int size, int seed) {
		byte[] bytes = new byte[size];
		new SplittableRandom(seed).nextBytes(bytes);
		return bytes;
	}

	private static void write(Path file, byte[] bytes) throws IOException {
		Files.write(file, bytes);
	}

	/** Gives every file and folder a distinct whole-second modification time (children first, so folders keep theirs). */
	static void setTimes(Path root) throws IOException {
		List<Path> all;
		try (Stream<Path> walk = Files.walk(root)) {
			all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
		}
		long base = Instant.parse("2024-03-01T10:00:00Z").getEpochSecond();
		int i = 0;
		for (Path path : all) {
			Files.setLastModifiedTime(path, FileTime.from(Instant.ofEpochSecond(base + 3600L * i++)));
		}
	}

	/** @return relative path ("/" separated) -> SHA-256 of the file, or "dir" for folders */
	static Map<String, String> digest(Path root) throws IOException {
		Map<String, String> digests = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path path : (Iterable<Path>) walk::iterator) {
				if (path.equals(root)) {
					continue;
				}
				String relative = root.relativize(path).toString().replace('\\', '/');
				digests.put(relative, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "dir" : sha256(path));
			}
		}
		return digests;
	}

	/** Fails unless both trees hold the same names, the same bytes and the same file modification times. */
	static void assertSameTree(Path expected, Path actual, boolean times) throws IOException {
		assertEquals(digest(expected), digest(actual), "same names and bytes below " + actual);
		if (times) {
			try (Stream<Path> walk = Files.walk(expected)) {
				for (Path path : (Iterable<Path>) walk::iterator) {
					if (Files.isRegularFile(path)) {
						Path other = actual.resolve(expected.relativize(path).toString());
						assertEquals(Files.getLastModifiedTime(path).toInstant().getEpochSecond(),
								Files.getLastModifiedTime(other).toInstant().getEpochSecond(),
								"modification time of " + other);
					}
				}
			}
		}
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static void assertSameBytes(Path expected, Path actual) throws IOException {
		assertTrue(Files.isRegularFile(actual), actual + " exists");
		assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), "bytes of " + actual);
	}
}
