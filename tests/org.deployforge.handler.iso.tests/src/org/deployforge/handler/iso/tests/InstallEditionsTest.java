package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deployforge.core.Image;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.capability.InstallEditionsCapability;
import org.deployforge.core.capability.InstallEditionsCapability.InstallEditions;
import org.deployforge.core.capability.IsoBuildCapability;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * {@code info} of Windows-like media lists the editions of {@code sources/install.wim} (two images with WINDOWS XML
 * set by wimlib-imagex), read from the WIM's header and XML only, in place and streamed through 7zz; compared with
 * what {@code wimlib-imagex info} says of the same WIM taken out of the ISO by xorriso.
 */
class InstallEditionsTest {

	@TempDir
	Path temp;

	private Path media() throws Exception {
		Path tree = IsoTesting.windowsTree(temp, 256 * 1024);
		Path wim = tree.resolve("sources/install.wim");
		Tools.ok("wimlib-imagex", "append", temp.resolve("capture").toString(), wim.toString(), "Windows 11 Home");
		setWindows(wim, 1, "Professional", "9", "22621");
		setWindows(wim, 2, "Core", "12", "26100");
		Path iso = temp.resolve("win11.iso");
		IsoTesting.service().handler("iso").orElseThrow().capability(IsoBuildCapability.class).orElseThrow()
				.build(tree, iso, "WIN11_TEST", new NullProgressMonitor());
		return iso;
	}

	private static void setWindows(Path wim, int index, String edition, String arch, String build) throws Exception {
		Tools.ok("wimlib-imagex", "info", wim.toString(), Integer.toString(index), "--image-property",
				"WINDOWS/EDITIONID=" + edition, "--image-property", "WINDOWS/ARCH=" + arch, "--image-property",
				"WINDOWS/VERSION/MAJOR=10", "--image-property", "WINDOWS/VERSION/MINOR=0", "--image-property",
				"WINDOWS/VERSION/BUILD=" + build, "--image-property", "WINDOWS/VERSION/SPBUILD=1");
	}

	/** @return "index|name|edition id|arch|build" per image, as wimlib-imagex info prints them */
	private List<String> wimlibEditions(Path iso) throws Exception {
		Path out = temp.resolve("extracted-install.wim");
		Tools.ok("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/sources/install.wim",
				out.toString());
		String text = Tools.ok("wimlib-imagex", "info", out.toString()).stdout();
		List<String> editions = new ArrayList<>();
		String index = null;
		String name = null;
		String edition = null;
		String arch = null;
		String major = null;
		String minor = null;
		String build = null;
		for (String line : (text + "\n").split("\n")) {
			String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).strip() : "";
			if (line.startsWith("Index:")) {
				index = value;
			} else if (line.startsWith("Name:")) {
				name = value;
			} else if (line.startsWith("Edition ID:")) {
				edition = value;
			} else if (line.startsWith("Architecture:")) {
				arch = value.replace("x86_64", "x64");
			} else if (line.startsWith("Major Version:")) {
				major = value;
			} else if (line.startsWith("Minor Version:")) {
				minor = value;
			} else if (line.startsWith("Build:")) {
				build = value;
			} else if (line.startsWith("Service Pack Build:")) {
				editions.add(index + "|" + name + "|" + edition + "|" + arch + "|" + major + "." + minor + "." + build
						+ "." + value);
			}
		}
		return editions;
	}

	private static List<String> ours(InstallEditions found) {
		return found.editions().stream().map(e -> e.index() + "|" + e.name() + "|" + e.editionId() + "|"
				+ e.architecture() + "|" + e.build()).toList();
	}

	@Test
	void infoListsBothEditionsInPlaceAndStreamed() throws Exception {
		Path iso = media();
		List<String> expected = wimlibEditions(iso);
		assertEquals(2, expected.size(), expected.toString());
		assertTrue(expected.get(1).startsWith("2|Windows 11 Home|Core|"), expected.toString());

		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			Map<String, String> properties = image.info().properties();
			assertTrue(properties.get("Editions").startsWith("2 in /sources/install.wim (header and XML read in place"),
					properties.toString());
			assertEquals("Windows 11 Pro (Professional, x64, build 10.0.22621.1)", properties.get("Edition 1"));
			assertEquals("Windows 11 Home (Core, ARM64, build 10.0.26100.1)", properties.get("Edition 2"));
			InstallEditions found = image.capability(InstallEditionsCapability.class).orElseThrow()
					.installEditions(new NullProgressMonitor());
			assertEquals(expected, ours(found));
		}
		OpenOptions stream = new OpenOptions(true, null, Map.of("iso.installXml", "stream", "iso.reader", "7zz"));
		try (Image image = IsoTesting.service().open(iso, stream)) {
			// info() alone (ls, extract call it) never streams the install image
			String before = image.info().properties().get("Editions");
			assertTrue(before.startsWith("not read (the install image cannot be read in place"), before);
			InstallEditions found = image.capability(InstallEditionsCapability.class).orElseThrow()
					.installEditions(new NullProgressMonitor());
			assertEquals(expected, ours(found));
			assertTrue(found.readHow().contains("through 7zz"), found.readHow());
			assertEquals("Windows 11 Home (Core, ARM64, build 10.0.26100.1)", image.info().properties().get("Edition 2"),
					"once read, info() includes them");
		}
		try (var siblings = Files.list(temp)) {
			assertTrue(siblings.noneMatch(p -> p.getFileName().toString().contains(".editions-")),
					"the sparse work file is removed");
		}

		IsoTesting.Run text = IsoTesting.cli("info", iso.toString());
		assertEquals(0, text.exit(), text.err());
		assertTrue(text.out().contains("Edition 1:"), text.out());
		assertTrue(text.out().lines().anyMatch(line -> line.matches("Edition 2:\\s+Windows 11 Home \\(Core, ARM64, build "
				+ "10\\.0\\.26100\\.1\\)")), text.out());
		IsoTesting.Run json = IsoTesting.cli("info", "--json", iso.toString());
		assertEquals(0, json.exit(), json.err());
		var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
		var editions = tree.path("installEditions").path("editions");
		assertEquals(2, editions.size(), json.out());
		assertEquals("Windows 11 Pro", editions.get(0).path("name").asText());
		assertEquals("Professional", editions.get(0).path("editionId").asText());
		assertEquals("x64", editions.get(0).path("architecture").asText());
		assertEquals("10.0.22621.1", editions.get(0).path("build").asText());
		assertEquals("/sources/install.wim", tree.path("installEditions").path("path").asText());
	}

	/**
	 * Consumer media ship a solid {@code install.esd} (wimlib needs its solid resource headers, which are not in the
	 * copied tail) and FAT32 sticks a split {@code install.swm} (wimlib wants the other parts): the editions still
	 * come from the XML, in place and streamed, equal to what wimlib-imagex says of the WIM they were made from.
	 */
	@Test
	void solidEsdAndSplitSwmEditionsComeFromTheXml() throws Exception {
		Path tree = IsoTesting.windowsTree(temp, 3L << 20); // random data: 1 MiB parts make a set of several
		Path wim = tree.resolve("sources/install.wim");
		Tools.ok("wimlib-imagex", "append", temp.resolve("capture").toString(), wim.toString(), "Windows 11 Home");
		setWindows(wim, 1, "Professional", "9", "22621");
		setWindows(wim, 2, "Core", "12", "26100");
		Path reference = Files.copy(wim, temp.resolve("reference.wim"));
		List<String> expected = List.of("1|" + wimlibName(reference, 1) + "|Professional|x64|10.0.22621.1",
				"2|Windows 11 Home|Core|ARM64|10.0.26100.1");
		Tools.ok("wimlib-imagex", "export", wim.toString(), "all", tree.resolve("sources/install.esd").toString(),
				"--solid");
		Files.delete(wim);
		Path esdIso = temp.resolve("esd.iso");
		IsoTesting.service().handler("iso").orElseThrow().capability(IsoBuildCapability.class).orElseThrow()
				.build(tree, esdIso, "ESD_TEST", new NullProgressMonitor());
		for (OpenOptions options : List.of(OpenOptions.READ_ONLY,
				new OpenOptions(true, null, Map.of("iso.installXml", "stream", "iso.reader", "7zz")))) {
			try (Image image = IsoTesting.service().open(esdIso, options)) {
				InstallEditions found = image.capability(InstallEditionsCapability.class).orElseThrow()
						.installEditions(new NullProgressMonitor());
				assertEquals("/sources/install.esd", found.path());
				assertEquals(expected, ours(found), found.unknownReason() + " / " + found.readHow());
			}
		}

		Files.delete(tree.resolve("sources/install.esd"));
		Tools.ok("wimlib-imagex", "split", reference.toString(), tree.resolve("sources/install.swm").toString(), "1");
		try (var parts = Files.list(tree.resolve("sources"))) {
			assertTrue(parts.filter(part -> part.getFileName().toString().endsWith(".swm")).count() > 1,
					"split into several parts");
		}
		Path swmIso = temp.resolve("swm.iso");
		IsoTesting.service().handler("iso").orElseThrow().capability(IsoBuildCapability.class).orElseThrow()
				.build(tree, swmIso, "SWM_TEST", new NullProgressMonitor());
		IsoTesting.Run text = IsoTesting.cli("info", swmIso.toString());
		assertEquals(0, text.exit(), text.err());
		assertTrue(text.out().lines().anyMatch(line -> line.matches("Edition 2:\\s+Windows 11 Home \\(Core, ARM64, "
				+ "build 10\\.0\\.26100\\.1\\)")), text.out());
		assertTrue(!text.out().contains(".editions-"), "no work file name in the output: " + text.out());
	}

	private static String wimlibName(Path wim, int index) throws Exception {
		for (String line : Tools.ok("wimlib-imagex", "info", wim.toString(), Integer.toString(index)).stdout()
				.split("\n")) {
			if (line.startsWith("Name:")) {
				return line.substring(5).strip();
			}
		}
		throw new AssertionError("no name for image " + index + " of " + wim);
	}

	@Test
	void withoutAWimHandlerTheEditionsAreUnknownWithTheReason() throws Exception {
		Path iso = media();
		Bundle wim = null;
		for (Bundle bundle : FrameworkUtil.getBundle(getClass()).getBundleContext().getBundles()) {
			if (bundle.getSymbolicName().equals("org.deployforge.handler.wim")) {
				wim = bundle;
			}
		}
		assertNotNull(wim);
		wim.stop();
		try {
			long deadline = System.currentTimeMillis() + 10_000;
			while (IsoTesting.service().handler("wim").isPresent() && System.currentTimeMillis() < deadline) {
				Thread.sleep(20);
			}
			IsoTesting.Run text = IsoTesting.cli("info", iso.toString());
			assertEquals(0, text.exit(), text.err());
			assertTrue(text.out().lines().anyMatch(line -> line.matches("Editions:\\s+unknown \\(no WIM handler "
					+ "installed\\)")), text.out());
			assertTrue(!text.out().contains("Edition 1"), text.out());
		} finally {
			wim.start();
			long deadline = System.currentTimeMillis() + 10_000;
			while (IsoTesting.service().handler("wim").isEmpty() && System.currentTimeMillis() < deadline) {
				Thread.sleep(20);
			}
		}
	}
}
