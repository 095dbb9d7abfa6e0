package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every command that reads, on every WIM fixture in ../shared/fixtures/wim, compared in the same test with what the
 * real wimlib-imagex says about the same file (info, dir, extract/apply).
 */
class CliWimFixturesTest {

	@TempDir
	Path temp;

	@BeforeAll
	static void wimHandler() throws Exception {
		Wims.handler();
	}

	@ParameterizedTest
	@ValueSource(strings = { "XPRESS.wim", "LZX.wim", "LZMS.wim", "MultiImage.wim", "BootLZX.wim", "Split.swm",
			"dotdot.wim", "corrupted_file_1.wim" })
	void infoMatchesWiminfo(String name) throws Exception {
		Path wim = Fixtures.require("wim/" + name);
		Wimlib.Info expected = Wimlib.info(wim);
		JsonNode info = Cli.run("info", wim.toString(), "--json").ok().json();
		assertEquals(expected.imageCount(), info.get("imageCount").asInt(), "image count");
		assertEquals(expected.bootIndex(), info.get("bootIndex").asInt(), "boot index");
		for (int index = 1; index <= expected.imageCount(); index++) {
			Map<String, String> image = expected.image(index);
			JsonNode node = info.get("images").get(index - 1);
			assertEquals(index, node.get("index").asInt());
			assertEquals(image.get("Name"), node.get("name").asText(), "name of image " + index);
			assertEquals(image.getOrDefault("Description", ""), node.get("description").asText());
			assertEquals(Long.parseLong(image.get("Directory Count")), node.get("directoryCount").asLong());
			assertEquals(Long.parseLong(image.get("File Count")), node.get("fileCount").asLong());
			assertEquals(Long.parseLong(image.get("Total Bytes").replace(" bytes", "")), node.get("totalBytes").asLong());
			assertEquals(index == expected.bootIndex(), node.get("boot").asBoolean());
		}
		String human = Cli.run("info", wim.toString()).ok().out();
		assertTrue(human.contains("\nImage Count:") && human.contains("Available Images:"), human);
		for (int index = 1; index <= expected.imageCount(); index++) {
			assertTrue(human.matches("(?s).*\\nName: +" + java.util.regex.Pattern.quote(expected.image(index).get("Name"))
					+ "\\n.*"), human);
		}
	}

	@Test
	void multiImageLzmsAndBootFixturesSayWhatTheyAre() throws Exception {
		JsonNode multi = Cli.run("info", Fixtures.require("wim/MultiImage.wim").toString(), "--json").ok().json();
		assertEquals(3, multi.get("imageCount").asInt());
		String lzms = Cli.run("info", Fixtures.require("wim/LZMS.wim").toString()).ok().out().toLowerCase(Locale.ROOT);
		assertTrue(lzms.contains("lzms") && lzms.contains("solid"), lzms);
		Path boot = Fixtures.require("wim/BootLZX.wim");
		assertEquals(1, Cli.run("info", boot.toString(), "--json").ok().json().get("bootIndex").asInt());
		assertTrue(Cli.run("info", boot.toString()).ok().out().matches("(?s).*\\nBoot Index: +1\\n.*"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "XPRESS.wim", "LZX.wim", "LZMS.wim", "MultiImage.wim", "BootLZX.wim", "Split.swm",
			"dotdot.wim", "corrupted_file_1.wim" })
	void recursiveListingMatchesWimdir(String name) throws Exception {
		Path wim = Fixtures.require("wim/" + name);
		int images = Wimlib.info(wim).imageCount();
		for (int index = 1; index <= images; index++) {
			List<String> expected = Wimlib.dir(wim, index);
			List<String> actual = Cli.run("ls", wim.toString(), "-r", "--bare", "--index", String.valueOf(index)).ok()
					.out().lines().toList();
			assertEquals(expected, actual, name + " image " + index);
			JsonNode json = Cli.run("ls", wim.toString(), "/", "-r", "--json", "--index", String.valueOf(index)).ok()
					.json();
			int listed = 0;
			for (JsonNode entry : json.get("entries")) {
				listed += entry.get("skipped").isNull() ? 1 : 0;
			}
			assertEquals(expected.size(), listed, "the entries wimdir lists; those it leaves out are marked skipped");
		}
	}

	@Test
	void listingCarriesTheSha1AndSizesWimlibStores() throws Exception {
		for (String name : List.of("LZX.wim", "MultiImage.wim", "LZMS.wim")) {
			Path wim = Fixtures.require("wim/" + name);
			Map<String, String> hashes = Wimlib.hashes(wim, 1);
			JsonNode entries = Cli.run("ls", wim.toString(), "-r", "--json", "--index", "1").ok().json().get("entries");
			int files = 0;
			for (JsonNode entry : entries) {
				if (entry.get("type").asText().equals("file") && entry.get("size").asLong() > 0) {
					assertEquals(hashes.get(entry.get("path").asText()), entry.get("sha1").asText(),
							name + " " + entry.get("path"));
					files++;
				}
			}
			assertTrue(files > 0, name + " has files with data");
		}
		String table = Cli.run("ls", Fixtures.require("wim/MultiImage.wim").toString(), "--index", "1").ok().out();
		assertTrue(table.lines().anyMatch(line -> line.matches("-[-r][-h][-s][-a]-\\s+1  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  /A.txt")),
				table);
	}

	@Test
	void severalImagesWithoutIndexAreListedLikeWimlibDoes() throws Exception {
		Path wim = Fixtures.require("wim/MultiImage.wim");
		Tools.Result reference = Tools.run("wimlib-imagex", "dir", wim.toString());
		assertTrue(reference.exitCode() != 0 && reference.stderr().contains("contains 3 images"), reference.stderr());
		for (String[] args : List.of(new String[] { "ls", wim.toString() }, new String[] { "cat", wim.toString(), "/A.txt" },
				new String[] { "extract", wim.toString(), "/A.txt", "--dest", temp.toString() },
				new String[] { "apply", wim.toString(), temp.resolve("x").toString() },
				new String[] { "export", wim.toString(), temp.resolve("e.wim").toString() })) {
			Cli.Run run = Cli.run(args).expect(DeployForgeCli.USAGE);
			assertEquals("deployforge: " + wim + " holds 3 images; choose one with --index N:\n  1  Base\n  2  Changes\n  3  Delta",
					run.err().strip(), String.join(" ", args));
		}
		assertFalse(Files.exists(temp.resolve("x")) || Files.exists(temp.resolve("e.wim")));
	}

	@Test
	void catGivesTheBytesWimlibExtractsToStdout() throws Exception {
		for (String name : List.of("LZX.wim", "XPRESS.wim", "LZMS.wim", "MultiImage.wim")) {
			Path wim = Fixtures.require("wim/" + name);
			for (String path : Wimlib.dir(wim, 1)) {
				JsonNode entry = Cli.run("ls", wim.toString(), path, "--json", "--index", "1").ok().json().get("entries");
				if (entry.size() != 1 || !entry.get(0).get("path").asText().equals(path)
						|| !entry.get(0).get("type").asText().equals("file")) {
					continue;
				}
				Path reference = temp.resolve(name + "-" + Math.abs(path.hashCode()));
				Tools.ok("wimlib-imagex", "extract", wim.toString(), "1", path, "--dest-dir=" + reference);
				byte[] expected = Files.readAllBytes(reference.resolve(path.substring(path.lastIndexOf('/') + 1)));
				byte[] actual = Cli.run("cat", wim.toString(), path.replace('/', '\\'), "--index", "1").ok().stdout();
				org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, name + " " + path);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "XPRESS.wim", "LZX.wim", "LZMS.wim", "MultiImage.wim", "BootLZX.wim" })
	void extractAndApplyGiveWhatWimlibApplies(String name) throws Exception {
		Path wim = Fixtures.require("wim/" + name);
		int images = Wimlib.info(wim).imageCount();
		for (int index = 1; index <= images; index++) {
			Path expected = temp.resolve("wimlib-" + index);
			Wimlib.apply(wim, index, expected);
			Path extracted = temp.resolve("extract-" + index);
			Cli.run("extract", wim.toString(), "/", "--dest", extracted.toString(), "--index", String.valueOf(index))
					.ok();
			Trees.assertSameTree(expected, extracted, true);
			Path applied = temp.resolve("apply-" + index);
			Cli.run("apply", wim.toString(), applied.toString(), "--index", String.valueOf(index)).ok();
			Trees.assertSameTree(expected, applied, true);
		}
	}

	@Test
	void splitSetListsAndExtractsAsOneImage() throws Exception {
		Path first = Fixtures.require("wim/Split.swm");
		Fixtures.require("wim/Split2.swm");
		Path expected = temp.resolve("wimlib");
		Tools.ok("wimlib-imagex", "apply", first.toString(), "1", expected.toString(),
				"--ref=" + first.getParent().resolve("Split*.swm"));
		Path actual = temp.resolve("ours");
		Cli.run("extract", first.toString(), "/", "--dest", actual.toString()).ok();
		Trees.assertSameTree(expected, actual, true);
		assertEquals(Trees.digest(expected).keySet().size() + 1,
				Cli.run("ls", first.toString(), "-r", "--bare").ok().out().lines().count());
	}

	@Test
	void verifyExitsThreeOnAFailedIntegrityCheckAndZeroOnAGoodImage() throws Exception {
		Path bad = Fixtures.require("wim/VerifyFail.wim");
		assertTrue(Tools.run("wimlib-imagex", "verify", bad.toString()).exitCode() != 0, "wimlib-imagex agrees it is bad");
		Cli.Run failed = Cli.run("verify", bad.toString()).expect(DeployForgeCli.VERIFICATION_FAILED);
		assertTrue(failed.err().contains(bad.toString()), failed.err());
		JsonNode json = Cli.run("verify", bad.toString(), "--json").expect(DeployForgeCli.VERIFICATION_FAILED).json();
		assertFalse(json.get("ok").asBoolean());
		Path good = Fixtures.require("wim/MultiImage.wim");
		Tools.ok("wimlib-imagex", "verify", good.toString());
		Cli.Run passed = Cli.run("verify", good.toString()).ok();
		assertTrue(passed.out().contains("verification passed"), passed.out());
	}

	@Test
	void corruptedFileFailsExtractionClearlyAndLeavesNoPartialFile() throws Exception {
		Path wim = Fixtures.require("wim/corrupted_file_1.wim");
		Path dest = temp.resolve("out");
		Cli.Run run = Cli.run("extract", wim.toString(), "/file", "--dest", dest.toString()).expect(DeployForgeCli.FAILED);
		assertTrue(run.err().startsWith("deployforge: " + wim), run.err());
		assertTrue(run.err().contains("file"), run.err());
		assertEquals(1, run.err().strip().lines().filter(line -> line.startsWith("deployforge:")).count(), run.err());
		assertFalse(Files.exists(dest.resolve("file")), "no partial file is left");
		Path all = temp.resolve("all");
		Cli.run("extract", wim.toString(), "/", "--dest", all.toString()).expect(DeployForgeCli.FAILED);
		assertFalse(Files.exists(all.resolve("file")), "no partial file is left");
		Cli.run("cat", wim.toString(), "/file").expect(DeployForgeCli.FAILED);
		Cli.run("apply", wim.toString(), temp.resolve("applied").toString()).expect(DeployForgeCli.FAILED);
		assertFalse(Files.exists(temp.resolve("applied/file")), "no partial file is left");
	}

	@Test
	void dotdotNeverWritesOutsideTheDestination() throws Exception {
		Path wim = Fixtures.require("wim/dotdot.wim");
		Path sandbox = Files.createDirectories(temp.resolve("sandbox"));
		Path dest = sandbox.resolve("a/b/dest");
		Cli.Run extract = Cli.run("extract", wim.toString(), "/", "--dest", dest.toString());
		assertTrue(extract.exit() == DeployForgeCli.OK || extract.exit() == DeployForgeCli.FAILED, extract.err());
		Cli.Run apply = Cli.run("apply", wim.toString(), sandbox.resolve("a/b/applied").toString());
		assertTrue(apply.exit() == DeployForgeCli.OK || apply.exit() == DeployForgeCli.FAILED, apply.err());
		List<String> outside = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(temp)) {
			walk.filter(path -> !path.startsWith(dest) && !path.startsWith(sandbox.resolve("a/b/applied")))
					.filter(Files::isRegularFile).forEach(path -> outside.add(path.toString()));
		}
		assertEquals(List.of(), outside, "files written outside the destination");
		assertEquals(List.of(), List.of(sandbox.toFile().list()).stream().filter(n -> !n.equals("a")).toList());
		assertEquals(List.of("b"), List.of(sandbox.resolve("a").toFile().list()));
	}
}
