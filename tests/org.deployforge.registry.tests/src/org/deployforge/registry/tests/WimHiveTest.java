package org.deployforge.registry.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.core.Image;
import org.deployforge.core.ImageService;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.PendingChange;
import org.deployforge.registry.EmptyHive;
import org.deployforge.registry.Hive;
import org.deployforge.registry.HiveCommitResult;
import org.deployforge.registry.ImageHive;
import org.deployforge.registry.RegValue;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A SOFTWARE hive inside a WIM made in the test (our empty-hive writer, captured by wimlib-imagex), changed with
 * {@code deployforge reg set install.wim::Windows/System32/config/SOFTWARE …}, then extracted by the real
 * {@code wimextract} and read by {@code hivexget}.
 */
class WimHiveTest {

	@TempDir
	Path temp;

	private static final String KEY = "Microsoft\\Windows\\CurrentVersion";

	private Path tree(String name, String product) throws Exception {
		Path root = temp.resolve(name);
		Path config = Files.createDirectories(root.resolve("Windows/System32/config"));
		Path software = config.resolve("SOFTWARE");
		EmptyHive.create(software, EmptyHive.DEFAULT_ROOT_NAME);
		try (Hive hive = Hive.openForWrite(software, false)) {
			hive.createKey(KEY);
			hive.setValue(KEY, RegValue.expandString("DevicePath", "%SystemRoot%\\inf"));
			hive.setValue(KEY, RegValue.string("ProductName", product));
			hive.commit();
		}
		Files.writeString(root.resolve("Windows/win.ini"), "; for 16-bit app support\r\n");
		return root;
	}

	private static void waitForWimHandler() throws Exception {
		ImageService service = Cli.service();
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (service.handler("wim").isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertTrue(service.handler("wim").isPresent(), "the wim handler is registered");
	}

	@Test
	void setValueInsideAWimIsReadBackByWimextractAndHivexget() throws Exception {
		waitForWimHandler();
		Path wim = temp.resolve("install.wim");
		Tools.ok("wimlib-imagex", "capture", tree("one", "Edition One").toString(), wim.toString(), "Edition One");
		Tools.ok("wimlib-imagex", "append", tree("two", "Edition Two").toString(), wim.toString(), "Edition Two");

		Cli.Run set = Cli.run("reg", "set", wim + "::Windows/System32/config/SOFTWARE", KEY, "DevicePath", "--type",
				"expand_sz", "%SystemRoot%\\inf;C:\\Drivers", "--index", "2");
		assertEquals(0, set.exit(), set.toString());
		assertTrue(set.out().contains("read back"), set.out());

		// the real tools see the change in index 2 and nothing else changed
		Path out2 = Files.createDirectories(temp.resolve("out2"));
		Tools.ok("wimextract", wim.toString(), "2", "/Windows/System32/config/SOFTWARE", "/Windows/win.ini",
				"--dest-dir=" + out2);
		assertEquals("%SystemRoot%\\inf;C:\\Drivers\n", Hivexsh.value(out2.resolve("SOFTWARE"), KEY, "DevicePath"));
		assertEquals("Edition Two\n", Hivexsh.value(out2.resolve("SOFTWARE"), KEY, "ProductName"));
		assertEquals("; for 16-bit app support\r\n", Files.readString(out2.resolve("win.ini")));
		Path out1 = Files.createDirectories(temp.resolve("out1"));
		Tools.ok("wimextract", wim.toString(), "1", "/Windows/System32/config/SOFTWARE", "--dest-dir=" + out1);
		assertEquals("%SystemRoot%\\inf\n", Hivexsh.value(out1.resolve("SOFTWARE"), KEY, "DevicePath"));
		Tools.ok("wimlib-imagex", "verify", wim.toString());
		assertTrue(Tools.ok("wimlib-imagex", "info", wim.toString()).stdout().contains("Image Count:    2"));

		// reading through the image, with the path in another case, as Windows paths are
		Cli.Run get = Cli.run("reg", "get", wim + "::windows/system32/CONFIG/software", KEY, "DevicePath", "--index",
				"2");
		assertEquals("%SystemRoot%\\inf;C:\\Drivers\n", get.out(), get.toString());
		Cli.Run ls = Cli.run("reg", "ls", wim + "::Windows/System32/config/SOFTWARE", KEY, "--json");
		JsonNode json = new ObjectMapper().readTree(ls.out());
		assertEquals("Edition One", json.get("values").get(1).get("data").asText());

		// a .reg import into the image, and an error naming the image and the path
		Path reg = Files.writeString(temp.resolve("oem.reg"), """
				Windows Registry Editor Version 5.00

				[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\OEMInformation]
				"Manufacturer"="DeployForge"
				""");
		Cli.Run imported = Cli.run("reg", "import", wim + "::Windows/System32/config/SOFTWARE", reg.toString());
		assertEquals(0, imported.exit(), imported.toString());
		Path out3 = Files.createDirectories(temp.resolve("out3"));
		Tools.ok("wimlib-imagex", "extract", wim.toString(), "1", "/Windows/System32/config/SOFTWARE",
				"--dest-dir=" + out3);
		assertEquals("DeployForge\n", Hivexsh.value(out3.resolve("SOFTWARE"), KEY + "\\OEMInformation", "Manufacturer"));
		Cli.Run missing = Cli.run("reg", "ls", wim + "::Windows/System32/config/SAM");
		assertEquals(1, missing.exit());
		assertTrue(missing.err().contains(wim + ": no file '/Windows/System32/config/SAM' in image index 1"),
				missing.err());
		try (var files = Files.list(temp)) {
			assertEquals(List.of(), files.filter(file -> file.getFileName().toString().contains("deployforge-tmp")).toList());
		}
	}

	/**
	 * A hive opened in an image session someone else holds (the workbench's image editor): {@link ImageHive#stage()}
	 * writes and reads back the hive and stages it into the session without committing; staging again adds nothing new;
	 * the session's own commit writes it; {@link ImageHive#close()} keeps the staged work copy until then.
	 */
	@Test
	void stagedIntoAnOpenSessionTheSessionsCommitWritesIt() throws Exception {
		waitForWimHandler();
		Path wim = temp.resolve("install.wim");
		Tools.ok("wimlib-imagex", "capture", tree("one", "Edition One").toString(), wim.toString(), "Edition One");
		try (Image image = Cli.service().open(wim, OpenOptions.DEFAULT)) {
			Path workFolder;
			try (ImageHive hive = ImageHive.open(image, 1, "windows/system32/config/software", true, false)) {
				hive.hive().setValue(KEY, RegValue.string("ProductName", "Staged Edition"));
				HiveCommitResult first = hive.stage();
				assertEquals(1, first.changes());
				assertEquals(1, first.verified(), "read back from the written work copy");
				hive.hive().setValue(KEY, RegValue.dword("Level", 7));
				hive.stage();
				List<PendingChange> pending = image.pendingChanges();
				assertEquals(1, pending.size(), "staged once: " + pending);
				assertEquals("/Windows/System32/config/SOFTWARE", pending.get(0).path());
				assertTrue(hive.staged());
				workFolder = hive.workFolder();
			}
			assertTrue(Files.isDirectory(workFolder), "a staged copy outlives close() until the session commits");
			assertEquals("Edition One\n", Hivexsh.value(extract(wim, "before"), KEY, "ProductName"),
					"nothing is written before the session's commit");
			image.commit(new org.eclipse.core.runtime.NullProgressMonitor());
			ImageHive.deleteWorkFolder(workFolder);
			assertFalse(Files.exists(workFolder));
		}
		Path out = extract(wim, "after");
		assertEquals("Staged Edition\n", Hivexsh.value(out, KEY, "ProductName"));
		assertEquals("7", Tools.ok("hivexget", out.toString(), KEY, "Level").stdout().strip());
		Tools.ok("wimlib-imagex", "verify", wim.toString());
	}

	private Path extract(Path wim, String name) throws Exception {
		Path out = Files.createDirectories(temp.resolve(name));
		Tools.ok("wimextract", wim.toString(), "1", "/Windows/System32/config/SOFTWARE", "--dest-dir=" + out);
		return out.resolve("SOFTWARE");
	}
}
