package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.OpenOptions;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction never leaves the target folder, whatever the names on the ISO: {@code ..} components (xorriso refuses to
 * write them, so the test patches the name bytes of a real ISO), Rock Ridge symbolic links pointing outside, and names
 * that collide once {@code \} is read as a separator.
 */
class HostileNamesTest {

	@TempDir
	Path temp;

	@Test
	void dotDotNamesAreSkippedWithAReasonAndNothingLandsOutside() throws Exception {
		Path source = Files.createDirectories(temp.resolve("src"));
		Files.writeString(source.resolve("AAAAAAA"), "secret\n");
		Files.writeString(source.resolve("ok.txt"), "fine\n");
		Path clean = temp.resolve("clean.iso");
		Tools.ok("xorriso", "-outdev", clean.toString(), "-map", source.toString(), "/");
		byte[] bytes = Files.readAllBytes(clean);
		String latin = new String(bytes, StandardCharsets.ISO_8859_1);
		assertTrue(latin.contains("AAAAAAA"));
		Path hostile = temp.resolve("deep/er/hostile.iso");
		Files.createDirectories(hostile.getParent());
		Files.write(hostile, latin.replace("AAAAAAA", "../../x").getBytes(StandardCharsets.ISO_8859_1));
		assertTrue(Tools.ok("7zz", "l", hostile.toString()).stdout().contains("../../x"),
				"7zz lists the hostile name as stored");

		Path target = temp.resolve("deep/er/out");
		try (Image image = IsoTesting.service().open(hostile, OpenOptions.READ_ONLY)) {
			ExtractResult result = image.tree(1).extract(List.of("/"), target, new NullProgressMonitor());
			assertEquals(1, result.files());
			assertEquals(1, result.skipped().size(), result.skipped().toString());
			assertTrue(result.skipped().get(0).contains("unsafe name '../../x'"), result.skipped().toString());
			assertTrue(image.tree(1).find("/x").isEmpty());
		}
		assertEquals("fine\n", Files.readString(target.resolve("ok.txt")));
		assertFalse(Files.exists(temp.resolve("deep/x")), "nothing two levels up");
		assertFalse(Files.exists(temp.resolve("deep/er/x")));
		assertEquals(List.of("ok.txt"), names(target));
	}

	@Test
	void rockRidgeLinksAreNeverCreatedOrFollowedAndCollisionsAreReported() throws Exception {
		Path source = Files.createDirectories(temp.resolve("src"));
		Files.createDirectories(source.resolve("a"));
		Files.writeString(source.resolve("a/b"), "the folder's file\n");
		Files.writeString(source.resolve("a\\b"), "a name with a backslash\n");
		Files.createSymbolicLink(source.resolve("passwd"), Path.of("/etc/passwd"));
		Files.createSymbolicLink(source.resolve("a/up"), Path.of("../../../.."));
		Path iso = temp.resolve("links.iso");
		Tools.ok("xorriso", "-outdev", iso.toString(), "-map", source.toString(), "/");
		Path target = temp.resolve("out");
		Files.createDirectories(target);
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			assertTrue(image.info().properties().get("Rock Ridge").startsWith("yes"), image.info().properties().toString());
			assertTrue(image.tree(1).stat("/passwd").isReparsePoint());
			ExtractResult result = image.tree(1).extract(List.of("/"), target, new NullProgressMonitor());
			String skipped = String.join("\n", result.skipped());
			assertTrue(skipped.contains("symbolic link '/passwd' -> '/etc/passwd' not extracted"), skipped);
			assertTrue(skipped.contains("symbolic link '/a/up' -> '../../../.."), skipped);
			assertTrue(skipped.contains("unsafe name 'a\\b': it holds '\\', which Windows reads as a folder separator"),
					skipped);
			assertEquals(3, result.skipped().size(), skipped);
			assertEquals(1, result.files());
		}
		assertFalse(Files.exists(target.resolve("passwd"), LinkOption.NOFOLLOW_LINKS));
		assertFalse(Files.exists(target.resolve("a/up"), LinkOption.NOFOLLOW_LINKS));
		try (Stream<Path> walk = Files.walk(target)) {
			assertTrue(walk.noneMatch(Files::isSymbolicLink), "no link was created");
		}
		assertEquals(1, Files.list(target.resolve("a")).count());
		assertEquals("the folder's file\n", Files.readString(target.resolve("a/b")), "the real a/b, not the file 'a\\b'");
	}

	@Test
	void aLinkPlantedInTheTargetIsNotWrittenThrough() throws Exception {
		Path source = Files.createDirectories(temp.resolve("src/sub"));
		Files.writeString(source.resolve("f.txt"), "data\n");
		Path iso = temp.resolve("plain.iso");
		Tools.ok("xorriso", "-outdev", iso.toString(), "-map", temp.resolve("src").toString(), "/");
		Path outside = Files.createDirectories(temp.resolve("outside"));
		Path target = Files.createDirectories(temp.resolve("target"));
		Files.createSymbolicLink(target.resolve("sub"), outside);
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			ExtractResult result = image.tree(1).extract(List.of("/"), target, new NullProgressMonitor());
			assertEquals(0, result.files());
			assertTrue(result.skipped().get(0).contains("through the symbolic link"), result.skipped().toString());
		}
		assertEquals(List.of(), names(outside));
	}

	private static List<String> names(Path folder) throws Exception {
		try (Stream<Path> list = Files.list(folder)) {
			return list.map(path -> path.getFileName().toString()).sorted().toList();
		}
	}
}
