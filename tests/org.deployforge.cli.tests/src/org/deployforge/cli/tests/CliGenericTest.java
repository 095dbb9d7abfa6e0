package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.ImageHandler;
import org.deployforge.tests.common.archive.TextArchiveHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What holds for every handler: usage errors (exit 2), the image listing when several images and no --index are
 * given, JSON shapes, and the clear refusal of operations a format does not offer, shown with a second handler that
 * offers no capability at all ({@link TextArchiveHandler}).
 */
class CliGenericTest {

	private static ServiceRegistration<ImageHandler> registration;

	@TempDir
	Path temp;

	@BeforeAll
	static void registerTextHandler() throws Exception {
		registration = FrameworkUtil.getBundle(CliGenericTest.class).getBundleContext()
				.registerService(ImageHandler.class, new TextArchiveHandler(), new Hashtable<>());
		Cli.awaitHandler("dftext");
	}

	@AfterAll
	static void unregister() {
		registration.unregister();
	}

	private Path archive() throws Exception {
		Path file = temp.resolve("two.dftext");
		Files.writeString(file, "DFTEXT1\n@image First\n/a.txt\talpha\nB\\b.txt\tbeta\n@image Second\n/c.txt\tgamma\n",
				StandardCharsets.UTF_8);
		return file;
	}

	@Test
	void helpListsEveryCommand() throws Exception {
		String help = Cli.run("--help").ok().out();
		for (String command : List.of("info", "ls", "cat", "extract", "add", "rm", "mv", "update", "export", "split",
				"join", "verify", "optimize", "capture", "apply", "set-info")) {
			assertTrue(help.contains("\n  " + command + " ") || help.contains("\n  " + command + ","), command + "\n" + help);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "info", "ls", "cat x.wim", "extract x.wim /a", "add x.wim src", "rm x.wim", "mv x.wim /a",
			"export x.wim", "split x.wim x.swm", "join x.swm", "verify", "optimize", "capture dir x.wim",
			"apply x.wim", "set-info x.wim", "info x.wim --no-such-option" })
	void missingArgumentsAreUsageErrors(String line) throws Exception {
		Cli.Run run = Cli.run(line.split(" ")).expect(DeployForgeCli.USAGE);
		assertTrue(run.err().startsWith("deployforge: "), run.err());
		assertTrue(run.err().strip().endsWith("--help' for more information."), run.err());
	}

	@Test
	void severalImagesWithoutIndexListThem() throws Exception {
		Path file = archive();
		for (String[] args : List.of(new String[] { "ls", file.toString() }, new String[] { "cat", file.toString(), "/a.txt" })) {
			Cli.Run run = Cli.run(args).expect(DeployForgeCli.USAGE);
			assertEquals("deployforge: " + file + " holds 2 images; choose one with --index N:\n  1  First\n  2  Second",
					run.err().strip().replace("\r\n", "\n"));
		}
		Cli.Run outOfRange = Cli.run("ls", file.toString(), "--index", "3").expect(DeployForgeCli.USAGE);
		assertTrue(outOfRange.err().startsWith("deployforge: " + file + " has no image 3; its images are:"),
				outOfRange.err());
	}

	@Test
	void infoJsonHasTheDocumentedShape() throws Exception {
		Path file = archive();
		JsonNode info = Cli.run("info", file.toString(), "--json").ok().json();
		assertEquals(file.toString(), info.get("file").asText());
		assertEquals("dftext", info.get("format").asText());
		assertEquals("dftext", info.get("handler").asText());
		assertEquals(Files.size(file), info.get("fileSize").asLong());
		assertEquals(2, info.get("imageCount").asInt());
		assertEquals(0, info.get("bootIndex").asInt());
		assertEquals("UTF-8", info.get("properties").get("Encoding").asText());
		JsonNode second = info.get("images").get(1);
		assertEquals(List.of("index", "name", "description", "directoryCount", "fileCount", "totalBytes",
				"creationTime", "lastModificationTime", "boot", "properties"), fieldNames(second));
		assertEquals("Second", second.get("name").asText());
		assertTrue(second.get("creationTime").isNull());
		String human = Cli.run("info", file.toString()).ok().out();
		assertTrue(human.matches("(?s).*\\nImage Count: +2\\n.*"), human);
		assertTrue(human.matches("(?s).*\\nName: +Second\\n.*"), human);
	}

	@Test
	void lsAndCatWorkOnAnyHandler() throws Exception {
		Path file = archive();
		assertEquals("/\n/a.txt\n/B/b.txt\n",
				Cli.run("ls", file.toString(), "--index", "1", "-r", "--bare").ok().out().replace("\r\n", "\n"));
		JsonNode listing = Cli.run("ls", file.toString(), "--index", "1", "--json").ok().json();
		assertEquals(List.of("file", "index", "path", "recursive", "entries"), fieldNames(listing));
		JsonNode entry = listing.get("entries").get(1);
		assertEquals(List.of("path", "name", "type", "size", "attributes", "attributeLetters", "creationTime",
				"lastWriteTime", "lastAccessTime", "sha1", "namedStreams", "reparseTag", "linkCount", "skipped"),
				fieldNames(entry));
		assertEquals("/B/b.txt", entry.get("path").asText());
		assertEquals("file", entry.get("type").asText());
		assertEquals(4, entry.get("size").asLong());
		assertEquals("beta", new String(Cli.run("cat", file.toString(), "B\\b.txt", "--index", "1").ok().stdout(),
				StandardCharsets.UTF_8));
	}

	@Test
	void operationsTheFormatLacksAreRefusedClearly() throws Exception {
		Path file = archive();
		String prefix = "deployforge: " + file + ": the DFTEXT handler does not offer ";
		Object[][] cases = { { "export", new String[] { "export", file.toString(), temp.resolve("o.wim").toString(), "--index", "1" } },
				{ "split", new String[] { "split", file.toString(), temp.resolve("o.swm").toString(), "--part-size", "1" } },
				{ "verify", new String[] { "verify", file.toString() } },
				{ "optimize", new String[] { "optimize", file.toString() } },
				{ "apply", new String[] { "apply", file.toString(), temp.resolve("out").toString(), "--index", "2" } },
				{ "set-info", new String[] { "set-info", file.toString(), "--index", "1", "--name", "x" } },
				{ "join", new String[] { "join", file.toString(), temp.resolve("j.wim").toString() } } };
		for (Object[] refused : cases) {
			Cli.Run run = Cli.run((String[]) refused[1]).expect(DeployForgeCli.FAILED);
			assertEquals(prefix + refused[0], run.err().strip(), "message of " + refused[0]);
		}
		Files.createDirectories(temp.resolve("tree"));
		Cli.Run capture = Cli.run("capture", temp.resolve("tree").toString(), temp.resolve("new.dftext").toString(),
				"--name", "n").expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + temp.resolve("new.dftext") + ": the DFTEXT handler does not offer capture",
				capture.err().strip());
		Cli.Run unknown = Cli.run("capture", temp.resolve("tree").toString(), temp.resolve("new.xyz").toString(),
				"--name", "n").expect(DeployForgeCli.FAILED);
		assertTrue(unknown.err().contains("no installed handler writes files named like this"), unknown.err());
		assertFalse(Files.exists(temp.resolve("o.wim")) || Files.exists(temp.resolve("out")));
	}

	@Test
	void badUpdateLinesAreReportedWithTheirNumberBeforeAnythingIsOpened() throws Exception {
		Path file = archive();
		Cli.Run run = Cli.runWithInput("# comment\n\nrename /a.txt /z.txt\ncopy /a /b\n", "update", file.toString(),
				"--index", "1").expect(DeployForgeCli.FAILED);
		assertEquals("deployforge: " + file
				+ ": line 4 (copy /a /b): unknown command 'copy' (use add, delete or rename); nothing was changed",
				run.err().strip());
		Cli.Run quote = Cli.runWithInput("delete \"/a b\n", "update", file.toString()).expect(DeployForgeCli.FAILED);
		assertTrue(quote.err().contains("line 1 (delete \"/a b): the quote \" is not closed"), quote.err());
		Cli.Run arity = Cli.runWithInput("rename /a\n", "update", file.toString()).expect(DeployForgeCli.FAILED);
		assertTrue(arity.err().contains("line 1 (rename /a): rename takes 2 paths, not 1"), arity.err());
		Cli.Run missing = Cli.runWithInput("add " + temp.resolve("nope") + " /x\n", "update", file.toString())
				.expect(DeployForgeCli.FAILED);
		assertTrue(missing.err().contains(temp.resolve("nope") + ": no such file or folder"), missing.err());
	}

	@Test
	void missingAndUnknownFilesFailWithOneLine() throws Exception {
		Path missing = temp.resolve("missing.wim");
		assertEquals("deployforge: " + missing + ": no such file",
				Cli.run("info", missing.toString()).expect(DeployForgeCli.FAILED).err().strip());
		Path junk = temp.resolve("junk.bin");
		Files.write(junk, new byte[4096]);
		Cli.Run run = Cli.run("ls", junk.toString()).expect(DeployForgeCli.FAILED);
		assertTrue(run.err().startsWith("deployforge: " + junk + ": "), run.err());
		assertEquals(1, run.err().strip().lines().count(), run.err());
	}

	static List<String> fieldNames(JsonNode node) {
		List<String> names = new java.util.ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}
}
