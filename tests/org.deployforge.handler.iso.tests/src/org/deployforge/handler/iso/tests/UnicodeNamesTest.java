package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.capability.IsoBuildCapability;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names outside ASCII survive every rebuild: they are UTF-8 on the host and must come out the same on the media. */
class UnicodeNamesTest {

	private static final String UMLAUT = "Prüfung.txt";
	private static final String ACCENTS = "ünï-Ωmega.txt";

	@TempDir
	Path temp;

	@Test
	void namesSurviveAnXorrisoReplayRebuild() throws Exception {
		Path tree = Files.createDirectories(temp.resolve("tree"));
		Files.writeString(tree.resolve(UMLAUT), "prüfen\n");
		Path iso = temp.resolve("names.iso");
		Tools.ok("xorriso", "-as", "mkisofs", "-R", "-J", "-input-charset", "utf-8", "-o", iso.toString(),
				tree.toString());
		Path added = Files.writeString(temp.resolve("added.txt"), "new\n");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.DEFAULT)) {
			image.tree(1).add(added, "/" + ACCENTS);
			image.commit(new NullProgressMonitor());
		}
		assertNames(iso);
	}

	@Test
	void namesSurviveAGenisoimageBuildAndRebuild() throws Exception {
		Path media = IsoTesting.windowsTree(temp, 4096);
		Files.writeString(media.resolve(UMLAUT), "prüfen\n");
		Path iso = temp.resolve("media.iso");
		IsoBuildCapability build = IsoTesting.service().handler("iso").orElseThrow()
				.capability(IsoBuildCapability.class).orElseThrow();
		build.build(media, iso, "UNICODE", new NullProgressMonitor());
		Path added = Files.writeString(temp.resolve("added.txt"), "new\n");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.DEFAULT)) {
			image.tree(1).add(added, "/" + ACCENTS);
			image.commit(new NullProgressMonitor());
		}
		assertNames(iso);
	}

	private static void assertNames(Path iso) throws Exception {
		TreeMap<String, Long> sevenZip = IsoTesting.sevenZipFiles(iso, "iso");
		assertTrue(sevenZip.containsKey(UMLAUT) && sevenZip.containsKey(ACCENTS), "7zz lists " + sevenZip.keySet());
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			var names = image.tree(1).list("/").stream().map(ImageEntry::name).toList();
			assertTrue(names.contains(UMLAUT) && names.contains(ACCENTS), "DeployForge lists " + names);
		}
	}
}
