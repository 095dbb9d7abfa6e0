package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import org.deployforge.tests.common.Xorriso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic commands (info, ls, cat, extract, add, rm, mv) on an ISO, checked with xorriso and 7zz. */
class GenericCliTest {

	@TempDir
	Path temp;

	@Test
	void genericCommandsWorkOnWindowsMedia() throws Exception {
		Path tree = IsoTesting.windowsTree(temp, 8 * 1024);
		Path iso = temp.resolve("media.iso");
		assertEquals(0, IsoTesting.cli("iso", "build", tree.toString(), iso.toString(), "--label", "GENERIC").exit());

		IsoTesting.Run info = IsoTesting.cli("info", iso.toString());
		assertEquals(0, info.exit(), info.err());
		assertTrue(info.out().contains("GENERIC"), info.out());
		assertTrue(info.out().contains("UDF 1.02"), info.out());
		assertTrue(info.out().contains("/efi/microsoft/boot/efisys.bin"), info.out());

		IsoTesting.Run ls = IsoTesting.cli("ls", iso.toString(), "/", "-r", "--bare");
		assertEquals(0, ls.exit(), ls.err());
		TreeMap<String, Long> expected = IsoTesting.sevenZipFiles(iso, "udf");
		for (String file : expected.keySet()) {
			assertTrue(ls.out().contains("/" + file), file + " in\n" + ls.out());
		}

		IsoTesting.Run cat = IsoTesting.cli("cat", iso.toString(), "/README.TXT");
		assertEquals(0, cat.exit(), cat.err());
		assertEquals(Files.readString(tree.resolve("README.TXT")), cat.out());

		Path out = temp.resolve("out");
		IsoTesting.Run extract = IsoTesting.cli("extract", iso.toString(), "/sources", "/boot/etfsboot.com", "--dest",
				out.toString());
		assertEquals(0, extract.exit(), extract.err());
		assertArrayEquals(Files.readAllBytes(tree.resolve("sources/install.wim")),
				Files.readAllBytes(out.resolve("sources/install.wim")));
		assertArrayEquals(Files.readAllBytes(tree.resolve("boot/etfsboot.com")),
				Files.readAllBytes(out.resolve("etfsboot.com")));

		Path answer = temp.resolve("autounattend.xml");
		Files.writeString(answer, "<unattend/>\n");
		assertEquals(0, IsoTesting.cli("add", iso.toString(), answer.toString(), "/autounattend.xml").exit());
		assertEquals(0, IsoTesting.cli("rm", iso.toString(), "/setup.exe").exit());
		assertEquals(0, IsoTesting.cli("mv", iso.toString(), "/README.TXT", "/readme-first.txt").exit());
		TreeMap<String, Long> after = IsoTesting.sevenZipFiles(iso, "udf");
		assertTrue(after.containsKey("autounattend.xml"), after.toString());
		assertTrue(after.containsKey("readme-first.txt"), after.toString());
		assertFalse(after.containsKey("setup.exe"), after.toString());
		assertFalse(after.containsKey("README.TXT"), after.toString());
		assertEquals(List.of("BIOS none 8 /boot/etfsboot.com", "UEFI none 2880 /efi/microsoft/boot/efisys.bin"),
				Xorriso.bootEntries(iso));
		assertEquals("GENERIC", IsoTesting.xorrisoVolumeId(iso));
	}
}
