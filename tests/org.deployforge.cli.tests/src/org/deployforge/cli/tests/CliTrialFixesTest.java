package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user's trial of the command line found, each checked on real images (built here with wimlib-imagex,
 * qemu-img and genisoimage, or the shared fixtures) and against the real tools: existing destinations are refused
 * unless --force, exit codes, unsafe names on extraction, case-insensitive in-image paths, errors that name the file
 * and the reason, and short usage errors.
 */
class CliTrialFixesTest {

	@TempDir
	Path temp;

	@BeforeAll
	static void handlers() throws Exception {
		Wims.handler();
		Cli.awaitHandler("vhd");
		Cli.awaitHandler("iso");
	}

	/** A one-image WIM with /Dir/File.txt, /b.txt and /Windows/System32/config/SOFTWARE (a real hive). */
	private Path wim() throws Exception {
		Path tree = Files.createDirectories(temp.resolve("tree"));
		Files.createDirectories(tree.resolve("Dir"));
		Files.writeString(tree.resolve("Dir/File.txt"), "file in dir\n");
		Files.writeString(tree.resolve("b.txt"), "bee\n");
		Path config = Files.createDirectories(tree.resolve("Windows/System32/config"));
		Files.copy(Fixtures.folder().resolve("hive/minimal"), config.resolve("SOFTWARE"));
		return Wims.captureWithWimlib(tree, temp.resolve("a.wim"), "A", "LZX");
	}

	private Path hostFile(String name, String text) throws Exception {
		Path file = temp.resolve(name);
		Files.writeString(file, text);
		return file;
	}

	private static String err(Cli.Run run) {
		return run.err().strip().replace("\r\n", "\n");
	}

	// ---------------------------------------------------------------- 1: existing destinations

	@Test
	void splitRefusesAnExistingPartUnlessForce() throws Exception {
		Path wim = Wims.captureWithWimlib(Trees.incompressible(temp.resolve("data"), 3L << 20, 5), temp.resolve("d.wim"),
				"D", "XPRESS");
		Path first = temp.resolve("out.swm");
		Files.writeString(first, "precious");
		Cli.Run refused = Cli.run("split", wim.toString(), first.toString(), "--part-size", "1")
				.expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + first + ": already exists (use --force to replace it)", err(refused));
		assertEquals("precious", Files.readString(first));
		Files.delete(first);
		Path later = temp.resolve("out2.swm");
		Files.writeString(later, "precious too");
		Cli.Run laterRefused = Cli.run("split", wim.toString(), first.toString(), "--part-size", "1")
				.expect(DeployForgeCli.FAILED);
		assertTrue(err(laterRefused).startsWith("deployforge: " + later + ": already exists"), laterRefused.err());
		assertFalse(Files.exists(first), "nothing was written");
		Files.writeString(first, "precious");
		Cli.run("split", wim.toString(), first.toString(), "--part-size", "1", "--force").ok();
		Tools.ok("wimlib-imagex", "info", first.toString());
		assertTrue(Wimlib.info(first).imageCount() == 1);
		assertFalse(Files.readString(later, StandardCharsets.ISO_8859_1).equals("precious too"), "part 2 replaced");
	}

	@Test
	void vhdConvertAndCreateRefuseAnExistingDiskUnlessForce() throws Exception {
		Path source = temp.resolve("src.vhd");
		Tools.ok("qemu-img", "create", "-q", "-f", "vpc", "-o", "subformat=fixed,force_size=on", source.toString(), "8M");
		Path destination = hostFile("dest.vhdx", "precious");
		Cli.Run refused = Cli.run("vhd", "convert", source.toString(), destination.toString())
				.expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + destination + ": already exists (use --force to replace it)", err(refused));
		assertEquals("precious", Files.readString(destination));
		Path folder = Files.createDirectories(temp.resolve("media"));
		Cli.Run onFolder = Cli.run("vhd", "convert", source.toString(), folder.toString()).expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + folder + ": is a folder; give a file name", err(onFolder),
				"a folder is named as such, not offered --force");
		// an image whose files cannot fit the disk's Windows partition is refused before anything is written
		Path big = Files.createDirectories(temp.resolve("big"));
		byte[] random = new byte[24 << 20];
		new java.util.Random(3).nextBytes(random);
		Files.write(big.resolve("payload.bin"), random);
		Path bigWim = Wims.captureWithWimlib(big, temp.resolve("big.wim"), "Big", "XPRESS");
		Path small = temp.resolve("small.vhdx");
		Cli.Run tooSmall = Cli.run("vhd", "create", bigWim.toString(), small.toString(), "--index", "1", "--size", "20M",
				"--layout", "bios").expect(DeployForgeCli.FAILED);
		assertTrue(err(tooSmall).matches("deployforge: " + java.util.regex.Pattern.quote(small.toString())
				+ ": image index 1 of big.wim holds 24 MiB of files, more than the 18 MiB Windows partition of this disk;"
				+ " give a larger --size"), err(tooSmall));
		assertFalse(Files.exists(small));
		Cli.Run noSource = Cli.run("iso", "build", temp.resolve("nosuchdir").toString(), temp.resolve("a.iso")
				.toString()).expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + temp.resolve("nosuchdir") + ": no such folder", err(noSource));
		Path wim = wim();
		Cli.Run create = Cli.run("vhd", "create", wim.toString(), destination.toString(), "--index", "1", "--size",
				"64M").expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + destination + ": already exists (use --force to replace it)", err(create));
		assertEquals("precious", Files.readString(destination));
		Cli.run("vhd", "convert", source.toString(), destination.toString(), "--force").ok();
		String info = Tools.ok("qemu-img", "info", "--output=json", destination.toString()).stdout();
		assertTrue(info.contains("\"format\": \"vhdx\"") && info.contains("\"virtual-size\": 8388608"), info);
		try (Stream<Path> files = Files.list(temp)) {
			assertTrue(files.noneMatch(file -> file.getFileName().toString().endsWith(".deployforge-tmp")));
		}
	}

	@Test
	void isoBuildRefusesAnExistingIsoUnlessForce() throws Exception {
		Path media = Files.createDirectories(temp.resolve("media"));
		Files.createDirectories(media.resolve("boot"));
		Files.write(media.resolve("boot/etfsboot.com"), Trees.random(2048, 3));
		Files.writeString(media.resolve("setup.txt"), "setup\n");
		Path iso = hostFile("out.iso", "precious");
		Cli.Run refused = Cli.run("iso", "build", media.toString(), iso.toString()).expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + iso + ": already exists (use --force to replace it)", err(refused));
		assertEquals("precious", Files.readString(iso));
		Cli.run("iso", "build", media.toString(), iso.toString(), "--force").ok();
		String listing = Tools.ok("xorriso", "-indev", iso.toString(), "-find", "/", "-name", "setup.txt").stdout();
		assertTrue(listing.contains("setup.txt"), listing);
	}

	@Test
	void mvOntoAnExistingEntryIsRefusedUnlessForce() throws Exception {
		Path wim = wim();
		List<String> before = Wimlib.dir(wim, 1);
		Cli.Run refused = Cli.run("mv", wim.toString(), "/b.txt", "/Dir/File.txt").expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + wim + ": /Dir/File.txt already exists in image 1 (use --force to replace it)",
				err(refused));
		Cli.Run folder = Cli.run("mv", wim.toString(), "/b.txt", "/Dir").expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + wim + ": /Dir already exists in image 1 (use --force to replace it)",
				err(folder));
		Cli.Run intoItself = Cli.run("mv", wim.toString(), "/dir", "/Dir/Sub").expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + wim + ": cannot move '/Dir' into itself ('/Dir/Sub')", err(intoItself));
		assertEquals(before, Wimlib.dir(wim, 1), "the image is unchanged");
		Cli.run("mv", wim.toString(), "/b.txt", "/Dir/File.txt", "--force").ok();
		List<String> after = Wimlib.dir(wim, 1);
		assertFalse(after.contains("/b.txt"), after.toString());
		Path out = Files.createDirectories(temp.resolve("x"));
		Tools.ok("wimlib-imagex", "extract", wim.toString(), "1", "/Dir/File.txt", "--dest-dir=" + out);
		assertEquals("bee\n", Files.readString(out.resolve("File.txt")));
	}

	@Test
	void addReplacesFilesMergesFoldersAndRefusesAFileOntoAFolder() throws Exception {
		Path wim = wim();
		Cli.run("add", wim.toString(), hostFile("new.txt", "new\n").toString(), "/b.txt").ok();
		Path out = Files.createDirectories(temp.resolve("x"));
		Tools.ok("wimlib-imagex", "extract", wim.toString(), "1", "/b.txt", "--dest-dir=" + out);
		assertEquals("new\n", Files.readString(out.resolve("b.txt")), "a file is replaced, as wimlib-imagex update add");
		List<String> before = Wimlib.dir(wim, 1);
		// names Windows cannot use could not be addressed once in the image: refused, naming the host file
		for (String bad : List.of("a\\b.txt", "co:lon.txt", "trail.", "NUL.txt")) {
			Path folder = Files.createDirectories(temp.resolve("bad-" + Integer.toHexString(bad.hashCode())));
			Files.writeString(folder.resolve("good.txt"), "fine\n");
			Files.writeString(folder.resolve(bad), "bad\n");
			Cli.Run refused = Cli.run("add", wim.toString(), folder.toString(), "/Bad").expect(DeployForgeCli.FAILED);
			String expected = "deployforge: " + wim + ": cannot add " + folder.resolve(bad) + ": ";
			assertTrue(err(refused).startsWith(expected), err(refused) + " / expected " + expected);
			assertEquals(before, Wimlib.dir(wim, 1), "nothing staged or written for " + bad);
		}
		Cli.Run refused = Cli.run("add", wim.toString(), temp.resolve("new.txt").toString(), "/Dir")
				.expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + wim + ": /Dir already exists in image 1 as a folder (use --force to replace it)",
				err(refused));
		assertEquals(before, Wimlib.dir(wim, 1));
		Cli.run("add", wim.toString(), temp.resolve("new.txt").toString(), "/Dir", "--force").ok();
		List<String> after = Wimlib.dir(wim, 1);
		assertTrue(after.contains("/Dir") && !after.contains("/Dir/File.txt"), after.toString());
	}

	// ---------------------------------------------------------------- 3: exit codes

	@Test
	void indexOutOfRangeIsAUsageErrorEverywhere() throws Exception {
		Path wim = wim();
		String hive = wim + "::Windows/System32/config/SOFTWARE";
		for (String index : List.of("0", "99")) {
			Cli.Run reg = Cli.run("reg", "ls", hive, "--index", index).expect(DeployForgeCli.USAGE);
			assertEquals("deployforge: " + wim + " has no image " + index + "; its images are:\n  1  A", err(reg));
		}
		Cli.Run ls = Cli.run("ls", wim.toString(), "--index", "99").expect(DeployForgeCli.USAGE);
		Cli.Run vhd = Cli.run("vhd", "create", wim.toString(), temp.resolve("d.vhdx").toString(), "--index", "99",
				"--size", "64M").expect(DeployForgeCli.USAGE);
		assertEquals(err(ls), err(vhd), "the same message as other commands");
		assertFalse(Files.exists(temp.resolve("d.vhdx")));
		Cli.Run property = Cli.run("set-info", wim.toString(), "--index", "1", "--property", "=x")
				.expect(DeployForgeCli.USAGE);
		assertTrue(err(property).startsWith("deployforge: --property: the property name is empty"), property.err());
	}

	// ---------------------------------------------------------------- 4: unsafe names

	@Test
	void extractReportsTheDotDotEntryAndWritesNothingOutside() throws Exception {
		Path dotdot = Fixtures.require("wim/dotdot.wim");
		Path box = Files.createDirectories(temp.resolve("box"));
		Path dest = box.resolve("D");
		Cli.Run run = Cli.run("extract", dotdot.toString(), "/", "--dest", dest.toString()).expect(DeployForgeCli.FAILED);
		assertTrue(run.err().contains("deployforge: " + dotdot + ": skipped unsafe name '..' (or '.') in /:"), run.err());
		Tools.Result wimlib = Tools.run("wimlib-imagex", "extract", dotdot.toString(), "1", "/",
				"--dest-dir=" + temp.resolve("W"));
		assertTrue(wimlib.stderr().contains("Ignoring file named \".\" or \"..\" in directory \"/\""),
				"wimlib-imagex warns about the same entry: " + wimlib.stderr());
		try (Stream<Path> written = Files.list(box)) {
			assertEquals(List.of(dest), written.toList(), "nothing outside D");
		}
	}

	// ---------------------------------------------------------------- 5: case

	@Test
	void inImagePathsAreResolvedWithoutRegardToCase() throws Exception {
		Path wim = wim();
		assertEquals(Cli.run("ls", wim.toString(), "/Dir", "--bare").ok().out(),
				Cli.run("ls", wim.toString(), "/dir", "--bare").ok().out());
		assertEquals("file in dir\n", Cli.run("cat", wim.toString(), "\\DIR\\file.TXT").ok().out());
		Path out = temp.resolve("out");
		Cli.run("extract", wim.toString(), "/dir/FILE.txt", "--dest", out.toString()).ok();
		assertEquals("file in dir\n", Files.readString(out.resolve("File.txt")), "written under its stored name");
		Cli.run("mv", wim.toString(), "/B.TXT", "/dir/c.txt").ok();
		Cli.run("rm", wim.toString(), "/DIR/FILE.TXT").ok();
		assertEquals(List.of("/", "/Dir", "/Dir/c.txt", "/Windows", "/Windows/System32", "/Windows/System32/config",
				"/Windows/System32/config/SOFTWARE"), Wimlib.dir(wim, 1).stream().sorted().toList());
		Cli.run("mv", wim.toString(), "/dir/c.txt", "/Dir/C.TXT").ok();
		assertTrue(Wimlib.dir(wim, 1).contains("/Dir/C.TXT"), "a change of case only is a rename");
	}

	@Test
	void exactCaseWinsAndAmbiguousVariantsAreListed() throws Exception {
		Path tree = Files.createDirectories(temp.resolve("tree"));
		Files.writeString(tree.resolve("a.txt"), "lower");
		Files.writeString(tree.resolve("A.txt"), "upper");
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("case.wim"), "Case", "LZX");
		assertEquals("upper", Cli.run("cat", wim.toString(), "/A.txt").ok().out());
		assertEquals("lower", Cli.run("cat", wim.toString(), "/a.txt").ok().out());
		Cli.Run ambiguous = Cli.run("cat", wim.toString(), "/A.TXT").expect(DeployForgeCli.FAILED);
		String message = err(ambiguous);
		assertTrue(message.startsWith("deployforge: " + wim + ": '/A.TXT' matches 2 names in image 1 that differ only"
				+ " in case: "), message);
		assertTrue(message.contains("/a.txt") && message.contains("/A.txt"), message);
	}

	// ---------------------------------------------------------------- 6: errors with a reason

	@Test
	void errorsNameTheFileAndTheReason() throws Exception {
		Path wim = wim();
		Path missingFolder = temp.resolve("no/such");
		Cli.Run split = Cli.run("split", wim.toString(), missingFolder.resolve("x.swm").toString(), "--part-size", "1")
				.expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + missingFolder + ": folder does not exist", err(split));
		Cli.Run export = Cli.run("export", wim.toString(), missingFolder.resolve("x.wim").toString())
				.expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + missingFolder + ": folder does not exist", err(export));
		Path file = hostFile("plain.txt", "x");
		assertEquals("deployforge: " + file + ": is a file; --dest takes a folder (created if missing)",
				err(Cli.run("extract", wim.toString(), "/b.txt", "--dest", file.toString()).expect(DeployForgeCli.FAILED)));
		assertEquals("deployforge: " + temp + ": is a folder; DEST is the image file to write or append to",
				err(Cli.run("export", wim.toString(), temp.toString()).expect(DeployForgeCli.FAILED)));
		Path hive = Fixtures.copy("hive/minimal", temp);
		Path missingReg = temp.resolve("missing.reg");
		assertEquals("deployforge: " + missingReg + ": no such file",
				err(Cli.run("reg", "import", hive.toString(), missingReg.toString()).expect(DeployForgeCli.FAILED)));
		assertEquals("deployforge: " + temp + ": is a folder, not a hive file",
				err(Cli.run("reg", "ls", temp.toString()).expect(DeployForgeCli.FAILED)));
		Cli.Run notHive = Cli.run("reg", "ls", wim + "::Dir/File.txt").expect(DeployForgeCli.FAILED);
		assertTrue(err(notHive).startsWith("deployforge: " + wim + "::Dir/File.txt (index 1): not a registry hive"),
				notHive.err());
		Cli.Run add = Cli.run("add", wim.toString(), file.toString(), "/b.txt/x").expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + wim + ": no such folder in image 1: /b.txt is a file (cannot put /b.txt/x below"
				+ " it)", err(add));
		Cli.Run mv = Cli.run("mv", wim.toString(), "/b.txt", "/nope/b.txt").expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + wim + ": no such folder in image 1: /nope (cannot put /nope/b.txt there)",
				err(mv));
		assertFalse(add.err().contains("code") || mv.err().contains("code"), "no wimlib error codes");
	}

	@Test
	void truncatedIsoAndFixedVhdSayExpectedAndActualSize() throws Exception {
		Path iso = Fixtures.require("iso/test-udf1.iso");
		long full = Files.size(iso);
		Path cut = temp.resolve("cut.iso");
		Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(iso), 600_000));
		Tools.Result sevenZip = Tools.run("7zz", "l", "-tiso", cut.toString());
		assertTrue(sevenZip.exitCode() != 0, "7zz cannot read it either: " + sevenZip.stdout() + sevenZip.stderr());
		Cli.Run iso9660 = Cli.run("ls", cut.toString(), "-r").expect(DeployForgeCli.FAILED);
		assertTrue(err(iso9660).startsWith("deployforge: " + cut + ": the ISO is truncated: its volume descriptor says "
				+ String.format("%,d", full) + " bytes"), iso9660.err());
		assertTrue(err(iso9660).contains("but the file holds 600,000"), iso9660.err());
		assertFalse(err(iso9660).contains("(no output)"), iso9660.err());

		Path disk = temp.resolve("disk.raw");
		Tools.ok("qemu-img", "create", "-q", "-f", "raw", disk.toString(), "16M");
		Tools.ok("sgdisk", "-n", "1:2048:0", disk.toString());
		Path vhd = temp.resolve("fixed.vhd");
		Tools.ok("qemu-img", "convert", "-q", "-f", "raw", "-O", "vpc", "-o", "subformat=fixed,force_size=on",
				disk.toString(), vhd.toString());
		long vhdSize = Files.size(vhd);
		assertEquals((16L << 20) + 512, vhdSize);
		Path truncated = temp.resolve("cut.vhd");
		Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(vhd), 4_000_000));
		Cli.Run run = Cli.run("ls", truncated.toString()).expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + truncated + ": truncated fixed VHD: the 'conectix' footer at the end is missing"
				+ " and its GPT says the disk has 16,777,216 bytes, so the file should hold 16,777,728 bytes (data +"
				+ " 512-byte footer) but it holds 4,000,000", err(run));
	}

	// ---------------------------------------------------------------- 7: cosmetics

	@Test
	void topLevelHelpShowsCompleteFirstSentences() throws Exception {
		String help = Cli.run("--help").ok().out().replace("\r\n", "\n");
		String commands = help.substring(help.indexOf("Commands:"), help.indexOf("\nExit codes"));
		for (String block : commands.split("\n  (?=[a-z])")) {
			String text = block.replaceAll("\\s+", " ").strip();
			if (text.startsWith("Commands:")) {
				continue;
			}
			assertTrue(text.endsWith(".") || text.endsWith(")"), "complete first sentence: " + text);
		}
		assertTrue(commands.contains("Check an image's integrity (as wimlib-imagex verify)."), commands);
		assertTrue(commands.replaceAll("\\s+", " ").contains("Capture a folder as a new image (as wimlib-imagex"
				+ " capture)."), commands);
	}

	@Test
	void usageErrorsPrintTheErrorAndWhereToLook() throws Exception {
		Cli.Run run = Cli.run("vhd", "create", "x.wim", "--index", "1", "--size", "1").expect(DeployForgeCli.USAGE);
		assertEquals(List.of("deployforge: Missing required parameter: 'DEST'",
				"Try 'deployforge vhd create --help' for more information."), err(run).lines().toList());
		Cli.Run unknown = Cli.run("info", "x.wim", "--no-such-option").expect(DeployForgeCli.USAGE);
		assertTrue(err(unknown).endsWith("Try 'deployforge info --help' for more information."), unknown.err());
		assertFalse(unknown.err().contains("Usage:"), unknown.err());
	}

	@Test
	void infoOnALaterPartSaysWhichPartItIs() throws Exception {
		Path first = Fixtures.require("wim/Split.swm");
		Path second = first.resolveSibling("Split2.swm");
		String info = Cli.run("info", second.toString()).ok().out();
		assertTrue(info.contains("\nPath:            " + second + "\n"), info);
		assertTrue(info.contains("\nSplit Part:      part 2 of 2; part 1 (the first part, which the set is read from) is "
				+ first + "\n"), info);
		String wimlib = Tools.ok("wimlib-imagex", "info", second.toString(), "--header").stdout();
		assertTrue(wimlib.matches("(?s).*Part Number\\s*=\\s*2.*"), wimlib);
		assertTrue(info.contains("\nPart Number:     2/2\n"), info);
	}

	@Test
	void regNewRefusesAFolderName() throws Exception {
		Path folder = temp.resolve("hives");
		Cli.Run run = Cli.run("reg", "new", folder + "/").expect(DeployForgeCli.FAILED);
		assertTrue(err(run).startsWith("deployforge: " + folder + ": is a folder name; give the hive file to create"),
				run.err());
		assertFalse(Files.exists(folder));
		Cli.run("reg", "new", folder.resolve("SOFTWARE").toString()).expect(DeployForgeCli.FAILED);
		Files.createDirectories(folder);
		Cli.run("reg", "new", folder.resolve("SOFTWARE").toString()).ok();
		assertArrayEquals("regf".getBytes(StandardCharsets.US_ASCII),
				java.util.Arrays.copyOf(Files.readAllBytes(folder.resolve("SOFTWARE")), 4));
	}
}
