package org.deployforge.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deployforge.core.ImagePath;
import org.deployforge.core.UnsafePathException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile in-image names never lead out of the target folder. */
class ImagePathTest {

	@TempDir
	Path target;

	@ParameterizedTest
	@ValueSource(strings = { "../../etc/passwd", "..\\..\\x", "a/../../b", "a\\..\\..\\b", "..", "/..", "C:\\Windows",
			"c:/windows/system32", "D:relative", "\\\\server\\share\\file", "//server/share", "\\\\?\\C:\\x",
			"\\\\.\\PhysicalDrive0", "name\0hidden", "a/C:/b" })
	void hostileNamesAreRefusedWithTheNameInTheMessage(String hostile) {
		UnsafePathException error = assertThrows(UnsafePathException.class, () -> ImagePath.parse(hostile));
		assertTrue(error.getMessage().startsWith("unsafe name '"), error.getMessage());
		assertTrue(error.getMessage().contains(ImagePath.printable(hostile)), error.getMessage());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/abs/file.txt", "abs/file.txt", "\\abs\\file.txt", "./abs/./file.txt", "abs//file.txt" })
	void absoluteAndBackslashFormsAreNeutralisedToTheImageRoot(String name) throws UnsafePathException {
		ImagePath path = ImagePath.parse(name);
		assertEquals("/abs/file.txt", path.toString());
		assertEquals(target.toAbsolutePath().resolve("abs/file.txt"), path.resolveUnder(target));
	}

	@ParameterizedTest
	@ValueSource(strings = { "...", "....", "a/.../b", ". . .", "..a", "a..", "file..txt" })
	void namesMadeOfDotsAreOrdinaryNamesInsideTheTarget(String name) throws UnsafePathException {
		Path resolved = ImagePath.parse(name).resolveUnder(target);
		assertTrue(resolved.startsWith(target.toAbsolutePath()), resolved + " is inside " + target);
		assertTrue(!resolved.equals(target.toAbsolutePath()), "a dotted name is not the target itself");
	}

	@Test
	void rootAndParentsBehave() throws UnsafePathException {
		assertTrue(ImagePath.parse("/").isRoot());
		assertTrue(ImagePath.parse("").isRoot());
		ImagePath path = ImagePath.parse("\\Windows\\System32\\config\\SOFTWARE");
		assertEquals("/Windows/System32/config/SOFTWARE", path.toString());
		assertEquals("SOFTWARE", path.name());
		assertEquals("/Windows/System32/config", String.valueOf(path.parent()));
		assertTrue(ImagePath.parse("/Windows").contains(path));
		assertEquals("/Windows/System32/drivers", ImagePath.parse("/Windows/System32").resolve("drivers").toString());
		assertThrows(UnsafePathException.class, () -> ImagePath.parse("/Windows").resolve("../../etc"));
	}

	@Test
	void symbolicLinksInsideTheTargetAreNotFollowed() throws IOException {
		Path outside = Files.createTempDirectory("outside");
		Files.createSymbolicLink(target.resolve("escape"), outside);
		UnsafePathException error = assertThrows(UnsafePathException.class,
				() -> ImagePath.parse("escape/passwd").resolveUnder(target));
		assertTrue(error.getMessage().contains("symbolic link"), error.getMessage());
		assertEquals(0, outside.toFile().list().length, "nothing was written outside");
	}
}
