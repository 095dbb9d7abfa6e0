package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.deployforge.core.CommitResult;
import org.deployforge.core.Image;
import org.deployforge.core.OpenOptions;
import org.deployforge.tests.common.Tools;
import org.deployforge.tests.common.Xorriso;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media without UDF are rebuilt by xorriso with {@code -boot_image any replay}; a boot image that is not visible as a
 * file is carried over from its sectors (load RBA and sector count of the catalog).
 */
class IsoOnlyMediaTest {

	@TempDir
	Path temp;

	@Test
	void isoOnlyMediaAreRebuiltByXorrisoKeepingBootEntryLabelAndRockRidge() throws Exception {
		Path tree = Files.createDirectories(temp.resolve("lin/isolinux"));
		byte[] loader = new byte[2048];
		new Random(3).nextBytes(loader);
		Files.write(tree.resolve("isolinux.bin"), loader);
		Files.writeString(temp.resolve("lin/readme.txt"), "hello\n");
		Files.writeString(temp.resolve("lin/old.txt"), "old\n");
		Path iso = temp.resolve("lin.iso");
		Tools.ok("xorriso", "-as", "mkisofs", "-R", "-J", "-V", "LINUXLIKE", "-b", "isolinux/isolinux.bin",
				"-no-emul-boot", "-boot-load-size", "4", "-o", iso.toString(), temp.resolve("lin").toString());
		List<String> bootBefore = Xorriso.bootEntries(iso);
		assertEquals(List.of("BIOS none 4 /isolinux/isolinux.bin"), bootBefore);
		byte[] imageBefore = IsoTesting.sevenZipBytes(iso, "iso", "[BOOT]/Boot-NoEmul.img");

		Path added = temp.resolve("ks.cfg");
		Files.writeString(added, "install\n");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.DEFAULT)) {
			Map<String, String> properties = image.info().properties();
			assertEquals("no", properties.get("UDF"));
			assertTrue(properties.get("Rock Ridge").startsWith("yes"), properties.toString());
			assertEquals("ISO 9660 (Joliet names)", properties.get("Files read from"));
			image.tree(1).add(added, "/ks.cfg");
			image.tree(1).remove("/old.txt");
			image.tree(1).add(Files.createDirectories(temp.resolve("doc")), "/doc"); // mv needs its folder
			image.tree(1).rename("/readme.txt", "/doc/README");
			CommitResult result = image.commit(new NullProgressMonitor());
			String notes = String.join("\n", result.notes());
			assertTrue(notes.startsWith("rebuilt by xorriso (-boot_image any replay)"), notes);
			assertTrue(notes.contains("Rock Ridge"), notes);
			assertTrue(notes.contains("Joliet"), notes);
			assertFalse(notes.contains("UDF"), notes);
			assertTrue(notes.contains("volume label 'LINUXLIKE'"), notes);
		}
		assertEquals(bootBefore, Xorriso.bootEntries(iso));
		assertArrayEquals(imageBefore, IsoTesting.sevenZipBytes(iso, "iso", "[BOOT]/Boot-NoEmul.img"));
		assertEquals("LINUXLIKE", IsoTesting.xorrisoVolumeId(iso));
		TreeMap<String, Long> files = IsoTesting.sevenZipFiles(iso, "iso");
		assertTrue(files.containsKey("ks.cfg"), files.toString());
		assertTrue(files.containsKey("doc/README"), files.toString());
		assertFalse(files.containsKey("old.txt"), files.toString());
		assertFalse(files.containsKey("readme.txt"), files.toString());
	}

	@Test
	void aBootImageThatIsNotAFileIsCarriedOverFromItsSectors() throws Exception {
		Path tree = IsoTesting.windowsTree(temp, 4096);
		Path hidden = Files.createDirectories(temp.resolve("hiddenboot"));
		byte[] loader = new byte[2048];
		new Random(11).nextBytes(loader);
		Files.write(tree.resolve("loader.bin"), loader);
		Path iso = temp.resolve("hidden.iso");
		Tools.ok("genisoimage", "-quiet", "-udf", "-iso-level", "4", "-J", "-joliet-long", "-V", "HIDDEN", "-b",
				"loader.bin", "-no-emul-boot", "-boot-load-size", "4", "-hide", "loader.bin", "-hide-joliet", "loader.bin",
				"-eltorito-alt-boot", "-e", "efi/microsoft/boot/efisys.bin", "-no-emul-boot", "-o", iso.toString(),
				tree.toString());
		assertFalse(IsoTesting.sevenZipFiles(iso, "udf").containsKey("loader.bin"), "the BIOS image is no file");
		byte[] biosBefore = IsoTesting.sevenZipBytes(iso, "iso", "[BOOT]/1-Boot-NoEmul.img");
		assertArrayEquals(loader, biosBefore);
		Files.delete(tree.resolve("loader.bin"));
		try (Image image = IsoTesting.service().open(iso, OpenOptions.DEFAULT)) {
			String entry = image.info().properties().get("Boot entry 1");
			assertTrue(entry.endsWith("no file at that LBA"), entry);
			image.tree(1).add(temp.resolve("hiddenboot"), "/drivers");
			CommitResult result = image.commit(new NullProgressMonitor());
			assertTrue(String.join("\n", result.notes()).contains("2 boot images verified byte-for-byte"),
					result.notes().toString());
		}
		assertEquals(List.of("BIOS none 4 -", "UEFI none 2880 /efi/microsoft/boot/efisys.bin"),
				Xorriso.bootEntries(iso));
		assertArrayEquals(biosBefore, IsoTesting.sevenZipBytes(iso, "iso", "[BOOT]/1-Boot-NoEmul.img"));
		TreeMap<String, Long> files = IsoTesting.sevenZipFiles(iso, "udf");
		assertFalse(files.keySet().stream().anyMatch(name -> name.contains("deployforge")), files.toString());
		assertTrue(hidden.toFile().isDirectory());
	}
	@Test
	void anUnreadableUdfVolumeFallsBackToIso9660() throws Exception {
		Path tree = IsoTesting.windowsTree(temp, 4096);
		Path iso = temp.resolve("damaged.iso");
		assertEquals(0, IsoTesting.cli("iso", "build", tree.toString(), iso.toString(), "--label", "DAMAGED").exit());
		byte[] bytes = Files.readAllBytes(iso);
		int zeroed = -1;
		for (int sector = 257; sector < bytes.length / 2048; sector++) {
			int offset = sector * 2048;
			if (bytes[offset] == 0 && bytes[offset + 1] == 1 && (bytes[offset + 2] == 2 || bytes[offset + 2] == 3)) {
				java.util.Arrays.fill(bytes, offset, offset + 2048, (byte) 0); // the UDF File Set Descriptor (tag 256)
				zeroed = sector;
				break;
			}
		}
		assertTrue(zeroed > 0, "found the File Set Descriptor");
		Files.write(iso, bytes);
		assertTrue(Tools.run("7zz", "l", "-tudf", iso.toString()).exitCode() != 0, "7zz cannot read the UDF side");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			String from = image.info().properties().get("Files read from");
			assertTrue(from.startsWith("ISO 9660 (Joliet names) (the UDF volume is unreadable: UDF: no valid file set descriptor"),
					from);
			TreeMap<String, Long> listed = new TreeMap<>();
			image.tree(1).walk("/", entry -> {
				if (!entry.directory()) {
					listed.put(entry.path().substring(1), entry.size());
				}
				return true;
			});
			assertEquals(IsoTesting.files(tree), listed);
		}
	}
}
