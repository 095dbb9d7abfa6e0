package org.deployforge.handler.wim.tests;

import org.deployforge.core.capability.SplitCapability;
import org.deployforge.core.UnsupportedCapabilityException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.EntryNotFoundException;
import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.MissingPartException;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.VerifyCapability;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared WIM fixtures, opened through the ImageService, checked against wimlib-imagex in the same test. */
class FixtureTest {

	@TempDir
	Path temp;

	@ParameterizedTest
	@ValueSource(strings = { "BootLZX.wim", "LZMS.wim", "LZX.wim", "MultiImage.wim", "XPRESS.wim", "VerifyFail.wim",
			"corrupted_file_1.wim", "dotdot.wim", "Split.swm" })
	void infoMatchesWiminfo(String name) throws Exception {
		Path file = Fixtures.require("wim/" + name);
		Map<String, String> expected = Wimlib.wiminfo(file);
		try (Image image = Wimlib.open(file, OpenOptions.READ_ONLY)) {
			assertEquals("wim", image.handlerId());
			ImageInfo info = image.info();
			assertEquals(Integer.parseInt(expected.get("Image Count")), info.imageCount());
			assertEquals(Integer.parseInt(expected.get("Boot Index")), info.bootIndex());
			assertEquals(expected.get("GUID"), info.properties().get("GUID"));
			assertEquals(expected.get("Compression"), info.properties().get("Compression"));
			assertEquals(expected.get("Chunk Size").replace(" bytes", ""), info.properties().get("Chunk Size"));
			assertEquals(expected.get("Part Number"), info.properties().get("Part Number"));
			assertEquals(expected.get("Attributes").contains("Integrity info") ? "yes" : "no",
					info.properties().get("Integrity Table"));
			for (VolumeInfo volume : info.volumes()) {
				String prefix = "image" + volume.index() + ".";
				assertEquals(expected.get(prefix + "Name"), volume.name());
				assertEquals(expected.get(prefix + "Description"), volume.description());
				assertEquals(Long.parseLong(expected.get(prefix + "File Count")), volume.fileCount());
				assertEquals(Long.parseLong(expected.get(prefix + "Directory Count")), volume.directoryCount());
				assertEquals(Long.parseLong(expected.get(prefix + "Total Bytes")), volume.totalBytes());
				assertNotNull(volume.creationTime());
			}
		}
	}

	@Test
	void multiImageHasThreeImagesAndListsEachLikeWimdir() throws Exception {
		Path file = Fixtures.require("wim/MultiImage.wim");
		try (Image image = Wimlib.open(file, OpenOptions.READ_ONLY)) {
			assertEquals(KnownFormats.WIM, image.format());
			assertEquals(3, image.info().imageCount());
			for (int index = 1; index <= 3; index++) {
				assertEquals(Wimlib.hashes(file, index), walk(image, index), "image " + index);
			}
			ImageException outOfRange = assertThrows(ImageException.class, () -> image.tree(4));
			assertTrue(outOfRange.getMessage().contains("1 (Base), 2 (Changes), 3 (Delta)"), outOfRange.getMessage());
		}
	}

	static Map<String, String> walk(Image image, int index) throws ImageException {
		Map<String, String> seen = new TreeMap<>();
		image.tree(index).walk("/", entry -> {
			seen.put(entry.path(), entry.sha1());
			return true;
		});
		return seen;
	}

	@Test
	void lzmsIsSolidAndBootLzxHasBootIndexOne() throws Exception {
		try (Image lzms = Wimlib.open(Fixtures.require("wim/LZMS.wim"), OpenOptions.READ_ONLY)) {
			assertEquals("LZMS", lzms.info().properties().get("Compression"));
			assertEquals("yes", lzms.info().properties().get("Solid"));
			assertEquals(KnownFormats.ESD, lzms.format());
		}
		try (Image boot = Wimlib.open(Fixtures.require("wim/BootLZX.wim"), OpenOptions.READ_ONLY)) {
			assertEquals(1, boot.info().bootIndex());
			assertEquals("LZX", boot.info().properties().get("Compression"));
			assertEquals("no", boot.info().properties().get("Solid"));
		}
	}

	@Test
	void entriesCarrySizesTimesAndAttributes() throws Exception {
		Path file = Fixtures.require("wim/MultiImage.wim");
		try (Image image = Wimlib.open(file, OpenOptions.READ_ONLY)) {
			ImageEntry a = image.tree(1).stat("\\A.txt");
			assertEquals("/A.txt", a.path());
			assertEquals(1, a.size());
			assertFalse(a.directory());
			assertEquals(0x20, a.attributes());
			assertEquals("6dcd4ce23d88e2ee9568ba546c007c63d9131c1b", a.sha1());
			assertEquals(java.time.Instant.parse("2017-11-13T17:40:42Z"),
					a.lastWriteTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
			assertEquals(1, a.linkCount());
			List<ImageEntry> root = image.tree(1).list("/");
			assertEquals(Wimlib.paths(file, 1).stream().filter(p -> p.lastIndexOf('/') == 0 && p.length() > 1).toList(),
					root.stream().map(ImageEntry::path).toList());
			assertThrows(EntryNotFoundException.class, () -> image.tree(1).stat("/nope"));
			assertThrows(ImageException.class, () -> image.tree(1).list("/A.txt"));
			try (InputStream in = image.tree(1).read("/A.txt")) {
				assertEquals(a.sha1(), Wimlib.sha(in, "SHA-1"));
			}
		}
	}

	@Test
	void splitSetListsAndExtractsAsOneImage() throws Exception {
		Path file = Fixtures.require("wim/Split.swm");
		Fixtures.require("wim/Split2.swm");
		try (Image image = Wimlib.open(file, OpenOptions.READ_ONLY)) {
			assertEquals(KnownFormats.SWM, image.format());
			assertTrue(image.isReadOnly());
			assertEquals(Wimlib.hashes(file, 1), walk(image, 1));
			Path out = temp.resolve("out");
			var result = image.tree(1).extract(List.of("/"), out, new NullProgressMonitor());
			assertEquals(2097152, result.bytes());
			Path expected = temp.resolve("expected");
			Tools.ok("wimlib-imagex", "apply", file.toString(), "1", expected.toString(),
					"--ref=" + file.resolveSibling("Split*.swm"));
			assertEquals(tree(expected), tree(out));
		}
		// opening the second part finds the first
		try (Image image = Wimlib.open(Fixtures.require("wim/Split2.swm"), OpenOptions.READ_ONLY)) {
			assertEquals(file.toAbsolutePath(), image.file());
		}
	}

	@Test
	void aMissingSplitPartIsNamed() throws Exception {
		Path copy = Fixtures.copy("wim/Split.swm", temp);
		MissingPartException missing = assertThrows(MissingPartException.class,
				() -> Wimlib.open(copy, OpenOptions.READ_ONLY));
		assertTrue(missing.getMessage().contains("Split2.swm"), missing.getMessage());
		assertTrue(missing.getMessage().contains("part 2 of 2"), missing.getMessage());
	}

	@Test
	void verifyFailFailsVerificationNamingTheChunk() throws Exception {
		Path file = Fixtures.require("wim/VerifyFail.wim");
		assertEquals(13, Tools.run("wimlib-imagex", "verify", file.toString()).exitCode());
		try (Image image = Wimlib.open(file, OpenOptions.READ_ONLY)) {
			VerifyCapability.VerifyResult result = image.capability(VerifyCapability.class).orElseThrow()
					.verify(new NullProgressMonitor());
			assertFalse(result.ok());
			assertTrue(result.problems().get(0).contains("integrity check failed at chunk 1 of 1"),
					result.problems().toString());
		}
		try (Image good = Wimlib.open(Fixtures.require("wim/MultiImage.wim"), OpenOptions.READ_ONLY)) {
			VerifyCapability.VerifyResult result = good.capability(VerifyCapability.class).orElseThrow()
					.verify(new NullProgressMonitor());
			assertTrue(result.ok(), result.problems().toString());
			assertEquals(0, Tools.run("wimlib-imagex", "verify", good.file().toString()).exitCode());
		}
	}

	@Test
	void aDamagedFileFailsExtractionByNameAndLeavesNothing() throws Exception {
		Path file = Fixtures.require("wim/corrupted_file_1.wim");
		assertEquals(28, Tools.run("wimlib-imagex", "extract", file.toString(), "1", "/file",
				"--dest-dir=" + temp.resolve("tool")).exitCode());
		try (Image image = Wimlib.open(file, OpenOptions.READ_ONLY)) {
			Path out = temp.resolve("out");
			CorruptImageException error = assertThrows(CorruptImageException.class,
					() -> image.tree(1).extract(List.of("/"), out, new NullProgressMonitor()));
			assertTrue(error.getMessage().contains("/file"), error.getMessage());
			assertTrue(error.getMessage().contains("damaged"), error.getMessage());
			try (Stream<Path> left = Files.list(out)) {
				assertEquals(List.of(), left.toList(), "no partial file");
			}
			assertThrows(CorruptImageException.class, () -> image.tree(1).read("/file").close());
			VerifyCapability.VerifyResult verify = image.capability(VerifyCapability.class).orElseThrow()
					.verify(new NullProgressMonitor());
			assertFalse(verify.ok());
		}
	}

	@Test
	void dotdotNeverWritesOutsideTheTarget() throws Exception {
		Path file = Fixtures.require("wim/dotdot.wim");
		Path sandbox = temp.resolve("sandbox");
		Path out = sandbox.resolve("a/b/c/out");
		try (Image image = Wimlib.open(file, OpenOptions.READ_ONLY)) {
			image.tree(1).extract(List.of("/"), out, new NullProgressMonitor());
			image.capability(org.deployforge.core.capability.ApplyCapability.class).orElseThrow().apply(1,
					sandbox.resolve("a/b/c/applied"), new NullProgressMonitor());
		}
		List<String> everything = new ArrayList<>();
		try (Stream<Path> all = Files.walk(temp)) {
			all.forEach(p -> everything.add(temp.relativize(p).toString()));
		}
		for (String path : everything) {
			assertTrue(path.isEmpty() || path.startsWith("sandbox"), "written outside: " + everything);
			assertTrue(path.isEmpty() || path.equals("sandbox") || path.startsWith("sandbox/a"), everything.toString());
		}
		assertTrue(everything.stream().noneMatch(p -> p.startsWith("sandbox/a/b/c/") && !p.startsWith("sandbox/a/b/c/out")
				&& !p.startsWith("sandbox/a/b/c/applied")), everything.toString());
	}

	@Test
	void notAWimGivesOneClearError() throws Exception {
		Path fake = temp.resolve("fake.wim");
		Files.write(fake, "MSWIM\0\0\0 this is not really a WIM header".getBytes());
		ImageException error = assertThrows(ImageException.class, () -> Wimlib.open(fake, OpenOptions.READ_ONLY));
		assertTrue(error.getMessage().startsWith(fake.toString()), error.getMessage());
		assertInstanceOf(CorruptImageException.class, error, error.getMessage());
	}

	/** relative path → SHA-256 (files) or "dir" */
	static Map<String, String> tree(Path root) throws IOException {
		Map<String, String> tree = new TreeMap<>();
		try (Stream<Path> all = Files.walk(root)) {
			for (Path path : (Iterable<Path>) all::iterator) {
				String key = root.relativize(path).toString();
				tree.put(key, Files.isDirectory(path) ? "dir" : Wimlib.sha256(path));
			}
		}
		return tree;
	}

	@Test
	void aSolidImageRefusesToSplitAndSaysWhatToDoInstead(@TempDir Path temp) throws Exception {
		Path esd = Fixtures.copy("wim/LZMS.wim", temp);
		try (Image image = Wimlib.open(esd, OpenOptions.READ_ONLY)) {
			SplitCapability split = image.capability(SplitCapability.class).orElseThrow();
			ImageException error = assertThrows(UnsupportedCapabilityException.class,
					() -> split.split(temp.resolve("parts.swm"), 1 << 20, new NullProgressMonitor()));
			assertTrue(error.getMessage().contains("a solid (ESD, LZMS) image cannot be split"), error.getMessage());
		}
		assertFalse(Files.exists(temp.resolve("parts.swm")));
	}
}
