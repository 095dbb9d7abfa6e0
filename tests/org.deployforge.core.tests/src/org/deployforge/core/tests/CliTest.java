package org.deployforge.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.tests.common.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's foundation: help, version, formats, detect, and its exit codes. */
class CliTest {

	@TempDir
	Path temp;

	private record Run(int exit, String out, String err) {
	}

	private static Run run(String... args) throws Exception {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = DeployForgeCli.execute(Services.imageService(), new PrintWriter(out), new PrintWriter(err), args);
		return new Run(exit, out.toString(), err.toString());
	}

	@Test
	void helpListsTheCommandsAndExitCodes() throws Exception {
		Run help = run("--help");
		assertEquals(0, help.exit());
		assertTrue(help.out().contains("formats"), help.out());
		assertTrue(help.out().contains("Exit codes: 0 done, 1 operation failed, 2 usage error, 3 verification failed"));
	}

	@Test
	void everyCommandAndSubcommandAnswersHelp() throws Exception {
		for (String[] command : new String[][] { { "verify" }, { "info" }, { "extract" }, { "formats" }, { "detect" },
				{ "iso" }, { "iso", "build" }, { "vhd" }, { "vhd", "create" }, { "reg" }, { "reg", "set" },
				{ "plugins" }, { "plugins", "install" } }) {
			String[] args = java.util.Arrays.copyOf(command, command.length + 1);
			args[command.length] = "--help";
			Run help = run(args);
			assertEquals(0, help.exit(), String.join(" ", args) + ": " + help.err());
			assertTrue(help.out().startsWith("Usage: deployforge " + String.join(" ", command)),
					String.join(" ", args) + " prints its own usage: " + help.out());
		}
	}

	@Test
	void versionNamesTheProductAndJava() throws Exception {
		Run version = run("--version");
		assertEquals(0, version.exit());
		assertTrue(version.out().startsWith("DeployForge 0.1.0"), version.out());
		assertTrue(version.out().contains("Java " + Runtime.version().feature()), version.out());
	}

	@Test
	void usageErrorsExitWithTwoAndSayWhy() throws Exception {
		Run bogus = run("no-such-command");
		assertEquals(DeployForgeCli.USAGE, bogus.exit());
		assertTrue(bogus.err().contains("Unmatched argument at index 0: 'no-such-command'"), bogus.err());
		assertEquals(DeployForgeCli.USAGE, run("detect").exit(), "detect needs a file");
	}

	@Test
	void formatsSplitsHandledFormatsFromThoseRecognisedWithoutAHandler() throws Exception {
		java.util.Set<String> handled = new java.util.HashSet<>();
		Services.imageService().handlers()
				.forEach(handler -> handler.formats().forEach(format -> handled.add(format.shortName())));
		Run formats = run("formats");
		assertEquals(0, formats.exit(), formats.err());
		String prefix = "Recognised, but no handler installed: ";
		String line = formats.out().lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
		java.util.List<String> unhandled = line.isEmpty() ? java.util.List.of()
				: java.util.List.of(line.substring(prefix.length()).split(", "));
		for (org.deployforge.core.ImageFormat format : org.deployforge.core.KnownFormats.ALL) {
			assertEquals(!handled.contains(format.shortName()), unhandled.contains(format.shortName()),
					format.shortName() + " is listed as unhandled exactly when no handler opens it: " + formats.out());
		}
		assertTrue(unhandled.contains("HIVE"), "no image handler opens hives (they are edited with 'reg')");
	}

	@Test
	void detectNamesTheFormatAndFailsClearlyOnAMissingFile() throws Exception {
		Path wim = Fixtures.require("wim/MultiImage.wim");
		Run detect = run("detect", wim.toString());
		assertEquals(0, detect.exit(), detect.err());
		assertTrue(detect.out().startsWith(wim + ": Windows Imaging Format (WIM), "), detect.out());
		Path random = Files.write(temp.resolve("random.dfdemo"), new byte[] { 1, 2, 3, 4 });
		org.osgi.framework.ServiceRegistration<org.deployforge.core.ImageHandler> demo = Services.context()
				.registerService(org.deployforge.core.ImageHandler.class, new org.deployforge.core.tests.demo.DemoArchiveHandler(),
						null);
		try {
			Run byName = run("detect", random.toString());
			assertEquals(random + ": not a recognised format, no signature matched; handler 'dfdemo' would try it by"
					+ " its name", byName.out().strip());
		} finally {
			demo.unregister();
		}
		Path missing = temp.resolve("missing.iso");
		Run failed = run("detect", missing.toString());
		assertEquals(DeployForgeCli.FAILED, failed.exit());
		assertEquals("deployforge: " + missing + ": no such file", failed.err().strip());
	}
}
