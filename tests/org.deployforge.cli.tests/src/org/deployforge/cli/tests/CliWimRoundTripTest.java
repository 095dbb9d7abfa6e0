package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Changing and creating commands on WIMs the tests build (always run: no shared fixtures needed), each result
 * checked with the real wimlib-imagex in the same test.
 */
class CliWimRoundTripTest {

	@TempDir
	Path temp;

	@BeforeAll
	static void wimHandler() throws Exception {
		Wims.handler();
	}

	private Path trickyTree() throws Exception {
		return Trees.tricky(temp.resolve("tree"));
	}

	@Test
	void captureThenApplyGivesIdenticalBytesAndTimes() throws Exception {
		Path tree = trickyTree();
		Path wim = temp.resolve("captured.wim");
		Cli.Run capture = Cli.run("capture", tree.toString(), wim.toString(), "--name", "Tricky",
				"--description", "Unicode, empty, deep").ok();
		assertTrue(capture.out().contains("as image 1 \"Tricky\""), capture.out());
		Wimlib.Info info = Wimlib.info(wim);
		assertEquals(1, info.imageCount());
		assertEquals("Tricky", info.image(1).get("Name"));
		assertEquals("Unicode, empty, deep", info.image(1).get("Description"));
		assertEquals("LZX", info.header().get("Compression"));
		Tools.ok("wimlib-imagex", "verify", wim.toString());
		Path byWimlib = temp.resolve("by-wimlib");
		Wimlib.apply(wim, 1, byWimlib);
		Trees.assertSameTree(tree, byWimlib, true);
		Path applied = temp.resolve("applied");
		Cli.run("apply", wim.toString(), applied.toString()).ok();
		Trees.assertSameTree(tree, applied, true);
		Path reference = Wims.captureWithWimlib(tree, temp.resolve("reference.wim"), "Tricky", "LZX");
		assertEquals(new TreeSet<>(Wimlib.dir(reference, 1)), new TreeSet<>(Wimlib.dir(wim, 1)));
		assertEquals(Wimlib.dir(wim, 1), Cli.run("ls", wim.toString(), "-r", "--bare").ok().out().lines().toList());
	}

	@Test
	void captureOfTwentyThousandFilesListsAndAppliesCompletely() throws Exception {
		Path tree = Trees.many(temp.resolve("many"), 20_000);
		Path wim = temp.resolve("many.wim");
		Cli.run("capture", tree.toString(), wim.toString(), "--name", "Many", "--compress", "xpress").ok();
		assertEquals("XPRESS", Wimlib.info(wim).header().get("Compression"));
		assertEquals("20,000", Wimlib.info(wim).image(1).get("File Count").replace("20000", "20,000"));
		List<String> listing = Cli.run("ls", wim.toString(), "-r", "--bare").ok().out().lines().toList();
		assertEquals(Wimlib.dir(wim, 1), listing);
		assertEquals(20_000 + 40 + 1, listing.size());
		Path applied = temp.resolve("applied");
		Cli.run("apply", wim.toString(), applied.toString()).ok();
		Trees.assertSameTree(tree, applied, false);
	}

	@Test
	void addRemoveRenameCommitAndWimlibSeesTheChanges() throws Exception {
		Path tree = trickyTree();
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("edit.wim"), "Edit", "LZX");
		Path extra = Files.createDirectories(temp.resolve("extra"));
		Files.writeString(extra.resolve("added.txt"), "added by deployforge\n");
		Cli.Run add = Cli.run("add", wim.toString(), extra.toString(), "\\Added\\Folder").ok();
		assertTrue(add.out().contains("1 change committed"), add.out());
		Cli.run("rm", wim.toString(), "/compressible.log", "/empty folder").ok();
		Cli.run("mv", wim.toString(), "Windows\\System32\\notepad.exe", "/Windows/notepad.exe").ok();
		List<String> paths = Wimlib.dir(wim, 1);
		assertTrue(paths.contains("/Added/Folder/added.txt"), paths.toString());
		assertFalse(paths.contains("/compressible.log") || paths.contains("/empty folder"), paths.toString());
		assertTrue(paths.contains("/Windows/notepad.exe") && !paths.contains("/Windows/System32/notepad.exe"));
		Tools.ok("wimlib-imagex", "verify", wim.toString());
		Path out = temp.resolve("out");
		Tools.ok("wimlib-imagex", "extract", wim.toString(), "1", "/Windows/notepad.exe", "/Added/Folder/added.txt",
				"--dest-dir=" + out);
		Trees.assertSameBytes(tree.resolve("Windows/System32/notepad.exe"), out.resolve("notepad.exe"));
		assertEquals("added by deployforge\n", Files.readString(out.resolve("added.txt")));
		assertTrue(Files.list(temp).noneMatch(p -> p.getFileName().toString().endsWith(".deployforge-tmp")));
	}

	@Test
	void updateAppliesEveryLineInOneCommitAndABadLineChangesNothing() throws Exception {
		Path tree = trickyTree();
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("update.wim"), "Update", "XPRESS");
		Path source = temp.resolve("new file.txt");
		Files.writeString(source, "from update\n");
		String before = Trees.sha256(wim);
		String bad = "add \"" + source + "\" /new.txt\nrename /readme.txt /README.TXT\n# comment\n\ndelete /no/such/path\n";
		Cli.Run failed = Cli.runWithInput(bad, "update", wim.toString()).expect(DeployForgeCli.FAILED);
		assertTrue(failed.err().contains(": line 5 (delete /no/such/path): "), failed.err());
		assertTrue(failed.err().strip().endsWith("nothing was changed"), failed.err());
		assertEquals(before, Trees.sha256(wim), "the image is untouched");
		String good = "add \"" + source + "\" /new.txt\nrename /readme.txt /README.TXT\n"
				+ "delete --force /no/such/path\ndelete --recursive \"/Ünïcödé 日本語 🙂\"\n";
		Cli.Run done = Cli.runWithInput(good, "update", wim.toString()).ok();
		assertTrue(done.out().matches("(?s).*: [34] changes committed.*"), done.out());
		List<String> paths = Wimlib.dir(wim, 1);
		assertTrue(paths.contains("/new.txt") && paths.contains("/README.TXT"), paths.toString());
		assertFalse(paths.contains("/readme.txt") || paths.stream().anyMatch(p -> p.startsWith("/Ünïcödé")));
		assertEquals("from update\n", new String(Cli.run("cat", wim.toString(), "/new.txt").ok().stdout()));
	}

	@Test
	void setInfoChangesNameDescriptionPropertiesAndBootIndex() throws Exception {
		Path tree = trickyTree();
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("props.wim"), "First", "LZX");
		Tools.ok("wimlib-imagex", "append", tree.toString(), wim.toString(), "Second");
		Cli.run("set-info", wim.toString(), "--index", "2", "--name", "Windows 11 Pro", "--description", "Pro edition",
				"--property", "DISPLAYNAME=Windows 11 Pro", "--property", "WINDOWS/EDITIONID=Professional",
				"--boot").ok();
		Wimlib.Info info = Wimlib.info(wim);
		assertEquals(2, info.bootIndex());
		assertEquals("Windows 11 Pro", info.image(2).get("Name"));
		assertEquals("Pro edition", info.image(2).get("Description"));
		assertEquals("Windows 11 Pro", info.image(2).get("Display Name"));
		assertTrue(Wimlib.xml(wim).contains("<EDITIONID>Professional</EDITIONID>"), Wimlib.xml(wim));
		assertEquals("First", info.image(1).get("Name"));
		assertEquals(DeployForgeCli.USAGE, Cli.run("set-info", wim.toString(), "--index", "1").exit());
	}

	@Test
	void exportToSolidEsdAndBackKeepsPropertiesAndEveryHash() throws Exception {
		Path tree = trickyTree();
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("source.wim"), "One", "LZX");
		Tools.ok("wimlib-imagex", "append", tree.resolve("Windows").toString(), wim.toString(), "Two");
		Tools.ok("wimlib-imagex", "info", wim.toString(), "2", "--image-property", "WINDOWS/EDITIONID=Enterprise",
				"--image-property", "FLAGS=Enterprise", "--image-property", "DISPLAYNAME=Two (Enterprise)");
		Path esd = temp.resolve("exported.esd");
		Cli.Run export = Cli.run("export", wim.toString(), esd.toString(), "--index", "all").ok();
		assertTrue(export.out().contains("LZMS, solid"), export.out());
		Wimlib.Info esdInfo = Wimlib.info(esd);
		assertEquals("LZMS", esdInfo.header().get("Compression"));
		assertEquals("3584", esdInfo.header().get("Version"), "a solid WIM (ESD) is version 0xE00");
		Path back = temp.resolve("back.wim");
		Cli.run("export", esd.toString(), back.toString(), "--index", "all", "--compress", "lzx").ok();
		assertEquals("LZX", Wimlib.info(back).header().get("Compression"));
		for (int index = 1; index <= 2; index++) {
			assertEquals(Wimlib.hashes(wim, index), Wimlib.hashes(esd, index), "hashes in the ESD, image " + index);
			assertEquals(Wimlib.hashes(wim, index), Wimlib.hashes(back, index), "hashes after the round trip");
		}
		assertEquals(imageXml(wim), imageXml(esd));
		assertEquals(imageXml(wim), imageXml(back));
		Tools.ok("wimlib-imagex", "verify", back.toString());
		Path single = temp.resolve("single.wim");
		Cli.run("export", wim.toString(), single.toString(), "--index", "2", "--compress", "xpress").ok();
		assertEquals(1, Wimlib.info(single).imageCount());
		assertEquals("XPRESS", Wimlib.info(single).header().get("Compression"));
		Cli.Run appended = Cli.run("export", wim.toString(), single.toString(), "--index", "1").ok();
		assertTrue(appended.out().startsWith("Appended image 1"), appended.out());
		assertEquals(2, Wimlib.info(single).imageCount());
		assertEquals(DeployForgeCli.USAGE, Cli.run("export", wim.toString(), temp.resolve("x.wim").toString(),
				"--index", "all", "--compress", "zip").exit());
		assertEquals(DeployForgeCli.USAGE, Cli.run("export", wim.toString(), temp.resolve("x.wim").toString(),
				"--index", "first").exit());
	}

	/** @return each IMAGE element of the WIM XML without the fields a write legitimately refreshes */
	private static Map<String, String> imageXml(Path wim) throws Exception {
		String xml = Wimlib.xml(wim);
		Map<String, String> images = new TreeMap<>();
		Matcher matcher = Pattern.compile("<IMAGE INDEX=\"(\\d+)\">(.*?)</IMAGE>", Pattern.DOTALL).matcher(xml);
		while (matcher.find()) {
			images.put(matcher.group(1), matcher.group(2).replaceAll("\\s+", ""));
		}
		assertFalse(images.isEmpty(), xml);
		return images;
	}

	@Test
	void splitThenJoinGivesTheSameHashes() throws Exception {
		Path tree = Trees.incompressible(temp.resolve("big"), 6L << 20, 3);
		Trees.tricky(tree.resolve("tricky"));
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("split-me.wim"), "Big", "XPRESS");
		Path first = temp.resolve("parts/install.swm");
		Files.createDirectories(first.getParent());
		Cli.Run split = Cli.run("split", wim.toString(), first.toString(), "--part-size", "2").ok();
		assertTrue(split.out().contains("install2.swm"), split.out());
		long parts = Files.list(first.getParent()).count();
		assertTrue(parts >= 3, "6 MiB of data in parts of 2 MiB: " + parts + " parts");
		assertEquals("1/" + parts, Wimlib.info(first).header().get("Part Number"));
		assertEquals(Wimlib.dir(wim, 1), Cli.run("ls", first.toString(), "-r", "--bare").ok().out().lines().toList());
		Path joined = temp.resolve("joined.wim");
		Cli.run("join", first.toString(), joined.toString()).ok();
		assertEquals(Wimlib.hashes(wim, 1), Wimlib.hashes(joined, 1));
		Tools.ok("wimlib-imagex", "verify", joined.toString());
		Files.delete(first.getParent().resolve("install2.swm"));
		Cli.Run missing = Cli.run("join", first.toString(), temp.resolve("again.wim").toString())
				.expect(DeployForgeCli.FAILED);
		assertTrue(missing.err().contains("install2.swm"), "the missing part is named: " + missing.err());
		assertFalse(Files.exists(temp.resolve("again.wim")));
	}

	@Test
	void captureAppendAndOptimize() throws Exception {
		Path tree = trickyTree();
		Path wim = temp.resolve("grow.wim");
		Cli.run("capture", tree.toString(), wim.toString(), "--name", "One", "--compress", "xpress").ok();
		Cli.Run exists = Cli.run("capture", tree.toString(), wim.toString(), "--name", "Again").expect(DeployForgeCli.FAILED);
		assertTrue(exists.err().contains("already exists; use --append"), exists.err());
		Cli.run("capture", tree.resolve("Windows").toString(), wim.toString(), "--name", "Two", "--append").ok();
		Wimlib.Info info = Wimlib.info(wim);
		assertEquals(2, info.imageCount());
		assertEquals("Two", info.image(2).get("Name"));
		// wimlib-imagex update appends in place and leaves the old data behind: what optimize is for
		Path commands = temp.resolve("commands.txt");
		Files.writeString(commands, "delete --recursive /Windows\n");
		ProcessBuilder update = new ProcessBuilder("wimlib-imagex", "update", wim.toString(), "1")
				.redirectInput(commands.toFile()).redirectErrorStream(true);
		assertEquals(0, update.start().waitFor());
		Path copy = Files.copy(wim, temp.resolve("copy.wim"));
		Tools.ok("wimlib-imagex", "optimize", copy.toString());
		long before = Files.size(wim);
		Cli.Run optimize = Cli.run("optimize", wim.toString()).ok();
		assertTrue(optimize.out().contains("before"), optimize.out());
		assertTrue(Files.size(wim) < before, "optimize dropped the removed data: " + before + " -> " + Files.size(wim));
		assertEquals(Files.size(copy), Files.size(wim), "the same size wimlib-imagex optimize gives");
		assertEquals(Wimlib.hashes(copy, 1), Wimlib.hashes(wim, 1));
		Tools.ok("wimlib-imagex", "verify", wim.toString());
		Cli.run("verify", wim.toString()).ok();
		Path esd = temp.resolve("solid.esd");
		Cli.run("capture", tree.toString(), esd.toString(), "--name", "Solid").ok();
		assertEquals("LZMS", Wimlib.info(esd).header().get("Compression"));
		JsonNode listing = Cli.run("ls", esd.toString(), "-r", "--json").ok().json();
		assertEquals(Wimlib.dir(esd, 1).size(), listing.get("entries").size());
	}
}
