package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImageTree;
import org.deployforge.core.OpenOptions;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared ISO fixtures from libcdio, read through the handler and compared with 7zz and xorriso. */
class FixtureTest {

	@TempDir
	Path temp;

	@Test
	void udfBridgeFilesAreListedAndExtractedFromUdf() throws Exception {
		Path iso = Fixtures.require("iso/test-udf1.iso");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			assertEquals("iso", image.handlerId());
			ImageInfo info = image.info();
			Map<String, String> properties = info.properties();
			assertEquals("UDF", properties.get("Files read from"), properties.toString());
			assertTrue(properties.get("UDF").startsWith("1.02"), properties.toString());
			assertTrue(properties.get("File systems").contains("Joliet"), properties.toString());
			assertEquals("CDROM", properties.get("UDF logical volume identifier"));
			assertEquals("no", properties.get("Windows media").substring(0, 2));

			ImageTree tree = image.tree(1);
			TreeMap<String, Long> listed = new TreeMap<>();
			tree.walk("/", entry -> {
				if (!entry.directory()) {
					listed.put(entry.path().substring(1), entry.size());
				}
				return true;
			});
			TreeMap<String, Long> sevenZip = IsoTesting.sevenZipFiles(iso, "udf");
			assertFalse(sevenZip.isEmpty());
			assertEquals(sevenZip, listed, "the handler lists what 7zz lists from UDF");

			Path ours = temp.resolve("ours");
			ExtractResult result = tree.extract(List.of("/"), ours, new NullProgressMonitor());
			assertEquals(sevenZip.size(), result.files());
			assertTrue(result.skipped().isEmpty(), result.skipped().toString());
			Path theirs = temp.resolve("theirs");
			Tools.ok("7zz", "x", "-tudf", "-o" + theirs, iso.toString());
			assertEquals(IsoTesting.files(theirs), IsoTesting.files(ours));
			for (String file : sevenZip.keySet()) {
				assertArrayEquals(Files.readAllBytes(theirs.resolve(file)), Files.readAllBytes(ours.resolve(file)), file);
			}
			String first = sevenZip.firstKey();
			try (InputStream in = tree.read("/" + first)) {
				assertArrayEquals(Files.readAllBytes(theirs.resolve(first)), in.readAllBytes());
			}
		}
	}

	@Test
	void jolietLongNamesAreListed() throws Exception {
		Path iso = Fixtures.require("iso/joliet.iso");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			Map<String, String> properties = image.info().properties();
			assertTrue(properties.get("Joliet").startsWith("level "), properties.toString());
			assertEquals("ISO 9660 (Joliet names)", properties.get("Files read from"));
			assertEquals("K3b data project", properties.get("Volume label"));
			TreeMap<String, Long> listed = new TreeMap<>();
			image.tree(1).walk("/", entry -> {
				if (!entry.directory()) {
					listed.put(entry.path().substring(1), entry.size());
				}
				return true;
			});
			assertEquals(IsoTesting.sevenZipFiles(iso, "iso"), listed);
			assertTrue(listed.keySet().stream().anyMatch(path -> path.endsWith("README.libcdio")),
					"a Joliet name longer than 8.3 and with mixed case: " + listed.keySet());
			ImageEntry readme = image.tree(1).stat("/libcdio/README.libcdio");
			assertEquals(2849, readme.size());
		}
	}

	@Test
	void multiExtentFileExtractsWhole() throws Exception {
		Path iso = Fixtures.require("iso/multi_extent_8k.iso");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			Map<String, String> properties = image.info().properties();
			assertEquals("level 3 (multi-extent files)", properties.get("ISO 9660 level"), properties.toString());
			ImageEntry entry = image.tree(1).stat("/multi_extent_file");
			assertEquals(54305, entry.size());
			ExtractResult result = image.tree(1).extract(List.of("/multi_extent_file"), temp.resolve("ours"),
					new NullProgressMonitor());
			assertEquals(1, result.files());
			assertEquals(54305, result.bytes());
			Path xorriso = temp.resolve("xorriso");
			Files.createDirectories(xorriso);
			Tools.ok("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/multi_extent_file",
					xorriso.resolve("multi_extent_file").toString());
			byte[] expected = Files.readAllBytes(xorriso.resolve("multi_extent_file"));
			assertEquals(54305, expected.length);
			assertArrayEquals(expected, Files.readAllBytes(temp.resolve("ours/multi_extent_file")));
			assertArrayEquals(expected, IsoTesting.sevenZipBytes(iso, "iso", "multi_extent_file"));
		}
	}

	@Test
	void malformedIsoGivesOneClearErrorAndNoOutput() throws Exception {
		Path iso = Fixtures.require("iso/malformed.iso");
		Path target = Files.createDirectories(temp.resolve("out"));
		ImageException error = assertThrows(ImageException.class,
				() -> IsoTesting.service().open(iso, OpenOptions.READ_ONLY).tree(1).extract(List.of("/"), target,
						new NullProgressMonitor()));
		assertInstanceOf(CorruptImageException.class, error);
		String message = error.getMessage();
		assertTrue(message.startsWith(iso + ": not a readable ISO image: "), message);
		assertTrue(message.contains("primary volume descriptor (sector 16) is invalid"), message);
		assertTrue(message.contains("logical block size 12336 (must be 2048)"), message);
		assertFalse(message.contains("\n"), "one line: " + message);
		try (var listing = Files.list(target)) {
			assertEquals(0, listing.count(), "nothing was written");
		}
		IsoTesting.Run run = IsoTesting.cli("iso", "split-wim", iso.toString(), temp.resolve("x.iso").toString());
		assertEquals(1, run.exit());
		assertEquals("deployforge: " + message, run.err().strip());
		assertFalse(Files.exists(temp.resolve("x.iso")));
	}
}
