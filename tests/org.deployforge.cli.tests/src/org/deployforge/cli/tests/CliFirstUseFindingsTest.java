package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.cli.internal.RootCommand;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.capability.CaptureCapability;
import org.deployforge.core.capability.CaptureCapability.CaptureOptions;
import org.deployforge.core.capability.Compression;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;

/**
 * The second first-use trial of the command line (a new user following the README on a fresh clone), each finding
 * checked on images built here with the real tools (gcab, wimlib-imagex, genisoimage) or the shared fixtures, and
 * compared with what those tools say about the same files.
 */
class CliFirstUseFindingsTest {

	@TempDir
	Path temp;

	@BeforeAll
	static void handlers() throws Exception {
		Wims.handler();
		Cli.awaitHandler("cab");
		Cli.awaitHandler("iso");
	}

	private static String err(Cli.Run run) {
		return run.err().strip().replace("\r\n", "\n");
	}

	/** @return {@code file} relative to the current folder, as a user in that folder types it */
	private static Path typed(Path file) {
		return Path.of("").toAbsolutePath().relativize(file.toAbsolutePath());
	}

	/**
	 * A cabinet written by gcab holding good.txt and three files whose stored names are then changed in place (same
	 * length, CFFILE names carry no checksum, [MS-CAB] §2.3): {@code ..\evil.txt}, {@code C:\drive.txt} and
	 * {@code \\srv\x.txt}.
	 */
	private Path unsafeCabinet() throws Exception {
		Path source = Files.createDirectories(temp.resolve("cab-src"));
		Files.writeString(source.resolve("good.txt"), "good\n");
		Files.createDirectories(source.resolve("aa"));
		Files.writeString(source.resolve("aa/evil.txt"), "evil data\n");
		Files.createDirectories(source.resolve("Q_"));
		Files.writeString(source.resolve("Q_/drive.txt"), "drive data\n");
		Files.createDirectories(source.resolve("zzsrv"));
		Files.writeString(source.resolve("zzsrv/x.txt"), "unc data\n");
		Path cabinet = temp.resolve("unsafe.cab");
		Tools.run(source, List.of("gcab", "-c", cabinet.toString(), "good.txt", "aa/evil.txt", "Q_/drive.txt",
				"zzsrv/x.txt")).assertOk();
		byte[] bytes = Files.readAllBytes(cabinet);
		patch(bytes, "aa\\evil.txt", "..\\evil.txt");
		patch(bytes, "Q_\\drive.txt", "C:\\drive.txt");
		patch(bytes, "zzsrv\\x.txt", "\\\\srv\\x.txt");
		Files.write(cabinet, bytes);
		return cabinet;
	}

	private static void patch(byte[] bytes, String from, String to) {
		byte[] needle = (from + "\0").getBytes(StandardCharsets.US_ASCII);
		byte[] replacement = (to + "\0").getBytes(StandardCharsets.US_ASCII);
		assertEquals(needle.length, replacement.length);
		int found = -1;
		for (int i = 0; i + needle.length <= bytes.length && found < 0; i++) {
			if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
				found = i;
			}
		}
		assertTrue(found >= 0, "gcab stored the name " + from);
		System.arraycopy(replacement, 0, bytes, found, replacement.length);
	}

	private static final String DOTDOT = "it has a '..' component that would climb out of the target folder";

	// ---------------------------------------------------------------- 1: ls shows what extract skips

	@Test
	void lsOfACabinetShowsTheUnsafeNamesMarkedAndExtractSkipsExactlyThose() throws Exception {
		Path cabinet = unsafeCabinet();
		// cabextract -l lists the four files (with names it has made safe: xx/evil.txt, C:/drive.txt, srv/x.txt)
		List<Long> cabextractSizes = Tools.ok("cabextract", "-l", cabinet.toString()).stdout().lines()
				.filter(line -> line.matches("\\s*\\d+ \\| .*")).map(line -> Long.parseLong(line.strip().split(" ")[0]))
				.toList();
		assertEquals(List.of(5L, 10L, 11L, 9L), cabextractSizes);

		List<String> rows = Cli.run("ls", cabinet.toString()).ok().out().lines().toList();
		assertEquals(4, rows.size(), rows.toString());
		assertTrue(rows.get(0).endsWith("  /good.txt"), rows.get(0));
		assertTrue(rows.get(1).matches("\\S{6} +10  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  .*"),
				"attributes, size and time from the CFFILE: " + rows.get(1));
		assertTrue(rows.get(1).endsWith("  /..\\evil.txt  [skipped by extract: unsafe name '..\\evil.txt': " + DOTDOT
				+ "]"), rows.get(1));
		assertTrue(rows.get(2).endsWith("  /C:\\drive.txt  [skipped by extract: unsafe name 'C:\\drive.txt': it starts"
				+ " with a drive letter]"), rows.get(2));
		assertTrue(rows.get(3).contains("  /\\\\srv\\x.txt  [skipped by extract: unsafe name '\\\\srv\\x.txt': it is a"
				+ " UNC or device path"), rows.get(3));

		JsonNode json = Cli.run("ls", cabinet.toString(), "-r", "--json").ok().json();
		List<String> names = new ArrayList<>();
		Map<String, String> skipped = new HashMap<>();
		List<Long> sizes = new ArrayList<>();
		for (JsonNode entry : json.get("entries")) {
			if (entry.get("type").asText().equals("file")) {
				names.add(entry.get("name").asText());
				sizes.add(entry.get("size").asLong());
			}
			if (!entry.get("skipped").isNull()) {
				skipped.put(entry.get("name").asText(), entry.get("skipped").asText());
				assertTrue(entry.get("size").asLong() > 0, "size from the CFFILE: " + entry);
			}
		}
		assertEquals(List.of("good.txt", "..\\evil.txt", "C:\\drive.txt", "\\\\srv\\x.txt"), names,
				"every file the cabinet holds, under the name it is stored with");
		assertEquals(cabextractSizes, sizes, "the files cabextract lists, in the same order");
		assertEquals(3, skipped.size(), skipped.toString());
		assertTrue(json.get("entries").get(0).get("skipped").isNull(), "ordinary entries carry skipped: null");

		Path box = Files.createDirectories(temp.resolve("box"));
		Path dest = box.resolve("out");
		Cli.Run extract = Cli.run("extract", cabinet.toString(), "/", "--dest", dest.toString())
				.expect(DeployForgeCli.FAILED);
		List<String> reported = err(extract).lines().toList();
		for (String reason : skipped.values()) {
			assertTrue(reported.contains("deployforge: " + cabinet + ": skipped " + reason),
					"extract skips what ls marked, with the same words: " + reason + "\n" + extract.err());
		}
		assertEquals("deployforge: " + cabinet + ": 3 entries not extracted (see above)", reported.getLast());
		try (Stream<Path> written = Files.walk(box)) {
			assertEquals(List.of(box, dest, dest.resolve("good.txt")), written.sorted().toList(),
					"only the safe file, nothing outside the folder");
		}

		Cli.Run bare = Cli.run("ls", cabinet.toString(), "--bare").ok();
		assertEquals("/good.txt\n", bare.out(), "--bare lists only paths that can be extracted");
		assertEquals(3, err(bare).lines().filter(line -> line.startsWith("deployforge: " + cabinet + ": not listed: "
				+ "unsafe name")).count(), bare.err());

		Cli.Run cat = Cli.run("cat", cabinet.toString(), "..\\evil.txt").expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + cabinet + ": unsafe name '..\\evil.txt': " + DOTDOT, err(cat));
	}

	@Test
	void lsOfTheDirwalkCabinetListsEveryFileCabextractSees() throws Exception {
		Path cabinet = Fixtures.require("cab/dirwalk-vulns.cab");
		long cabextract = Tools.ok("cabextract", "-l", cabinet.toString()).stdout().lines()
				.filter(line -> line.matches("\\s*\\d+ \\| .*")).count();
		JsonNode json = Cli.run("ls", cabinet.toString(), "-r", "--json").ok().json();
		long files = 0;
		long marked = 0;
		for (JsonNode entry : json.get("entries")) {
			files += entry.get("type").asText().equals("file") ? 1 : 0;
			marked += entry.get("skipped").isNull() ? 0 : 1;
		}
		assertEquals(cabextract, files, "as many files as cabextract -l lists");
		Cli.Run extract = Cli.run("extract", cabinet.toString(), "/", "--dest", temp.resolve("x").toString())
				.expect(DeployForgeCli.FAILED);
		assertEquals(marked, err(extract).lines().filter(line -> line.contains(": skipped ")).count(),
				"ls marks exactly the entries extract skips");
	}

	@Test
	void lsOfAWimShowsTheDotDotEntryWimlibLeavesOut() throws Exception {
		Path dotdot = Fixtures.require("wim/dotdot.wim");
		Tools.Result wimlib = Tools.run("wimlib-imagex", "dir", dotdot.toString(), "1");
		assertTrue(wimlib.stderr().contains("Ignoring file named \".\" or \"..\" in directory \"/\""), wimlib.stderr());
		List<String> rows = Cli.run("ls", dotdot.toString()).ok().out().lines().toList();
		assertEquals(1, rows.size(), "the root holds only the entry wimlib leaves out: " + rows);
		assertTrue(rows.get(0).matches("------ +\\?  - +/\\.\\.  \\[.*"),
				"no facts wimlib does not give: " + rows.get(0));
		assertTrue(rows.get(0).endsWith("  /..  [skipped by extract: unsafe name '..' (or '.') in /: it would climb out"
				+ " of its folder; wimlib left it out]"), rows.get(0));
		JsonNode entries = Cli.run("ls", dotdot.toString(), "-r", "--json").ok().json().get("entries");
		assertEquals(2, entries.size(), entries.toString());
		assertEquals("/..", entries.get(1).get("path").asText());
		assertEquals("..", entries.get(1).get("name").asText());
		assertEquals(-1, entries.get(1).get("size").asLong(), "wimlib gives no facts about it");
		assertTrue(entries.get(1).get("skipped").asText().startsWith("unsafe name '..'"), entries.toString());
	}

	@Test
	void applyReportsTheSkippedNamesAsExtractDoes() throws Exception {
		Path dotdot = Fixtures.require("wim/dotdot.wim");
		Path box = Files.createDirectories(temp.resolve("box"));
		Cli.Run extract = Cli.run("extract", dotdot.toString(), "/", "--dest", box.resolve("E").toString())
				.expect(DeployForgeCli.FAILED);
		Cli.Run apply = Cli.run("apply", dotdot.toString(), box.resolve("A").toString()).expect(DeployForgeCli.FAILED);
		List<String> extractLines = err(extract).lines().toList();
		List<String> applyLines = err(apply).lines().toList();
		assertEquals("deployforge: " + dotdot + ": skipped unsafe name '..' (or '.') in /: it would climb out of its"
				+ " folder; wimlib left it out", applyLines.get(0));
		assertEquals(extractLines.get(0), applyLines.get(0), "the same words as extract");
		assertEquals("deployforge: " + dotdot + ": 1 entry not applied (see above)", applyLines.get(1));
		assertTrue(apply.out().startsWith("Applied image 1 \"test\" of " + dotdot), apply.out());
		Tools.Result wimlib = Tools.run("wimlib-imagex", "apply", dotdot.toString(), "1", box.resolve("W").toString());
		assertTrue(wimlib.stderr().contains("Ignoring file named \".\" or \"..\""), "wimlib-imagex warns about the"
				+ " same entry: " + wimlib.stderr());
		Trees.assertSameTree(box.resolve("W"), box.resolve("A"), false);
		try (Stream<Path> written = Files.list(box)) {
			assertEquals(List.of(box.resolve("A"), box.resolve("E"), box.resolve("W")), written.sorted().toList(),
					"nothing outside the folders");
		}
	}

	// ---------------------------------------------------------------- 2: errors name the file as typed

	@Test
	void everyErrorNamesTheImageAsTyped() throws Exception {
		Path tree = Files.createDirectories(temp.resolve("tree"));
		Files.writeString(tree.resolve("b.txt"), "bee\n");
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("a.wim"), "A", "LZX");
		Path relative = typed(wim);
		assertFalse(relative.isAbsolute());
		String name = relative.toString();

		assertEquals("deployforge: " + name + ": unsafe name 'C:/x': it starts with a drive letter",
				err(Cli.run("cat", name, "C:/x").expect(DeployForgeCli.FAILED)), "unsafe names name the file too");
		assertEquals("deployforge: " + name + ": unsafe name '../x': " + DOTDOT,
				err(Cli.run("extract", name, "../x", "--dest", temp.resolve("o").toString())
						.expect(DeployForgeCli.FAILED)));
		assertEquals("deployforge: " + name + ": unsafe name '\\\\srv\\x': it is a UNC or device path (\\\\server\\share,"
				+ " \\\\?\\)", err(Cli.run("rm", name, "\\\\srv\\x").expect(DeployForgeCli.FAILED)));
		assertEquals("deployforge: " + name + ": no file or folder '/nope' in image 1",
				err(Cli.run("cat", name, "/nope").expect(DeployForgeCli.FAILED)),
				"handler errors as typed, not absolute");
		assertEquals("deployforge: " + name + ": line 1 (copy /b.txt /c.txt): unknown command 'copy' (use add, delete"
				+ " or rename); nothing was changed", err(Cli.runWithInput("copy /b.txt /c.txt\n", "update", name)
						.expect(DeployForgeCli.FAILED)));
		assertEquals("deployforge: " + name + ": line 1 (delete /nope): no file or folder '/nope' in image 1; nothing"
				+ " was changed", err(Cli.runWithInput("delete /nope\n", "update", name).expect(DeployForgeCli.FAILED)),
				"a staging error names the file once");
		assertEquals(name + ": 1 change committed", Cli.run("rm", name, "/b.txt").ok().out().lines().findFirst()
				.orElseThrow().replaceAll(" \\(.*", ""));

		Tools.ok("wimlib-imagex", "append", tree.toString(), wim.toString(), "B");
		assertEquals("deployforge: " + name + " holds 2 images; choose one with --index N:\n  1  A\n  2  B",
				err(Cli.run("ls", name).expect(DeployForgeCli.USAGE)));
		assertEquals("deployforge: " + name + " has no image 7; its images are:\n  1  A\n  2  B",
				err(Cli.run("reg", "ls", name + "::Windows/System32/config/SOFTWARE", "--index", "7")
						.expect(DeployForgeCli.USAGE)));
		assertEquals("deployforge: " + wim + ": no file or folder '/nope' in image 1",
				err(Cli.run("cat", wim.toString(), "/nope", "--index", "1").expect(DeployForgeCli.FAILED)),
				"an absolute name stays absolute");
	}

	// ---------------------------------------------------------------- 3: verify names the damaged part

	@Test
	void verifyOfASplitSetWithATruncatedPartNamesThatPartAndExits3() throws Exception {
		Path source = Files.createDirectories(temp.resolve("data"));
		for (int i = 0; i < 3; i++) {
			Files.write(source.resolve("file" + i + ".bin"), Trees.random(3_000_000, i));
		}
		Path wim = Wims.captureWithWimlib(source, temp.resolve("s.wim"), "S", "none");
		Path folder = Files.createDirectories(temp.resolve("set"));
		Path first = folder.resolve("p.swm");
		Tools.ok("wimlib-imagex", "split", wim.toString(), first.toString(), "4");
		Path second = folder.resolve("p2.swm");
		assertTrue(Files.exists(folder.resolve("p3.swm")), "wimlib-imagex wrote three parts");
		String name = typed(first).toString();
		assertTrue(Cli.run("verify", name).ok().out().contains(name + ": verification passed"));
		String info = Cli.run("info", typed(second).toString()).ok().out();
		assertTrue(info.contains("\nSplit Part:      part 2 of 3; part 1 (the first part, which the set is read from) is "
				+ name + "\n"), "the first part named as typed, beside the given one: " + info);
		assertEquals(name, Cli.run("info", typed(second).toString(), "--json").ok().json().get("file").asText());

		byte[] whole = Files.readAllBytes(second);
		Files.write(second, java.util.Arrays.copyOf(whole, whole.length / 2));
		Tools.Result wimlib = Tools.run("wimlib-imagex", "verify", first.toString(), "--ref=" + folder + "/p*.swm");
		assertTrue(wimlib.exitCode() != 0, "wimlib-imagex verify fails too: " + wimlib.stderr());
		assertTrue(wimlib.stderr().contains("Unexpectedly reached the end of the file"), wimlib.stderr());

		Cli.Run verify = Cli.run("verify", name).expect(DeployForgeCli.VERIFICATION_FAILED);
		List<String> lines = err(verify).lines().toList();
		assertTrue(lines.get(0).startsWith("deployforge: " + typed(second) + ": part 2 of 3 of the split set whose first"
				+ " part is p.swm: cannot open the image: the file ends early"), lines.toString());
		assertEquals("deployforge: " + name + ": verification failed", lines.get(1));
		JsonNode json = Cli.run("verify", name, "--json").expect(DeployForgeCli.VERIFICATION_FAILED).json();
		assertFalse(json.get("ok").asBoolean());
		assertTrue(json.get("problems").get(0).asText().startsWith(typed(second) + ": part 2 of 3"), json.toString());

		Files.write(second, whole);
		Files.write(folder.resolve("p3.swm"), new byte[0]);
		assertTrue(err(Cli.run("verify", name).expect(DeployForgeCli.VERIFICATION_FAILED))
				.startsWith("deployforge: " + typed(folder.resolve("p3.swm")) + ": part 3 of 3"));
		Files.delete(folder.resolve("p3.swm"));
		Cli.Run missing = Cli.run("verify", name).expect(DeployForgeCli.FAILED);
		assertTrue(err(missing).contains("part 3 of 3 of the split set, p3.swm, is missing"), missing.err());
	}

	// ---------------------------------------------------------------- 4: smaller findings

	@Test
	void setInfoNeedsNoIndexForASingleImageAndListsSeveral() throws Exception {
		Path tree = Files.createDirectories(temp.resolve("tree"));
		Files.writeString(tree.resolve("a.txt"), "a\n");
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("one.wim"), "Old", "LZX");
		Cli.run("set-info", wim.toString(), "--name", "New", "--description", "Renamed").ok();
		Wimlib.Info info = Wimlib.info(wim);
		assertEquals(1, info.imageCount());
		String xml = Wimlib.xml(wim);
		assertTrue(xml.contains("<NAME>New</NAME>") && xml.contains("<DESCRIPTION>Renamed</DESCRIPTION>"), xml);

		Tools.ok("wimlib-imagex", "append", tree.toString(), wim.toString(), "Second");
		byte[] before = Files.readAllBytes(wim);
		Cli.Run several = Cli.run("set-info", wim.toString(), "--name", "X").expect(DeployForgeCli.USAGE);
		assertEquals("deployforge: " + wim + " holds 2 images; choose one with --index N:\n  1  New\n  2  Second",
				err(several));
		assertArrayEquals(before, Files.readAllBytes(wim), "nothing written");
		Cli.run("set-info", wim.toString(), "--index", "2", "--name", "Two").ok();
		assertTrue(Wimlib.xml(wim).contains("<NAME>Two</NAME>"));
	}

	@Test
	void helpOfEveryCommandFitsEightyColumnsWithoutStrandedWords() throws Exception {
		List<String> problems = new ArrayList<>();
		check(RootCommand.commandLine(Cli.service()), problems);
		assertEquals(List.of(), problems);
		String help = Cli.run("iso", "split-wim", "--help").ok().out().replace("\r\n", "\n");
		assertTrue(help.contains("\nWrite new media with sources/install.wim replaced by install.swm, install2.swm,"
				+ "\n… parts that FAT32 can hold (each under 4 GiB), so the media fit a FAT32 USB"
				+ "\nstick; Windows Setup reads the parts as one image."
				+ "\nAn install.wim no larger than the part size needs no split: that is said,"
				+ "\nnothing is written, and the exit code is 0.\n"), help);
	}

	/** Every help line fits 80 columns; a description line that does not end a sentence is filled (greedy wrap). */
	private static void check(CommandLine command, List<String> problems) {
		String qualified = command.getCommandSpec().qualifiedName();
		List<String> lines = command.getUsageMessage().replace("\r\n", "\n").lines().toList();
		for (int j = 0; j < lines.size(); j++) {
			String line = lines.get(j);
			if (line.length() > 80) {
				problems.add(qualified + ": longer than 80 columns: " + line);
			}
			if (j + 1 < lines.size() && line.matches(".*\\d")
					&& lines.get(j + 1).strip().matches("(KiB|MiB|GiB|bytes)\\b.*")) {
				problems.add(qualified + ": a number and its unit on two lines: " + line);
			}
		}
		int i = 1;
		while (i < lines.size() && lines.get(i).startsWith(" ")) {
			i++; // the rest of the synopsis
		}
		List<String> description = new ArrayList<>();
		while (i < lines.size() && !lines.get(i).isEmpty() && !lines.get(i).startsWith(" ")) {
			description.add(lines.get(i++));
		}
		for (int j = 0; j + 1 < description.size(); j++) {
			String line = description.get(j);
			String next = description.get(j + 1).split(" ")[0];
			boolean endsParagraph = line.endsWith(".") || line.endsWith(":");
			// picocli fills description lines up to 79 columns
			if (!endsParagraph && line.length() + 1 + next.length() <= 79) {
				problems.add(qualified + ": '" + next + "' would have fit after: " + line);
			}
		}
		for (CommandLine sub : command.getSubcommands().values()) {
			if (!sub.getCommandSpec().name().equals("help")) {
				check(sub, problems);
			}
		}
	}

	/** Windows media laid out for {@code iso build}, with a small sources/install.wim. */
	private Path mediaWithSmallInstallWim() throws Exception {
		Path media = Files.createDirectories(temp.resolve("media"));
		Files.createDirectories(media.resolve("boot"));
		Files.write(media.resolve("boot/etfsboot.com"), Trees.random(2048, 5));
		Path sources = Files.createDirectories(media.resolve("sources"));
		Path content = Files.createDirectories(temp.resolve("content"));
		Files.write(content.resolve("data.bin"), Trees.random(300_000, 9));
		Wims.captureWithWimlib(content, sources.resolve("install.wim"), "Windows Test", "LZX");
		Path iso = temp.resolve("media.iso");
		Cli.run("iso", "build", media.toString(), iso.toString()).ok();
		return iso;
	}

	@Test
	void splitWimOfAnInstallWimThatFitsOnePartSaysNoSplitIsNeededAndWritesNothing() throws Exception {
		Path iso = mediaWithSmallInstallWim();
		Path wim = temp.resolve("media/sources/install.wim");
		Path one = Files.createDirectories(temp.resolve("wimlib")).resolve("install.swm");
		Tools.ok("wimlib-imagex", "split", wim.toString(), one.toString(), "1");
		try (Stream<Path> parts = Files.list(one.getParent())) {
			assertEquals(List.of(one), parts.toList(), "wimlib-imagex split would only write a one-part set");
		}

		byte[] before = Files.readAllBytes(iso);
		Path dest = temp.resolve("fat32.iso");
		Cli.Run run = Cli.run("iso", "split-wim", iso.toString(), dest.toString(), "--max-part-size", "1").ok();
		assertEquals(iso + ": no split needed: sources/install.wim (" + String.format("%,d", Files.size(wim))
				+ " bytes) is no larger than the part size (1 MiB), so the media fit FAT32 as they are; nothing was"
				+ " written (" + dest + " was not written: use " + iso + " as it is)\n", run.out());
		assertFalse(Files.exists(dest));
		Cli.Run inPlace = Cli.run("iso", "split-wim", iso.toString(), iso.toString(), "--json").ok();
		JsonNode json = inPlace.json();
		assertFalse(json.get("written").asBoolean());
		assertEquals(iso.toString(), json.get("file").asText());
		assertTrue(json.get("notes").get(0).asText().startsWith("no split needed: sources/install.wim"),
				json.toString());
		assertArrayEquals(before, Files.readAllBytes(iso), "the ISO is unchanged");
		String listing = Tools.ok("xorriso", "-indev", iso.toString(), "-find", "/sources").stdout();
		assertTrue(listing.contains("install.wim") && !listing.contains("install.swm"), listing);
	}

	@Test
	void captureAppendProgressCountsOnlyTheNewlyCapturedData() throws Exception {
		Path big = Trees.incompressible(temp.resolve("big"), 8L << 20, 11);
		Path small = Trees.incompressible(temp.resolve("small"), 1L << 20, 12);
		Path wim = Wims.captureWithWimlib(big, temp.resolve("two.wim"), "Big", "XPRESS");
		ImageHandler handler = Wims.handler();
		CaptureCapability capture = handler.capability(CaptureCapability.class).orElseThrow();
		Recording progress = new Recording();
		int index = capture.capture(small, wim, new CaptureOptions("Small", null, Compression.XPRESS, false, true),
				progress);
		assertEquals(2, index);
		assertEquals(2, Wimlib.info(wim).imageCount(), "wimlib-imagex sees both images");
		long newBytes;
		try (Stream<Path> files = Files.walk(small)) {
			newBytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
		}
		assertEquals(newBytes / 1024, progress.totalWork, "the bar's total is the new image's data in KiB, not "
				+ (newBytes + (8L << 20)) / 1024 + " (both images)");
		assertTrue(progress.subTasks.contains("Writing: 1.0 MiB of 1.0 MiB"), progress.subTasks.toString());
		assertFalse(progress.subTasks.stream().anyMatch(text -> text.contains("9.0 MiB")),
				progress.subTasks.toString());

		Recording fresh = new Recording();
		capture.capture(small, temp.resolve("one.wim"), new CaptureOptions("Small", null, Compression.XPRESS, false,
				false), fresh);
		assertEquals(fresh.totalWork, progress.totalWork, "the same total as capturing the folder into a new file");
	}

	/** Records what a handler reports: the total of beginTask and every sub-task text. */
	private static final class Recording extends NullProgressMonitor {
		int totalWork = -1;
		final List<String> subTasks = new ArrayList<>();

		@Override
		public void beginTask(String name, int work) {
			if (totalWork < 0) {
				totalWork = work;
			}
		}

		@Override
		public void subTask(String name) {
			subTasks.add(name);
		}
	}
}
