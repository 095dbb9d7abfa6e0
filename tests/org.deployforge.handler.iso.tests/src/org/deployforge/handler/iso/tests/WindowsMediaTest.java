package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.deployforge.core.CommitResult;
import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.capability.InstallWimSplitCapability;
import org.deployforge.core.capability.IsoBuildCapability;
import org.deployforge.tests.common.Tools;
import org.deployforge.tests.common.Xorriso;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows-like media built with real tools: build, inspect, change, commit, check again with xorriso and 7zz. */
class WindowsMediaTest {

	@TempDir
	Path temp;

	private static final List<String> EXPECTED_BOOT = List.of("BIOS none 8 /boot/etfsboot.com",
			"UEFI none 2880 /efi/microsoft/boot/efisys.bin");

	private Path build(Path tree, String label) throws Exception {
		Path iso = temp.resolve("win.iso");
		IsoBuildCapability builder = IsoTesting.service().handler("iso").orElseThrow()
				.capability(IsoBuildCapability.class).orElseThrow();
		CommitResult built = builder.build(tree, iso, label, new NullProgressMonitor());
		assertEquals(iso, built.file());
		assertEquals(Files.size(iso), built.bytes());
		assertTrue(built.notes().get(0).startsWith("built by genisoimage"), built.notes().toString());
		assertTrue(built.notes().get(1).contains("UDF 1.02"), built.notes().toString());
		return iso;
	}

	@Test
	void buildInspectAddAnswerFileCommitAndCheckAgain() throws Exception {
		Path tree = IsoTesting.windowsTree(temp, 64 * 1024);
		Path iso = build(tree, "DF_TEST_X64");

		assertEquals(EXPECTED_BOOT, Xorriso.bootEntries(iso));
		assertEquals(IsoTesting.files(tree), IsoTesting.sevenZipFiles(iso, "udf"), "UDF holds every file");
		assertEquals("DF_TEST_X64", IsoTesting.xorrisoVolumeId(iso));
		byte[] biosBefore = IsoTesting.sevenZipBytes(iso, "iso", "[BOOT]/1-Boot-NoEmul.img");
		byte[] uefiBefore = IsoTesting.sevenZipBytes(iso, "iso", "[BOOT]/2-Boot-NoEmul.img");
		assertArrayEquals(Files.readAllBytes(tree.resolve("boot/etfsboot.com")), biosBefore);
		assertArrayEquals(Files.readAllBytes(tree.resolve("efi/microsoft/boot/efisys.bin")), uefiBefore);

		Path answer = temp.resolve("autounattend.xml");
		Files.writeString(answer, "<?xml version=\"1.0\"?><unattend xmlns=\"urn:schemas-microsoft-com:unattend\"/>\n");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.DEFAULT)) {
			Map<String, String> properties = image.info().properties();
			assertEquals("DF_TEST_X64", properties.get("Volume label"));
			assertTrue(properties.get("Windows media").startsWith("yes (/sources/install.wim"), properties.toString());
			assertEquals("1.02 (NSR02)", properties.get("UDF"));
			assertEquals("level 1", properties.get("ISO 9660 level"), "inferred from the 8.3 names genisoimage -iso-level 3 writes");
			assertTrue(properties.get("Boot entry 1").startsWith("BIOS, no emulation"), properties.toString());
			assertTrue(properties.get("Boot entry 1").contains("8 sectors"), properties.toString());
			assertTrue(properties.get("Boot entry 1").endsWith("/boot/etfsboot.com"), properties.toString());
			assertTrue(properties.get("Boot entry 2").startsWith("UEFI, no emulation"), properties.toString());
			assertTrue(properties.get("Boot entry 2").endsWith("/efi/microsoft/boot/efisys.bin"), properties.toString());
			assertEquals(image.info().volumes().get(0).fileCount(), IsoTesting.files(tree).size());

			image.tree(1).add(answer, "/autounattend.xml");
			assertEquals(1, image.pendingChanges().size());
			CommitResult result = image.commit(new NullProgressMonitor());
			String notes = String.join("\n", result.notes());
			assertTrue(notes.startsWith("rebuilt by genisoimage"), notes);
			assertTrue(notes.contains("UDF bridge kept because the original carries UDF"), notes);
			assertTrue(notes.contains("file systems: ISO 9660 + Joliet level 3 + UDF 1.02;"
					+ " volume label 'DF_TEST_X64'"), notes);
			assertTrue(notes.contains("2 boot images verified byte-for-byte"), notes);
			assertFalse(image.hasChanges());
			assertEquals("<?xml", IsoTesting.utf8(image.tree(1).read("/autounattend.xml").readNBytes(5)));
		}
		assertEquals(EXPECTED_BOOT, Xorriso.bootEntries(iso));
		TreeMap<String, Long> expected = IsoTesting.files(tree);
		expected.put("autounattend.xml", Files.size(answer));
		assertEquals(expected, IsoTesting.sevenZipFiles(iso, "udf"), "UDF holds every file and the answer file");
		assertEquals("DF_TEST_X64", IsoTesting.xorrisoVolumeId(iso));
		assertArrayEquals(biosBefore, IsoTesting.sevenZipBytes(iso, "iso", "[BOOT]/1-Boot-NoEmul.img"));
		assertArrayEquals(uefiBefore, IsoTesting.sevenZipBytes(iso, "iso", "[BOOT]/2-Boot-NoEmul.img"));
		try (var siblings = Files.list(temp)) {
			assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".win.iso")),
					"no work folder or temporary file is left beside the ISO");
		}
	}

	@Test
	void replaceInstallWimRemoveAndRenameThenCommit() throws Exception {
		Path tree = IsoTesting.windowsTree(temp, 16 * 1024);
		Files.write(tree.resolve("empty.txt"), new byte[0]); // genisoimage gives it the boot catalog's sector
		Path iso = build(tree, "REPLACE");
		Path capture = Files.createDirectories(temp.resolve("newcapture"));
		Files.writeString(capture.resolve("new.txt"), "second edition\n");
		Path newWim = temp.resolve("install.wim");
		Tools.ok("wimlib-imagex", "capture", capture.toString(), newWim.toString(), "Windows 11 Enterprise");
		byte[] before = Files.readAllBytes(iso);
		try (Image image = IsoTesting.service().open(iso, OpenOptions.DEFAULT)) {
			assertEquals(List.of("no staged changes: the ISO was not rewritten"),
					image.commit(new NullProgressMonitor()).notes());
			assertArrayEquals(before, Files.readAllBytes(iso));
			image.tree(1).add(newWim, "\\sources\\install.wim");
			EntryNotFoundException noFolder = assertThrows(EntryNotFoundException.class,
					() -> image.tree(1).rename("/setup.exe", "/nonexist/x.exe"));
			assertEquals(iso + ": no such folder /nonexist", noFolder.getMessage());
			image.tree(1).remove("/setup.exe");
			image.tree(1).add(Files.createDirectories(temp.resolve("docs")), "/docs"); // mv needs its folder
			image.tree(1).rename("/README.TXT", "/docs/readme.txt");
			CommitResult result = image.commit(new NullProgressMonitor());
			assertEquals(4, result.changes());
		}
		TreeMap<String, Long> listed = IsoTesting.sevenZipFiles(iso, "udf");
		assertFalse(listed.containsKey("setup.exe"));
		assertFalse(listed.containsKey("README.TXT"));
		assertEquals(Files.size(tree.resolve("README.TXT")), listed.get("docs/readme.txt"));
		assertEquals(0L, listed.get("empty.txt"), "an empty file is kept, not taken for the hidden boot catalog");
		assertEquals(Files.size(newWim), listed.get("sources/install.wim"));
		Path out = temp.resolve("check");
		Files.createDirectories(out);
		Tools.ok("7zz", "e", "-tudf", "-o" + out, iso.toString(), "sources/install.wim");
		String info = Tools.ok("wimlib-imagex", "info", out.resolve("install.wim").toString()).stdout();
		assertTrue(info.contains("Windows 11 Enterprise"), info);
		assertEquals(EXPECTED_BOOT, Xorriso.bootEntries(iso));
		assertEquals("REPLACE", IsoTesting.xorrisoVolumeId(iso));
	}

	@Test
	void cliBuildsAndSplitsInstallWimForFat32() throws Exception {
		Path tree = IsoTesting.windowsTree(temp, 3 * 1024 * 1024);
		Path iso = temp.resolve("cli.iso");
		IsoTesting.Run build = IsoTesting.cli("iso", "build", tree.toString(), iso.toString(), "--label", "CLI_MEDIA");
		assertEquals(0, build.exit(), build.err());
		assertTrue(build.out().startsWith("Built " + iso + " ("), build.out());
		assertEquals(EXPECTED_BOOT, Xorriso.bootEntries(iso));
		assertEquals("CLI_MEDIA", IsoTesting.xorrisoVolumeId(iso));

		Path split = temp.resolve("split.iso");
		IsoTesting.Run run = IsoTesting.cli("iso", "split-wim", iso.toString(), split.toString(), "--max-part-size", "1");
		assertEquals(0, run.exit(), run.err() + run.out());
		assertTrue(run.out().contains("sources/install.wim ("), run.out());
		assertTrue(run.out().contains("split by the wim handler (SplitCapability) into "), run.out());
		TreeMap<String, Long> listed = IsoTesting.sevenZipFiles(split, "udf");
		assertFalse(listed.containsKey("sources/install.wim"), listed.toString());
		assertTrue(listed.containsKey("sources/install.swm"), listed.toString());
		assertTrue(listed.containsKey("sources/install2.swm"), listed.toString());
		assertEquals(EXPECTED_BOOT, Xorriso.bootEntries(split));
		assertEquals("CLI_MEDIA", IsoTesting.xorrisoVolumeId(split));
		Path out = Files.createDirectories(temp.resolve("parts"));
		Tools.ok("7zz", "x", "-tudf", "-o" + out, split.toString(), "sources");
		String info = Tools.ok("wimlib-imagex", "info", out.resolve("sources/install.swm").toString()).stdout();
		assertTrue(info.contains("Windows 11 Pro"), info);
		assertTrue(Files.exists(iso), "the source media stay as they were");
		assertTrue(IsoTesting.sevenZipFiles(iso, "udf").containsKey("sources/install.wim"));
	}

	@Test
	void splittingAnInstallWimThatFitsOnePartSaysSoAndWritesNothing() throws Exception {
		Path tree = IsoTesting.windowsTree(temp, 64 * 1024);
		Path iso = temp.resolve("small.iso");
		assertEquals(0, IsoTesting.cli("iso", "build", tree.toString(), iso.toString()).exit());
		long wimBytes = Files.size(tree.resolve("sources/install.wim"));
		Path split = temp.resolve("split.iso");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.DEFAULT)) {
			ImageException refused = assertThrows(ImageException.class, () -> image
					.capability(InstallWimSplitCapability.class).orElseThrow()
					.splitInstallWim(split, InstallWimSplitCapability.DEFAULT_PART_BYTES, new NullProgressMonitor()));
			assertEquals(iso + ": " + String.format(java.util.Locale.ROOT, "no split needed: sources/install.wim (%,d"
					+ " bytes) fits in one part of %,d bytes; nothing was written", wimBytes,
					InstallWimSplitCapability.DEFAULT_PART_BYTES), refused.getMessage());
		}
		assertFalse(Files.exists(split));
	}

	@Test
	void buildRefusesAFolderWithoutBootFiles() throws Exception {
		Path folder = Files.createDirectories(temp.resolve("plain"));
		Files.writeString(folder.resolve("a.txt"), "a");
		IsoTesting.Run run = IsoTesting.cli("iso", "build", folder.toString(), temp.resolve("p.iso").toString());
		assertEquals(1, run.exit());
		assertEquals("deployforge: " + folder + ": not laid out like Windows media: neither boot/etfsboot.com (BIOS boot"
				+ " image) nor efi/microsoft/boot/efisys.bin (UEFI boot image) is present", run.err().strip());
		assertFalse(Files.exists(temp.resolve("p.iso")));
	}
}
