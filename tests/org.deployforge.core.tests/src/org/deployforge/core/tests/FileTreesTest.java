package org.deployforge.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.deployforge.core.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one clean-up every bundle uses for work folders: whole trees go, links inside them are removed as links and
 * what they point to stays, and a missing path is no error.
 */
class FileTreesTest {

	@TempDir
	Path temp;

	@Test
	void aTreeGoesButWhatItsLinksPointToStays() throws Exception {
		for (boolean quietly : new boolean[] { false, true }) {
			Path outside = Files.createDirectories(temp.resolve("outside-" + quietly));
			Files.writeString(outside.resolve("keep.txt"), "outside the work folder\n");
			Path work = Files.createDirectories(temp.resolve("work-" + quietly + "/a/b"));
			Files.writeString(work.resolve("file.bin"), "x");
			Files.createSymbolicLink(work.resolve("to-outside"), outside);
			Files.createSymbolicLink(work.getParent().resolve("to-keep"), outside.resolve("keep.txt"));
			Path root = temp.resolve("work-" + quietly);
			if (quietly) {
				FileTrees.deleteQuietly(root);
			} else {
				FileTrees.delete(root);
			}
			assertFalse(Files.exists(root, LinkOption.NOFOLLOW_LINKS), "the tree is gone");
			assertEquals("outside the work folder\n", Files.readString(outside.resolve("keep.txt")));
		}
	}

	@Test
	void aSingleFileALinkItselfAndAMissingPath() throws Exception {
		Path file = Files.writeString(temp.resolve("one.txt"), "1");
		FileTrees.delete(file);
		assertFalse(Files.exists(file));
		Path target = Files.createDirectories(temp.resolve("target"));
		Path link = Files.createSymbolicLink(temp.resolve("link"), target);
		FileTrees.delete(link);
		assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
		assertTrue(Files.isDirectory(target), "a link given as the root is removed, not followed");
		FileTrees.delete(temp.resolve("never-made"));
		FileTrees.deleteQuietly(temp.resolve("never-made"));
		FileTrees.deleteQuietly(null);
	}
}
