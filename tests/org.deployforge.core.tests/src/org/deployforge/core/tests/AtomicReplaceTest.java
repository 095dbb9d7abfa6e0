package org.deployforge.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.deployforge.core.AtomicReplace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol keeps what a user would check: the content, the permissions, no stray work file. */
class AtomicReplaceTest {

	@TempDir
	Path temp;

	@Test
	void aReplacedImageKeepsItsPermissions() throws Exception {
		Path image = Files.writeString(temp.resolve("install.wim"), "old");
		Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-rw-r--"));
		try (AtomicReplace replace = AtomicReplace.beside(image)) {
			Files.writeString(replace.temporary(), "new");
			replace.commit();
		}
		assertEquals("new", Files.readString(image));
		assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(image)));
		try (var left = Files.list(temp)) {
			assertEquals(1, left.count(), "no work file is left beside the image");
		}
	}

	@Test
	void aNewImageGetsThePermissionsOfAnyNewFileNotOwnerOnly() throws Exception {
		Path reference = Files.createFile(temp.resolve("reference"));
		Path image = temp.resolve("new.wim");
		try (AtomicReplace replace = AtomicReplace.beside(image)) {
			Files.writeString(replace.temporary(), "new");
			replace.commit();
		}
		assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(image),
				"the umask decides, as for any file the user creates");
	}

	@Test
	void anAbandonedReplaceLeavesTheOriginalAndNoWorkFile() throws Exception {
		Path image = Files.writeString(temp.resolve("boot.wim"), "original");
		Path work;
		try (AtomicReplace replace = AtomicReplace.beside(image)) {
			work = replace.temporary();
			Files.writeString(work, "half");
		}
		assertEquals("original", Files.readString(image));
		assertFalse(Files.exists(work));
	}
}
