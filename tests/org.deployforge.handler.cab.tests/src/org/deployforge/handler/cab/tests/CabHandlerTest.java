package org.deployforge.handler.cab.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageService;
import org.deployforge.core.ImageTree;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.UnsupportedCapabilityException;
import org.deployforge.handler.cab.internal.CabHandler;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The CAB/MSU handler against {@code cabextract} itself, in the same test: listings equal {@code cabextract -l}, bytes
 * equal what {@code cabextract -d} writes, hostile names stay inside the target, and an .msu made here with
 * {@code gcab} browses into its inner cabinet.
 */
class CabHandlerTest {

	private static final Pattern LISTING_LINE = Pattern
			.compile("^\\s*(\\d+) \\| (\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d) \\| (.*)$");
	private static final DateTimeFormatter CABEXTRACT_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss",
			Locale.ROOT).withZone(ZoneOffset.UTC);

	private static ImageService service;

	@TempDir
	Path temp;

	@BeforeAll
	static void findService() throws InterruptedException {
		var context = FrameworkUtil.getBundle(CabHandlerTest.class).getBundleContext();
		ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(context, ImageService.class, null);
		tracker.open();
		service = tracker.waitForService(20_000);
		assertNotNull(service, "the ImageService is published");
		long deadline = System.currentTimeMillis() + 10_000;
		while (service.handler(CabHandler.ID).isEmpty() && System.currentTimeMillis() < deadline) {
			Thread.sleep(20);
		}
		assertTrue(service.handler(CabHandler.ID).isPresent(), "the CAB handler component bound into the ImageService");
	}

	/** One line of {@code cabextract -l}: size, date as cabextract prints it, name. */
	private record Listed(long size, String date, String name) {
	}

	private static List<Listed> cabextractListing(Path cabinet) throws Exception {
		List<Listed> listed = new ArrayList<>();
		for (String line : Tools.ok("cabextract", "-l", cabinet.toString()).stdout().split("\n")) {
			Matcher matcher = LISTING_LINE.matcher(line);
			if (matcher.matches()) {
				listed.add(new Listed(Long.parseLong(matcher.group(1)), matcher.group(2), matcher.group(3)));
			}
		}
		return listed;
	}

	private static List<ImageEntry> files(ImageTree tree) throws Exception {
		List<ImageEntry> files = new ArrayList<>();
		tree.walk("/", entry -> {
			if (!entry.directory()) {
				files.add(entry);
			}
			return true;
		});
		return files;
	}

	@ParameterizedTest
	@ValueSource(strings = { "cab/simple.cab", "cab/mixed.cab" })
	void listingMatchesCabextract(String fixture) throws Exception {
		Path cabinet = Fixtures.require(fixture);
		List<Listed> expected = cabextractListing(cabinet);
		assertFalse(expected.isEmpty(), "cabextract lists files");
		try (Image image = service.open(cabinet, OpenOptions.READ_ONLY)) {
			assertEquals(KnownFormats.CAB, image.format());
			assertEquals(CabHandler.ID, image.handlerId());
			List<ImageEntry> files = files(image.tree(1));
			assertEquals(expected.size(), files.size(), "file count: " + files);
			for (int i = 0; i < expected.size(); i++) {
				Listed listed = expected.get(i);
				ImageEntry entry = files.get(i);
				assertEquals("/" + listed.name(), entry.path());
				assertEquals(listed.size(), entry.size(), entry.path());
				assertEquals(listed.date(), CABEXTRACT_DATE.format(entry.lastWriteTime()), entry.path());
			}
			assertEquals(expected.stream().mapToLong(Listed::size).sum(), image.info().volumes().get(0).totalBytes());
			assertEquals(expected.size(), image.info().volumes().get(0).fileCount());
		}
	}

	@Test
	void compressionMatches7zip() throws Exception {
		Path cabinet = Fixtures.require("cab/mixed.cab");
		String method = Tools.ok("7zz", "l", cabinet.toString()).stdout().lines()
				.filter(line -> line.startsWith("Method = ")).findFirst().orElseThrow().substring(9);
		Set<String> sevenZip = new TreeSet<>(List.of(method.toUpperCase(Locale.ROOT).split(" ")));
		try (Image image = service.open(cabinet, OpenOptions.READ_ONLY)) {
			Set<String> ours = new TreeSet<>(List.of(image.info().properties().get("compression")
					.toUpperCase(Locale.ROOT).split(", ")));
			assertEquals(sevenZip, ours);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "cab/simple.cab", "cab/mixed.cab" })
	void readAndExtractGiveCabextractsBytes(String fixture) throws Exception {
		Path cabinet = Fixtures.require(fixture);
		Path reference = Files.createDirectories(temp.resolve("cabextract"));
		Tools.ok("cabextract", "-q", "-d", reference.toString(), cabinet.toString());
		Path ours = temp.resolve("ours");
		try (Image image = service.open(cabinet, OpenOptions.READ_ONLY)) {
			ImageTree tree = image.tree(1);
			List<ImageEntry> files = files(tree);
			for (ImageEntry entry : files) {
				byte[] expected = Files.readAllBytes(reference.resolve(entry.path().substring(1)));
				try (InputStream in = tree.read(entry.path())) {
					assertArrayEquals(expected, in.readAllBytes(), "read " + entry.path());
				}
			}
			ExtractResult result = tree.extract(List.of("/"), ours, new NullProgressMonitor());
			assertEquals(files.size(), result.files());
			assertEquals(List.of(), result.skipped());
			assertEquals(relativeFiles(reference), relativeFiles(ours), "the same files");
			for (String name : relativeFiles(reference)) {
				assertArrayEquals(Files.readAllBytes(reference.resolve(name)), Files.readAllBytes(ours.resolve(name)),
						name);
				assertEquals(files.stream().filter(e -> e.path().equals("/" + name)).findFirst().orElseThrow()
								.lastWriteTime().toEpochMilli(),
						Files.getLastModifiedTime(ours.resolve(name)).toMillis(), "time of " + name);
			}
			// one file alone, by a name given with backslashes
			String first = files.get(files.size() - 1).path();
			ExtractResult one = tree.extract(List.of(first.replace('/', '\\')), temp.resolve("one"),
					new NullProgressMonitor());
			assertEquals(1, one.files());
			assertArrayEquals(Files.readAllBytes(reference.resolve(first.substring(1))),
					Files.readAllBytes(temp.resolve("one").resolve(first.substring(first.lastIndexOf('/') + 1))));
		}
	}

	private static List<String> relativeFiles(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			return paths.filter(Files::isRegularFile).map(path -> folder.relativize(path).toString()).sorted()
					.collect(Collectors.toList());
		}
	}

	@Test
	void dirwalkCabinetExtractsNothingOutsideTheTarget() throws Exception {
		Path cabinet = Fixtures.require("cab/dirwalk-vulns.cab");
		Path target = temp.resolve("a/b/target");
		try (Image image = service.open(cabinet, OpenOptions.READ_ONLY)) {
			ExtractResult result = image.tree(1).extract(List.of("/"), target, new NullProgressMonitor());
			List<String> outside;
			try (Stream<Path> paths = Files.walk(temp)) {
				outside = paths.filter(path -> !path.startsWith(target) && !target.startsWith(path))
						.map(Path::toString).toList();
			}
			assertEquals(List.of(), outside, "nothing written outside " + target);
			assertTrue(result.skipped().stream().anyMatch(reason -> reason.contains("'..'")),
					"names with '..' are skipped and reported: " + result.skipped());
			assertTrue(result.files() > 0, "the harmless names are extracted: " + result);
			assertTrue(Files.isRegularFile(target.resolve("absolute/path")), "/absolute/path lands inside the target");
			for (String reason : result.skipped()) {
				assertFalse(reason.isBlank());
			}
		}
	}

	/**
	 * Names the tree leaves out are still reported by {@link ImageTree#leftOut}, with the CFFILE facts and the reason
	 * extract gives, at the root of the cabinet that holds them, also for an inner cabinet of an .msu.
	 */
	@Test
	void leftOutNamesAreReportedWhereTheirCabinetIsIncludingInnerCabinets() throws Exception {
		Path innerSource = Files.createDirectories(temp.resolve("inner-src/aa"));
		Files.writeString(innerSource.resolve("evil.txt"), "evil\n");
		Files.writeString(innerSource.resolveSibling("ok.txt"), "ok\n");
		Path inner = temp.resolve("inner.cab");
		Tools.run(temp.resolve("inner-src"), List.of("gcab", "-c", inner.toString(), "ok.txt", "aa/evil.txt"))
				.assertOk();
		byte[] bytes = Files.readAllBytes(inner);
		String cabinetText = new String(bytes, StandardCharsets.ISO_8859_1);
		int at = cabinetText.indexOf("aa\\evil.txt\0");
		assertTrue(at > 0, "gcab stored aa\\evil.txt");
		System.arraycopy("..".getBytes(StandardCharsets.US_ASCII), 0, bytes, at, 2);
		Files.write(inner, bytes);
		Path outerSource = Files.createDirectories(temp.resolve("outer-src"));
		Files.copy(inner, outerSource.resolve("inner.cab"));
		Path msu = temp.resolve("kb1.msu");
		Tools.run(outerSource, List.of("gcab", "-c", msu.toString(), "inner.cab")).assertOk();
		assertTrue(Tools.ok("cabextract", "-l", inner.toString()).stdout().contains("evil.txt"),
				"cabextract lists the file too");

		try (Image image = service.open(msu, OpenOptions.READ_ONLY)) {
			ImageTree tree = image.tree(1);
			assertEquals(List.of(), tree.leftOut("/", false), "the outer cabinet's names are all safe");
			List<org.deployforge.core.LeftOutEntry> below = tree.leftOut("/", true);
			assertEquals(1, below.size(), below.toString());
			org.deployforge.core.LeftOutEntry left = below.get(0);
			assertEquals("/inner.cab", left.folder());
			assertEquals("..\\evil.txt", left.rawName());
			assertEquals("/inner.cab/..\\evil.txt", left.path());
			assertEquals(5, left.size(), "the CFFILE size in bytes");
			assertNotNull(left.lastWriteTime());
			assertEquals(List.of(left.reason()), tree.leftOut("/INNER.CAB", false).stream()
					.map(org.deployforge.core.LeftOutEntry::reason).toList(), "found without regard to case");
			List<String> listed = new ArrayList<>();
			tree.walk("/", entry -> listed.add(entry.path()) || true);
			assertEquals(List.of("/", "/inner.cab", "/inner.cab/ok.txt"), listed, "never part of the tree");
			ExtractResult result = tree.extract(List.of("/"), temp.resolve("out/x"), new NullProgressMonitor());
			assertEquals(List.of(left.reason()), result.skipped(), "extract skips it with the same reason");
			assertFalse(Files.exists(temp.resolve("out/evil.txt")));
		}
	}

	@Test
	void changesAreRefused() throws Exception {
		Path cabinet = Fixtures.require("cab/simple.cab");
		Path source = Files.writeString(temp.resolve("new.txt"), "x");
		try (Image image = service.open(cabinet, OpenOptions.DEFAULT)) {
			assertTrue(image.isReadOnly());
			ImageTree tree = image.tree(1);
			var refused = assertThrows(UnsupportedCapabilityException.class, () -> tree.add(source, "/new.txt"));
			assertTrue(refused.getMessage().contains("cabinets are read-only in DeployForge"), refused.getMessage());
			assertThrows(UnsupportedCapabilityException.class, () -> tree.remove("/hello.c"));
			assertThrows(UnsupportedCapabilityException.class, () -> tree.rename("/hello.c", "/x.c"));
		}
	}

	/** An update package as Microsoft builds them: a cabinet holding the update cabinet and a properties file. */
	@Test
	void msuBrowsesIntoItsInnerCabinet() throws Exception {
		Path innerSource = Files.createDirectories(temp.resolve("inner-src/sub"));
		Files.writeString(innerSource.resolveSibling("update.mum"), "<assembly/>\n");
		Files.write(innerSource.resolve("payload.bin"), payload(200_000));
		Path inner = temp.resolve("Windows10.0-KB5000001-x64.cab");
		Tools.run(temp.resolve("inner-src"), List.of("gcab", "-c", "-z", inner.toString(), "update.mum",
				"sub/payload.bin")).assertOk();
		Path outerSource = Files.createDirectories(temp.resolve("outer-src"));
		Files.copy(inner, outerSource.resolve(inner.getFileName()));
		Files.writeString(outerSource.resolve("Windows10.0-KB5000001-x64-pkgProperties.txt"),
				"ApplicabilityInfo=\"Windows 10.0\"\r\n");
		Path msu = temp.resolve("windows10.0-kb5000001-x64.msu");
		Tools.run(outerSource, List.of("gcab", "-c", "-z", msu.toString(), inner.getFileName().toString(),
				"Windows10.0-KB5000001-x64-pkgProperties.txt")).assertOk();

		try (Image image = service.open(msu, OpenOptions.READ_ONLY)) {
			assertEquals(KnownFormats.MSU, image.format());
			assertEquals("Windows10.0-KB5000001-x64.cab", image.info().properties().get("inner cabinets"));
			ImageTree tree = image.tree(1);
			ImageEntry cab = tree.stat("/Windows10.0-KB5000001-x64.cab");
			assertTrue(cab.directory(), "the inner cabinet is a folder you can browse into");
			assertEquals(Files.size(inner), cab.size(), "its size is the inner cabinet's size in bytes");
			List<String> names = tree.list("/Windows10.0-KB5000001-x64.cab").stream().map(ImageEntry::path).toList();
			assertEquals(List.of("/Windows10.0-KB5000001-x64.cab/update.mum", "/Windows10.0-KB5000001-x64.cab/sub"),
					names);
			try (InputStream in = tree.read("/Windows10.0-KB5000001-x64.cab/sub/payload.bin")) {
				assertArrayEquals(payload(200_000), in.readAllBytes());
			}
			try (InputStream in = tree.read("/Windows10.0-KB5000001-x64.cab")) {
				assertArrayEquals(Files.readAllBytes(inner), in.readAllBytes(), "read as a file: the inner cabinet");
			}
			ExtractResult result = tree.extract(List.of("/"), temp.resolve("out"), new NullProgressMonitor());
			assertEquals(3, result.files(), result.toString());
			assertEquals("<assembly/>\n", Files.readString(
					temp.resolve("out/Windows10.0-KB5000001-x64.cab/update.mum"), StandardCharsets.UTF_8));
		}
		try (Image image = service.open(msu, new OpenOptions(true, null, java.util.Map.of("cab.nested", "files")))) {
			ImageEntry cab = image.tree(1).stat("/Windows10.0-KB5000001-x64.cab");
			assertFalse(cab.directory(), "cab.nested=files shows inner cabinets as files");
			ExtractResult result = image.tree(1).extract(List.of("/Windows10.0-KB5000001-x64.cab"), temp.resolve("raw"),
					new NullProgressMonitor());
			assertEquals(1, result.files());
			assertArrayEquals(Files.readAllBytes(inner),
					Files.readAllBytes(temp.resolve("raw/Windows10.0-KB5000001-x64.cab")));
		}
	}

	private static byte[] payload(int size) {
		byte[] data = new byte[size];
		long seed = 42;
		for (int i = 0; i < size; i++) {
			seed = seed * 6364136223846793005L + 1442695040888963407L;
			data[i] = (byte) (i % 7 == 0 ? seed >>> 56 : 'a' + i % 13);
		}
		return data;
	}
}
