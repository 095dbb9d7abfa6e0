package org.deployforge.handler.wim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.CommitResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.ApplyCapability;
import org.deployforge.core.capability.CaptureCapability;
import org.deployforge.core.capability.Compression;
import org.deployforge.core.capability.ExportCapability;
import org.deployforge.core.capability.ImagePropertiesCapability;
import org.deployforge.core.capability.JoinCapability;
import org.deployforge.core.capability.OptimizeCapability;
import org.deployforge.core.capability.SplitCapability;
import org.deployforge.core.capability.VerifyCapability;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes, exports, splits and captures made by the handler, checked with wimlib-imagex in the same test. */
class RoundTripTest {

	@TempDir
	Path temp;

	/** Records what the handler reports. */
	static final class RecordingMonitor extends NullProgressMonitor {
		final AtomicLong total = new AtomicLong(-1);
		final AtomicLong worked = new AtomicLong();
		final List<String> subTasks = new ArrayList<>();
		volatile boolean cancelOnFirstMessage;

		@Override
		public void beginTask(String name, int totalWork) {
			total.compareAndSet(-1, totalWork);
		}

		@Override
		public void worked(int work) {
			worked.addAndGet(work);
		}

		@Override
		public void subTask(String name) {
			subTasks.add(name);
			if (cancelOnFirstMessage) {
				setCanceled(true);
			}
		}

		@Override
		public void internalWorked(double work) {
			worked.addAndGet((long) work);
		}
	}

	@Test
	void addRemoveRenameAndPropertiesCommitInOneWrite() throws Exception {
		Path wim = Fixtures.copy("wim/MultiImage.wim", temp);
		Map<String, String> before = Wimlib.wiminfo(wim);
		Path newFile = temp.resolve("hello.txt");
		Files.writeString(newFile, "hello from DeployForge\n");
		Path folder = temp.resolve("drivers");
		Files.createDirectories(folder.resolve("net"));
		Files.writeString(folder.resolve("net/e1000.inf"), "[Version]\n");
		try (Image image = Wimlib.open(wim, OpenOptions.DEFAULT)) {
			var tree = image.tree(2);
			tree.add(newFile, "\\Windows\\hello.txt");
			tree.add(folder, "/Drivers");
			tree.remove("/Z.txt");
			tree.rename("/B", "/B-renamed");
			var properties = image.capability(ImagePropertiesCapability.class).orElseThrow();
			properties.setName(2, "Changed Name");
			properties.setDescription(2, "described");
			properties.setProperty(2, "WINDOWS/EDITIONID", "Professional");
			properties.setProperty(2, "FLAGS", "Professional");
			properties.setBootIndex(2);
			assertEquals(9, image.pendingChanges().size());
			assertThrows(ImageException.class, () -> properties.setName(2, "Base"), "names stay unique");
			assertThrows(ImageException.class, () -> tree.remove("/no/such/file"));
			RecordingMonitor monitor = new RecordingMonitor();
			CommitResult result = image.commit(monitor);
			assertEquals(9, result.changes());
			assertFalse(image.hasChanges());
			assertEquals(Files.size(wim), result.bytes());
			// the session sees the new file
			assertEquals("Changed Name", image.info().volumes().get(1).name());
			assertEquals("Professional", image.info().volumes().get(1).properties().get("WINDOWS/EDITIONID"));
			assertEquals(2, image.info().bootIndex());
		}
		Map<String, String> after = Wimlib.wiminfo(wim);
		assertEquals(before.get("GUID"), after.get("GUID"), "the GUID is kept");
		assertEquals("2", after.get("Boot Index"));
		assertEquals("Changed Name", after.get("image2.Name"));
		assertEquals("described", after.get("image2.Description"));
		assertEquals(before.get("image1.Name"), after.get("image1.Name"));
		Map<String, String> hashes = Wimlib.hashes(wim, 2);
		assertTrue(hashes.containsKey("/Windows/hello.txt"), hashes.toString());
		assertEquals(sha1("hello from DeployForge\n"), hashes.get("/Windows/hello.txt"));
		assertEquals(sha1("[Version]\n"), hashes.get("/Drivers/net/e1000.inf"));
		assertFalse(hashes.containsKey("/Z.txt"));
		assertFalse(hashes.containsKey("/B"));
		assertTrue(hashes.containsKey("/B-renamed"));
		assertEquals(Wimlib.hashes(Fixtures.require("wim/MultiImage.wim"), 1), Wimlib.hashes(wim, 1),
				"image 1 untouched");
		assertEquals(0, Tools.run("wimlib-imagex", "verify", wim.toString()).exitCode());
		assertNoWorkFiles(wim);
	}

	@Test
	void aFailedCommitLeavesTheOriginalByteIdentical() throws Exception {
		Path wim = Fixtures.copy("wim/MultiImage.wim", temp);
		String before = Wimlib.sha256(wim);
		Path vanishing = temp.resolve("vanishing");
		Files.createDirectories(vanishing);
		Files.writeString(vanishing.resolve("x.txt"), "x");
		try (Image image = Wimlib.open(wim, OpenOptions.DEFAULT)) {
			image.tree(1).add(vanishing, "/vanishing");
			Files.delete(vanishing.resolve("x.txt"));
			Files.delete(vanishing);
			ImageException error = assertThrows(ImageException.class, () -> image.commit(new NullProgressMonitor()));
			assertTrue(error.getMessage().startsWith(wim.toString()), error.getMessage());
			assertEquals(1, image.pendingChanges().size(), "changes stay staged");
			image.discard();
			assertEquals(3, image.info().imageCount(), "the session still reads the file");
		}
		assertEquals(before, Wimlib.sha256(wim));
		assertNoWorkFiles(wim);
	}

	@Test
	void aCancelledCommitLeavesTheOriginalByteIdentical() throws Exception {
		Path wim = Fixtures.copy("wim/MultiImage.wim", temp);
		String before = Wimlib.sha256(wim);
		Path big = temp.resolve("big.bin");
		byte[] random = new byte[8 << 20];
		new Random(1).nextBytes(random);
		Files.write(big, random);
		try (Image image = Wimlib.open(wim, OpenOptions.DEFAULT)) {
			image.tree(1).add(big, "/big.bin");
			RecordingMonitor monitor = new RecordingMonitor();
			monitor.cancelOnFirstMessage = true;
			assertThrows(OperationCanceledException.class, () -> image.commit(monitor));
			assertEquals(1, image.pendingChanges().size());
			// and the same commit runs to the end with a real byte count
			RecordingMonitor counting = new RecordingMonitor();
			image.commit(counting);
			assertTrue(counting.total.get() >= 8 * 1024, "total in KiB: " + counting.total.get());
			assertTrue(counting.worked.get() >= 8 * 1024, "worked KiB: " + counting.worked.get());
			assertTrue(counting.subTasks.stream().anyMatch(s -> s.contains("of 8.0 MiB")), counting.subTasks.toString());
		}
		assertNotEquals(before, Wimlib.sha256(wim));
		assertEquals(Wimlib.sha(new java.io.ByteArrayInputStream(random), "SHA-1"), Wimlib.hashes(wim, 1).get("/big.bin"));
		assertNoWorkFiles(wim);
	}

	@Test
	void exportWimToEsdToWimKeepsPropertiesAndHashes() throws Exception {
		Path wim = Fixtures.copy("wim/MultiImage.wim", temp);
		// give the images Windows properties with the real tool first
		Tools.ok("wimlib-imagex", "info", wim.toString(), "1", "--image-property", "WINDOWS/EDITIONID=Professional",
				"--image-property", "FLAGS=Professional", "--image-property", "DISPLAYNAME=Windows 10 Pro",
				"--image-property", "WINDOWS/ARCH=9", "--image-property", "WINDOWS/LANGUAGES/LANGUAGE=en-US",
				"--image-property", "WINDOWS/VERSION/MAJOR=10", "--image-property", "WINDOWS/VERSION/MINOR=0",
				"--image-property", "WINDOWS/VERSION/BUILD=19041", "--image-property", "WINDOWS/INSTALLATIONTYPE=Client");
		Tools.ok("wimlib-imagex", "info", wim.toString(), "3", "--image-property", "WINDOWS/EDITIONID=Enterprise",
				"--image-property", "FLAGS=Enterprise");
		Path esd = temp.resolve("install.esd");
		Path back = temp.resolve("back.wim");
		List<VolumeInfo> original;
		try (Image image = Wimlib.open(wim, OpenOptions.READ_ONLY)) {
			original = image.info().volumes();
			assertEquals("x64", original.get(0).properties().get("ARCHITECTURE"));
			assertEquals("10.0.19041", original.get(0).properties().get("VERSION"));
			assertEquals("en-US", original.get(0).properties().get("LANGUAGES"));
			RecordingMonitor monitor = new RecordingMonitor();
			image.capability(ExportCapability.class).orElseThrow().export(List.of(), esd,
					new ExportCapability.ExportOptions(Compression.LZMS, true, false), monitor);
		}
		Map<String, String> esdInfo = Wimlib.wiminfo(esd);
		assertEquals("LZMS", esdInfo.get("Compression"));
		assertEquals("3584", esdInfo.get("Version"), "solid (ESD) version");
		try (Image image = Wimlib.open(esd, OpenOptions.READ_ONLY)) {
			assertEquals("yes", image.info().properties().get("Solid"));
			image.capability(ExportCapability.class).orElseThrow().export(List.of(), back,
					new ExportCapability.ExportOptions(Compression.LZX, false, false), new NullProgressMonitor());
		}
		assertEquals("LZX", Wimlib.wiminfo(back).get("Compression"));
		try (Image image = Wimlib.open(back, OpenOptions.READ_ONLY)) {
			List<VolumeInfo> roundTripped = image.info().volumes();
			assertEquals(original.size(), roundTripped.size());
			for (int i = 0; i < original.size(); i++) {
				assertEquals(original.get(i).name(), roundTripped.get(i).name());
				assertEquals(original.get(i).description(), roundTripped.get(i).description());
				assertEquals(original.get(i).properties(), roundTripped.get(i).properties(), "image " + (i + 1));
				assertEquals(original.get(i).fileCount(), roundTripped.get(i).fileCount());
			}
		}
		for (int index = 1; index <= 3; index++) {
			assertEquals(Wimlib.hashes(wim, index), Wimlib.hashes(esd, index), "ESD image " + index);
			assertEquals(Wimlib.hashes(wim, index), Wimlib.hashes(back, index), "WIM image " + index);
		}
		String xml = Tools.ok("wimlib-imagex", "info", back.toString(), "--xml").stdout();
		assertTrue(xml.replace("\0", "").contains("Professional") || xml.contains("P\0r\0o"), "XML kept");
		// exporting one image, and refusing to overwrite
		Path single = temp.resolve("single.wim");
		try (Image image = Wimlib.open(wim, OpenOptions.READ_ONLY)) {
			var export = image.capability(ExportCapability.class).orElseThrow();
			export.export(List.of(3), single, new ExportCapability.ExportOptions(Compression.XPRESS, false, false),
					new NullProgressMonitor());
			assertThrows(ImageException.class, () -> export.export(List.of(3), single,
					new ExportCapability.ExportOptions(Compression.XPRESS, false, false), new NullProgressMonitor()));
		}
		Map<String, String> singleInfo = Wimlib.wiminfo(single);
		assertEquals("1", singleInfo.get("Image Count"));
		assertEquals("Delta", singleInfo.get("image1.Name"));
		assertEquals("XPRESS", singleInfo.get("Compression"));
		assertNoWorkFiles(esd);
	}

	@Test
	void splitThenJoinGivesTheSameHashes() throws Exception {
		Path source = temp.resolve("source");
		Trees.make(source, 50, 3 << 20);
		Path wim = temp.resolve("big.wim");
		ImageHandler handler = Wimlib.handler();
		handler.capability(CaptureCapability.class).orElseThrow().capture(source, wim,
				new CaptureCapability.CaptureOptions("Big", null, Compression.LZX, false, false),
				new NullProgressMonitor());
		Path parts = temp.resolve("parts");
		Files.createDirectories(parts);
		List<Path> written;
		try (Image image = Wimlib.open(wim, OpenOptions.READ_ONLY)) {
			written = image.capability(SplitCapability.class).orElseThrow().split(parts.resolve("install.swm"),
					1 << 20, new NullProgressMonitor());
		}
		assertTrue(written.size() >= 3, written.toString());
		assertEquals(parts.resolve("install.swm"), written.get(0));
		assertEquals(parts.resolve("install2.swm"), written.get(1));
		try (Stream<Path> listed = Files.list(parts)) {
			assertEquals(written.size(), listed.count(), "no work folder left");
		}
		assertEquals("1/" + written.size(), Wimlib.wiminfo(written.get(0)).get("Part Number"));
		Path joined = temp.resolve("joined.wim");
		handler.capability(JoinCapability.class).orElseThrow().join(written.get(0), joined, new NullProgressMonitor());
		assertEquals(Wimlib.hashes(wim, 1), Wimlib.hashes(joined, 1));
		assertEquals(0, Tools.run("wimlib-imagex", "verify", joined.toString()).exitCode());
		// the split set opens as one image with the same listing
		try (Image image = Wimlib.open(written.get(0), OpenOptions.READ_ONLY)) {
			assertEquals(Wimlib.hashes(wim, 1), FixtureTest.walk(image, 1));
			assertTrue(image.capability(VerifyCapability.class).orElseThrow().verify(new NullProgressMonitor()).ok());
		}
		// a missing part is named by join
		Files.delete(written.get(written.size() - 1));
		ImageException missing = assertThrows(ImageException.class, () -> handler.capability(JoinCapability.class)
				.orElseThrow().join(written.get(0), temp.resolve("again.wim"), new NullProgressMonitor()));
		assertTrue(missing.getMessage().contains(written.get(written.size() - 1).getFileName().toString()),
				missing.getMessage());
	}

	@Test
	void captureThenApplyGivesIdenticalBytesAndTimes() throws Exception {
		Path source = temp.resolve("source");
		Trees.make(source, 20_000, 256 << 10);
		Map<String, String> expected = Trees.fingerprint(source);
		Path wim = temp.resolve("captured.wim");
		ImageHandler handler = Wimlib.handler();
		RecordingMonitor monitor = new RecordingMonitor();
		int index = handler.capability(CaptureCapability.class).orElseThrow().capture(source, wim,
				new CaptureCapability.CaptureOptions("Generated", "20,000 files", Compression.LZX, false, false),
				monitor);
		assertEquals(1, index);
		assertTrue(monitor.total.get() > 0);
		Map<String, String> info = Wimlib.wiminfo(wim);
		assertEquals("Generated", info.get("image1.Name"));
		assertEquals("20,000 files", info.get("image1.Description"));
		List<String> toolPaths = Wimlib.paths(wim, 1);
		try (Image image = Wimlib.open(wim, OpenOptions.READ_ONLY)) {
			List<String> ours = new ArrayList<>();
			image.tree(1).walk("/", entry -> ours.add(entry.path()));
			assertEquals(toolPaths, ours, "walk lists what wimdir lists, in its order");
			assertTrue(ours.size() > 20_000);
			assertNull(image.tree(1).stat("/empty.txt").sha1());
			assertEquals(0, image.tree(1).stat("/empty.txt").size());
			Path applied = temp.resolve("applied");
			image.capability(ApplyCapability.class).orElseThrow().apply(1, applied, new NullProgressMonitor());
			assertEquals(expected, Trees.fingerprint(applied), "our apply");
		}
		// append a second image (ESD-style solid) and read it back
		Path small = temp.resolve("small");
		Trees.make(small, 10, 0);
		int second = handler.capability(CaptureCapability.class).orElseThrow().capture(small, wim,
				new CaptureCapability.CaptureOptions("Second", null, Compression.LZX, false, true),
				new NullProgressMonitor());
		assertEquals(2, second);
		assertEquals("2", Wimlib.wiminfo(wim).get("Image Count"));
		assertEquals(info.get("GUID"), Wimlib.wiminfo(wim).get("GUID"));
		assertThrows(ImageException.class, () -> handler.capability(CaptureCapability.class).orElseThrow().capture(
				small, wim, new CaptureCapability.CaptureOptions("Second", null, Compression.LZX, false, true),
				new NullProgressMonitor()), "duplicate name");
		assertNoWorkFiles(wim);
	}

	@Test
	void solidCaptureAndOptimize() throws Exception {
		Path source = temp.resolve("source");
		Trees.make(source, 100, 64 << 10);
		Path esd = temp.resolve("captured.esd");
		Wimlib.handler().capability(CaptureCapability.class).orElseThrow().capture(source, esd,
				new CaptureCapability.CaptureOptions("Solid", null, Compression.LZMS, true, false),
				new NullProgressMonitor());
		assertEquals("3584", Wimlib.wiminfo(esd).get("Version"));
		Path toolApplied = temp.resolve("tool-applied");
		Tools.ok("wimlib-imagex", "apply", esd.toString(), "1", toolApplied.toString());
		assertEquals(Trees.fingerprint(source), Trees.fingerprint(toolApplied), "wimlib-imagex apply of our capture");
		Path wim = Fixtures.copy("wim/MultiImage.wim", temp);
		try (Image image = Wimlib.open(wim, OpenOptions.DEFAULT)) {
			image.tree(1).remove("/A.txt");
			image.commit(new NullProgressMonitor());
			long[] sizes = image.capability(OptimizeCapability.class).orElseThrow().optimize(true,
					new NullProgressMonitor());
			assertEquals(Files.size(wim), sizes[1]);
			assertTrue(sizes[1] <= sizes[0], sizes[0] + " -> " + sizes[1]);
		}
		assertEquals(0, Tools.run("wimlib-imagex", "verify", wim.toString()).exitCode());
	}

	@Test
	void extractionReportsBytesAndACancelledOneLeavesNothing() throws Exception {
		Path source = temp.resolve("source");
		Trees.make(source, 300, 2 << 20);
		Path wim = temp.resolve("x.wim");
		Wimlib.handler().capability(CaptureCapability.class).orElseThrow().capture(source, wim,
				new CaptureCapability.CaptureOptions("X", null, Compression.XPRESS, false, false),
				new NullProgressMonitor());
		try (Image image = Wimlib.open(wim, OpenOptions.READ_ONLY)) {
			Path cancelled = temp.resolve("cancelled");
			RecordingMonitor cancelling = new RecordingMonitor();
			cancelling.cancelOnFirstMessage = true;
			assertThrows(OperationCanceledException.class,
					() -> image.tree(1).extract(List.of("/bulk", "/random.bin"), cancelled, cancelling));
			try (Stream<Path> left = Files.list(cancelled)) {
				assertEquals(List.of(), left.toList(), "a cancelled extraction leaves nothing");
			}
			Path out = temp.resolve("out");
			RecordingMonitor monitor = new RecordingMonitor();
			var result = image.tree(1).extract(List.of("/bulk", "\\random.bin"), out, monitor);
			assertEquals(301, result.files());
			assertEquals(3, result.folders(), "bulk, bulk/d000, bulk/d001");
			assertEquals(Files.size(source.resolve("random.bin")) + folderBytes(source.resolve("bulk")), result.bytes());
			assertTrue(monitor.total.get() >= 2048, "KiB total " + monitor.total.get());
			Map<String, String> expected = Trees.fingerprint(source.resolve("bulk"));
			assertEquals(expected, Trees.fingerprint(out.resolve("bulk")));
			assertEquals(Wimlib.sha256(source.resolve("random.bin")), Wimlib.sha256(out.resolve("random.bin")));
			assertEquals(Files.getLastModifiedTime(source.resolve("random.bin")),
					Files.getLastModifiedTime(out.resolve("random.bin")), "times preserved");
			try (var in = image.tree(1).read("/random.bin")) {
				assertEquals(Wimlib.sha256(source.resolve("random.bin")), Wimlib.sha(in, "SHA-256"));
			}
			assertThrows(ImageException.class, () -> image.tree(1).read("/bulk"), "a folder cannot be read");
		}
	}

	private static long folderBytes(Path folder) throws Exception {
		try (Stream<Path> all = Files.walk(folder)) {
			long total = 0;
			for (Path path : (Iterable<Path>) all::iterator) {
				if (Files.isRegularFile(path)) {
					total += Files.size(path);
				}
			}
			return total;
		}
	}

	@Test
	void readOnlySessionsAndSplitSetsRefuseChanges() throws Exception {
		Path wim = Fixtures.copy("wim/MultiImage.wim", temp);
		try (Image image = Wimlib.open(wim, OpenOptions.READ_ONLY)) {
			assertTrue(image.isReadOnly());
			assertThrows(ImageException.class, () -> image.tree(1).remove("/A.txt"));
			assertThrows(ImageException.class,
					() -> image.capability(ImagePropertiesCapability.class).orElseThrow().setName(1, "x"));
		}
		try (Image split = Wimlib.open(Fixtures.require("wim/Split.swm"), OpenOptions.DEFAULT)) {
			assertTrue(split.isReadOnly());
			ImageException refused = assertThrows(ImageException.class,
					() -> split.tree(1).add(wim, "/x.wim"));
			assertTrue(refused.getMessage().contains("join"), refused.getMessage());
		}
	}

	private static void assertNoWorkFiles(Path file) throws Exception {
		try (Stream<Path> siblings = Files.list(file.getParent())) {
			List<String> left = siblings.map(p -> p.getFileName().toString())
					.filter(name -> name.endsWith(AtomicReplace.TEMP_SUFFIX) || name.startsWith(".deployforge"))
					.toList();
			assertEquals(List.of(), left, "no work files left beside " + file);
		}
	}

	private static String sha1(String text) throws Exception {
		return Wimlib.sha(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "SHA-1");
	}

}
