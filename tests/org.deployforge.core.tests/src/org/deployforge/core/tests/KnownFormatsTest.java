package org.deployforge.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.deployforge.core.ImageFormat;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.ProbeInput;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every format is recognised by its signature: on the shared fixtures, and on images built here with the real tools. */
class KnownFormatsTest {

	@TempDir
	Path temp;

	private static String recognise(Path file) throws IOException {
		Optional<ImageFormat> format = KnownFormats.recognise(ProbeInput.read(file));
		return format.map(ImageFormat::id).orElse("unknown");
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({ "wim/XPRESS.wim, wim", "wim/LZX.wim, wim", "wim/LZMS.wim, esd", "wim/MultiImage.wim, wim",
			"wim/BootLZX.wim, wim", "wim/Split.swm, swm", "wim/Split2.swm, swm", "wim/VerifyFail.wim, wim",
			"wim/dotdot.wim, wim", "wim/corrupted_file_1.wim, wim", "iso/test-udf1.iso, iso", "iso/joliet.iso, iso",
			"iso/multi_extent_8k.iso, iso", "iso/malformed.iso, iso", "hive/minimal, hive", "hive/special, hive",
			"hive/rlenvalue_test_hive, hive", "cab/simple.cab, cab", "cab/mixed.cab, cab", "cab/dirwalk-vulns.cab, cab",
			"inf/viorng.inf, unknown", "unattend/win10-Autounattend.xml, unknown" })
	void fixturesAreRecognised(String fixture, String expected) throws IOException {
		assertEquals(expected, recognise(Fixtures.require(fixture)));
	}

	@Test
	void udfBridgeOfTheFixtureIsSeen() throws IOException {
		ProbeInput input = ProbeInput.read(Fixtures.require("iso/test-udf1.iso"));
		assertTrue(KnownFormats.hasUdfRecognitionSequence(input), "test-udf1.iso carries BEA01/NSR02");
	}

	private Path tree() throws IOException {
		Path tree = Files.createDirectories(temp.resolve("tree/sources"));
		Files.writeString(tree.resolve("readme.txt"), "hello from a test tree\n");
		return tree.getParent();
	}

	@Test
	void wimEsdAndSplitWimBuiltWithWimlib() throws Exception {
		Path tree = tree();
		Path wim = temp.resolve("install.wim");
		Tools.ok("wimlib-imagex", "capture", tree.toString(), wim.toString(), "Test", "--compress=lzx");
		assertEquals("wim", recognise(wim));
		Path renamedWim = Files.copy(wim, temp.resolve("install.bin"));
		assertEquals("wim", recognise(renamedWim), "the name does not decide");
		Path esd = temp.resolve("install.bin2");
		Tools.ok("wimlib-imagex", "export", wim.toString(), "1", esd.toString(), "--solid");
		assertEquals("esd", recognise(esd), "a solid WIM (version 0xE00) is an ESD whatever its name");
		Files.write(tree.resolve("big.bin"), new byte[3 * 1024 * 1024]);
		Path big = temp.resolve("big.wim");
		Tools.ok("wimlib-imagex", "capture", tree.toString(), big.toString(), "Big", "--compress=none");
		Tools.ok("wimlib-imagex", "split", big.toString(), temp.resolve("part.swm").toString(), "1");
		assertEquals("swm", recognise(temp.resolve("part.swm")));
		assertEquals("swm", recognise(temp.resolve("part2.swm")));
	}

	@Test
	void isoBuiltWithXorrisoAndUdfBuiltWithGenisoimage() throws Exception {
		Path tree = tree();
		Path iso = temp.resolve("plain.img");
		Tools.ok("xorriso", "-as", "mkisofs", "-quiet", "-o", iso.toString(), "-J", "-V", "TEST", tree.toString());
		assertEquals("iso", recognise(iso));
		Path udf = temp.resolve("udf.img");
		Tools.ok("genisoimage", "-quiet", "-udf", "-iso-level", "4", "-allow-limited-size", "-o", udf.toString(),
				tree.toString());
		assertEquals("iso", recognise(udf));
		assertTrue(KnownFormats.hasUdfRecognitionSequence(ProbeInput.read(udf)), "genisoimage -udf writes NSR02");
	}

	@ParameterizedTest(name = "qemu-img {0} {1} is {2}")
	@CsvSource({ "vpc, subformat=dynamic, vhd", "vpc, subformat=fixed, vhd", "vhdx, subformat=dynamic, vhdx" })
	void virtualDisksBuiltWithQemuImg(String qemuFormat, String options, String expected) throws Exception {
		Path disk = temp.resolve("disk.img");
		Tools.ok("qemu-img", "create", "-q", "-f", qemuFormat, "-o", options, disk.toString(), "16M");
		assertEquals(expected, recognise(disk));
	}

	@Test
	void cabinetAndMsuBuiltWithGcab() throws Exception {
		Path tree = tree();
		Path cab = temp.resolve("update.cab");
		Tools.ok("gcab", "-c", "-z", cab.toString(), tree.resolve("sources/readme.txt").toString());
		assertEquals("cab", recognise(cab));
		Path msu = Files.copy(cab, temp.resolve("windows10.0-kb0000001-x64.msu"));
		assertEquals("msu", recognise(msu));
	}

	@Test
	void arbitraryBytesAreUnknown() throws IOException {
		Path file = Files.write(temp.resolve("random.bin"), "MZ\u0090\u0000 not an image".getBytes());
		assertEquals("unknown", recognise(file));
	}
}
