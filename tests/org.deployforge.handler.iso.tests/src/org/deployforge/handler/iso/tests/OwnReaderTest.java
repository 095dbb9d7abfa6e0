package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.LeftOutEntry;
import org.deployforge.core.OpenOptions;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler's own UDF and ISO 9660 readers against the tools that wrote the media and against {@code 7zz} reading
 * the same ISO: the same files with the same sizes, the same bytes extracted, on media made by genisoimage (UDF
 * 1.02 bridge, Joliet, Rock Ridge), xorriso (Rock Ridge only), pycdlib (UDF 1.02 with a symbolic link, which 7zz refuses) and mkudffs
 * (rewritable media with a sparable partition, which our reader leaves to 7zz).
 */
class OwnReaderTest {

	private static final OpenOptions THROUGH_7ZZ = new OpenOptions(true, null, Map.of("iso.reader", "7zz"));

	@TempDir
	Path temp;

	/** A tree with the sizes that test extent arithmetic, deep folders, long and non-ASCII names, an empty folder. */
	private Path tree() throws Exception {
		Path root = Files.createDirectories(temp.resolve("tree"));
		Random random = new Random(5);
		long[] sizes = { 0, 1, 2047, 2048, 2049, 4096, 65_537, 1_000_000, 3 << 20 };
		for (int folder = 0; folder < 6; folder++) {
			Path dir = Files.createDirectories(root.resolve("folder" + folder));
			for (int i = 0; i < 40; i++) {
				byte[] data = new byte[(int) sizes[(folder + i) % sizes.length] / (i < 9 ? 1 : 8)];
				random.nextBytes(data);
				Files.write(dir.resolve("file" + i + ".dll"), data);
			}
		}
		Path deep = root;
		for (int level = 0; level < 12; level++) {
			deep = Files.createDirectories(deep.resolve("level" + level));
		}
		Files.writeString(deep.resolve("deep.txt"), "twelve levels down\n");
		Files.writeString(root.resolve("Grüße aus Köln — 日本語.txt"), "non-ASCII name\n");
		// 101 characters: genisoimage takes UDF names from Joliet, which -joliet-long allows up to 103
		Files.writeString(root.resolve("a-long-name-" + "x".repeat(85) + ".inf"), "long name\n");
		Files.writeString(root.resolve("marker-file.txt"), "the file whose descriptor a test damages\n");
		Files.createDirectories(root.resolve("empty folder"));
		return root;
	}

	@Test
	void genisoimageUdfIsListedAndExtractedAsThe7zzReaderAndTheSourceTreeHaveIt() throws Exception {
		Path tree = tree();
		Path iso = temp.resolve("bridge.iso");
		Tools.ok("genisoimage", "-quiet", "-input-charset", "utf-8", "-udf", "-J", "-joliet-long", "-R", "-iso-level", "3", "-V", "BRIDGE", "-o",
				iso.toString(), tree.toString());
		Path ours = temp.resolve("ours");
		Path theirs = temp.resolve("theirs");
		TreeMap<String, Long> listedByUs;
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			assertEquals("UDF", image.info().properties().get("Files read from"), "our own UDF reader, no tool");
			listedByUs = IsoWalk.files(image);
			ExtractResult result = image.tree(1).extract(List.of("/"), ours, new NullProgressMonitor());
			assertEquals(List.of(), result.skipped());
			assertEquals(IsoTesting.files(tree).size(), result.files());
			// a single file and a folder, each landing under its own name
			image.tree(1).extract(List.of("/folder3/file7.dll", "/level0/level1"), temp.resolve("some"),
					new NullProgressMonitor());
			// reading skips without reading what it skips, then reads on
			byte[] whole = Files.readAllBytes(tree.resolve("folder0/file8.dll"));
			try (InputStream in = image.tree(1).read("/FOLDER0/file8.DLL")) {
				in.skipNBytes(1_000);
				assertArrayEquals(java.util.Arrays.copyOfRange(whole, 1_000, whole.length), in.readAllBytes());
			}
		}
		assertEquals(IsoTesting.files(tree), listedByUs);
		assertEquals(IsoTesting.sevenZipFiles(iso, "udf"), listedByUs, "7zz lists the same UDF files and sizes");
		assertSameTree(tree, ours);
		assertTrue(Files.isDirectory(ours.resolve("empty folder")));
		// UDF file entry modification times (ECMA-167 1/7.3, with their time zone) carried to the extracted files
		for (String name : List.of("marker-file.txt", "folder2/file3.dll")) {
			long source = Files.getLastModifiedTime(tree.resolve(name)).toMillis() / 1000;
			assertEquals(source, Files.getLastModifiedTime(ours.resolve(name)).toMillis() / 1000, name);
		}
		assertArrayEquals(Files.readAllBytes(tree.resolve("folder3/file7.dll")),
				Files.readAllBytes(temp.resolve("some/file7.dll")));
		assertEquals("twelve levels down\n",
				Files.readString(temp.resolve("some/level1/level2/level3/level4/level5/level6/level7/level8/level9/"
						+ "level10/level11/deep.txt")));

		try (Image image = IsoTesting.service().open(iso, THROUGH_7ZZ)) {
			assertEquals("UDF through 7zz (iso.reader=7zz)", image.info().properties().get("Files read from"));
			assertEquals(listedByUs, IsoWalk.files(image));
			image.tree(1).extract(List.of("/"), theirs, new NullProgressMonitor());
		}
		assertSameTree(tree, theirs);
	}

	@Test
	void cancellingAnExtractionLeavesOnlyWholeFiles() throws Exception {
		Path tree = tree();
		Path iso = temp.resolve("cancel.iso");
		Tools.ok("genisoimage", "-quiet", "-input-charset", "utf-8", "-udf", "-J", "-joliet-long", "-o", iso.toString(),
				tree.toString());
		Path out = temp.resolve("out");
		NullProgressMonitor cancelling = new NullProgressMonitor() {
			private int work;

			@Override
			public void worked(int units) {
				work += units;
				if (work >= 64) { // 64 units of 64 KiB: about 4 MiB of some 35 MiB
					setCanceled(true);
				}
			}
		};
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			assertThrows(OperationCanceledException.class,
					() -> image.tree(1).extract(List.of("/"), out, cancelling));
		}
		TreeMap<String, Long> written = IsoTesting.files(out);
		assertTrue(written.size() < IsoTesting.files(tree).size(), "stopped early: " + written.size() + " files");
		for (Map.Entry<String, Long> file : written.entrySet()) {
			assertArrayEquals(Files.readAllBytes(tree.resolve(file.getKey())), Files.readAllBytes(out.resolve(file.getKey())),
					"a file left behind is whole: " + file.getKey());
		}
	}

	@Test
	void iso9660WithRockRidgeOrJolietNamesIsReadByOurWalk() throws Exception {
		Path tree = tree();
		Path rockRidge = temp.resolve("rr.iso");
		Tools.ok("xorriso", "-outdev", rockRidge.toString(), "-map", tree.toString(), "/");
		Path joliet = temp.resolve("joliet.iso");
		// -D: keep folders deeper than 8 levels in place (ISO 9660 would relocate them, which only Rock Ridge can undo)
		Tools.ok("genisoimage", "-quiet", "-input-charset", "utf-8", "-D", "-J", "-joliet-long", "-iso-level", "3",
				"-o", joliet.toString(), tree.toString());
		for (Path iso : List.of(rockRidge, joliet)) {
			Path out = temp.resolve("out-" + iso.getFileName());
			try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
				String from = image.info().properties().get("Files read from");
				assertEquals(iso == joliet ? "ISO 9660 (Joliet names)" : "ISO 9660", from);
				assertEquals(IsoTesting.files(tree), IsoWalk.files(image), iso.getFileName().toString());
				assertEquals(List.of(), image.tree(1).extract(List.of("/"), out, new NullProgressMonitor()).skipped());
			}
			assertSameTree(tree, out);
		}
	}

	@Test
	void pycdlibUdfWithASymbolicLinkWhich7zzRefusesIsRead() throws Exception {
		Path tree = tree();
		Files.createSymbolicLink(tree.resolve("link-to-marker"), Path.of("marker-file.txt"));
		Path iso = temp.resolve("pycdlib.iso");
		Tools.ok("pycdlib-genisoimage", "-quiet", "-udf", "-J", "-joliet-long", "-R", "-iso-level", "3", "-o",
				iso.toString(), tree.toString());
		Tools.Result sevenZip = Tools.run("7zz", "l", "-tudf", iso.toString());
		assertNotEquals(0, sevenZip.exitCode(), "7zz cannot read this UDF: " + sevenZip.stdout());
		Path out = temp.resolve("out");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			assertEquals("UDF", image.info().properties().get("Files read from"));
			assertTrue(image.tree(1).stat("/link-to-marker").isReparsePoint());
			TreeMap<String, Long> listed = IsoWalk.files(image);
			listed.remove("link-to-marker");
			TreeMap<String, Long> expected = IsoTesting.files(tree);
			expected.remove("link-to-marker");
			assertEquals(expected, listed);
			ExtractResult result = image.tree(1).extract(List.of("/"), out, new NullProgressMonitor());
			assertEquals(List.of("symbolic link '/link-to-marker' -> 'marker-file.txt' not extracted (links are never"
					+ " created or followed)"), result.skipped());
		}
		assertFalse(Files.exists(out.resolve("link-to-marker"), LinkOption.NOFOLLOW_LINKS));
		Files.delete(tree.resolve("link-to-marker"));
		assertSameTree(tree, out);
	}

	@Test
	void udf201OfAHardDiskWithExtendedFileEntriesIsReadByOurReader() throws Exception {
		Path iso = temp.resolve("hd201.iso");
		try (var file = new java.io.RandomAccessFile(iso.toFile(), "rw")) {
			file.setLength(32L << 20);
		}
		// UDF 2.01 (NSR03) with Extended File Entries (tag 266), as mkudffs writes it for a hard disk: an empty root
		Tools.ok("mkudffs", "--blocksize=2048", "--media-type=hd", "--udfrev=2.01", "--label=HD201", iso.toString());
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			assertEquals("UDF", image.info().properties().get("Files read from"));
			assertEquals("HD201", image.info().properties().get("Volume label"));
			assertTrue(image.info().properties().get("UDF").startsWith("2.01 (NSR03)"), image.info().properties()
					.toString());
			assertEquals(List.of(), image.tree(1).list("/"));
		}
	}

	@Test
	void udfOfRewritableMediaIsLeftTo7zzAndTheErrorSaysWhatNeitherReads() throws Exception {
		Path iso = temp.resolve("dvdrw.iso");
		try (var file = new java.io.RandomAccessFile(iso.toFile(), "rw")) {
			file.setLength(32L << 20);
		}
		// a sparable partition (a defect-management table of rewritable discs): our reader declines it
		Tools.ok("mkudffs", "--blocksize=2048", "--media-type=dvdrw", "--label=DVDRW", iso.toString());
		IsoTesting.Run run = IsoTesting.cli("ls", iso.toString());
		assertEquals(1, run.exit(), run.out() + run.err());
		assertTrue(run.err().startsWith("deployforge: " + iso + ": UDF: the volume uses partition map type"
				+ " '*UDF Sparable Partition', which DeployForge's own reader leaves to 7zz, and 7zz cannot read the UDF"
				+ " file system"), run.err());
		assertEquals(1, run.err().strip().lines().count(), "one error: " + run.err());
	}

	@Test
	void aDamagedUdfFolderIsNamedAndTheFilesComeFromWhatStillReads() throws Exception {
		Path tree = tree();
		Path iso = temp.resolve("damaged.iso");
		byte[] bytes = udfBridge(tree, iso);
		int descriptor = fileIdentifier(bytes, "marker-file.txt");
		bytes[descriptor + 4]++; // its tag checksum no longer adds up
		Files.write(iso, bytes);
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			String from = image.info().properties().get("Files read from");
			assertTrue(from.contains("UDF: a file identifier descriptor of the root folder is damaged"), from);
			assertEquals(IsoTesting.files(tree), IsoWalk.files(image), "the files still come from 7zz or ISO 9660");
		}
	}

	@Test
	void aNameDamagedInsideItsDescriptorIsCaughtByTheCrcAndACommitIsRefused() throws Exception {
		Path tree = tree();
		Path iso = temp.resolve("crc.iso");
		byte[] bytes = udfBridge(tree, iso);
		int descriptor = fileIdentifier(bytes, "marker-file.txt");
		bytes[descriptor + 38 + 1 + 6] = 'X'; // "marker-Xile.txt": the tag checksum still adds up, the CRC does not
		Files.write(iso, bytes);
		String before = Tools.ok("sha256sum", iso.toString()).stdout();
		try (Image image = IsoTesting.service().open(iso, OpenOptions.DEFAULT)) {
			String from = image.info().properties().get("Files read from");
			assertTrue(from.contains("UDF: a file identifier descriptor of the root folder is damaged"), from);
			assertTrue(image.tree(1).find("/marker-Xile.txt").isEmpty(), "the damaged name is never listed");
			ExtractResult result = image.tree(1).extract(List.of("/folder1"), temp.resolve("out"),
					new NullProgressMonitor());
			assertTrue(result.skipped().get(0).startsWith("the UDF volume is unreadable (UDF: a file identifier"),
					result.skipped().toString());
			image.tree(1).add(tree.resolve("marker-file.txt"), "/new.txt");
			ImageException refused = assertThrows(ImageException.class, () -> image.commit(new NullProgressMonitor()));
			assertTrue(refused.reason().startsWith("cannot rebuild: the UDF volume is unreadable"), refused.reason());
			assertTrue(refused.reason().endsWith("would lose the files only UDF holds; nothing was written"),
					refused.reason());
		}
		assertEquals(before, Tools.ok("sha256sum", iso.toString()).stdout(), "the ISO is unchanged");
	}

	@Test
	void whenSevenZipFailsOnOneFileNoFileOfTheExtractionIsKept() throws Exception {
		Path tree = tree();
		Files.write(tree.resolve("folder2/odd-size.bin"), new byte[123_457]);
		Path iso = temp.resolve("bad-extent.iso");
		byte[] bytes = udfBridge(tree, iso);
		// the UDF file entry (tag 261) of the file of 123,457 bytes: its first allocation descriptor now points far
		// beyond its partition (extent location at byte 4 of the descriptor, ECMA-167 4/14.14)
		int entry = -1;
		for (int sector = 257; sector < bytes.length / 2048; sector++) {
			int at = sector * 2048;
			if ((bytes[at] & 0xFF) == 5 && (bytes[at + 1] & 0xFF) == 1 && ByteBuffer.wrap(bytes, at + 56, 8)
					.order(ByteOrder.LITTLE_ENDIAN).getLong() == 123_457) {
				entry = at;
			}
		}
		assertTrue(entry > 0, "found the file entry");
		int extendedAttributes = ByteBuffer.wrap(bytes, entry + 168, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		ByteBuffer.wrap(bytes, entry + 176 + extendedAttributes + 4, 4).order(ByteOrder.LITTLE_ENDIAN)
				.putInt(0x7FFF_0000);
		sealDescriptor(bytes, entry);
		Files.write(iso, bytes);
		Path out = temp.resolve("out");
		try (Image image = IsoTesting.service().open(iso, THROUGH_7ZZ)) {
			CorruptImageException failed = assertThrows(CorruptImageException.class,
					() -> image.tree(1).extract(List.of("/"), out, new NullProgressMonitor()));
			// 7zz passes over the file it cannot read and goes on: its stream falls short, or it exits with an error
			assertTrue(failed.reason().contains("so no file of this extraction was kept"), failed.reason());
		}
		assertEquals(Map.of(), IsoTesting.files(out), "no file with another file's bytes, no work file");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			String from = image.info().properties().get("Files read from");
			assertTrue(from.contains("/folder2/odd-size.bin (logical blocks 2147418112 to"), from);
		}
	}

	@Test
	void aJolietFolderThatLoopsBackIsAnErrorNotAnEmptyFolder() throws Exception {
		Path tree = tree();
		Path iso = temp.resolve("joliet-loop.iso");
		Tools.ok("genisoimage", "-quiet", "-input-charset", "utf-8", "-D", "-J", "-joliet-long", "-o", iso.toString(),
				tree.toString());
		byte[] bytes = Files.readAllBytes(iso);
		// the Joliet directory record of folder3 (name in UCS-2 at byte 33) gets the root's extent and length
		// (bytes 2-17, both byte orders), copied from the root's own "." record at the start of its sector
		byte[] name = "folder3".getBytes(StandardCharsets.UTF_16BE);
		int record = -1;
		for (int at = indexOf(bytes, name); at >= 0; at = indexOf(bytes, name, at + 1)) {
			if ((bytes[at - 1] & 0xFF) == name.length) {
				record = at - 33;
			}
		}
		assertTrue(record > 0, "found the Joliet record");
		int dot = record - record % 2048;
		System.arraycopy(bytes, dot + 2, bytes, record + 2, 16);
		Files.write(iso, bytes);
		IsoTesting.Run ls = IsoTesting.cli("ls", iso.toString(), "/", "-r");
		assertEquals(1, ls.exit(), ls.out());
		assertTrue(ls.err().contains("Joliet: folder /folder3 is a folder listed before under another name"),
				ls.err());
		assertTrue(ls.err().contains("the directory hierarchy loops"), ls.err());
	}

	@Test
	void anIsoCutInsideItsFolderRecordsIsCalledTruncated() throws Exception {
		Path tree = tree();
		Path iso = temp.resolve("cut.iso");
		byte[] bytes = udfBridge(tree, iso);
		Files.write(iso, java.util.Arrays.copyOf(bytes, 40_960));
		IsoTesting.Run info = IsoTesting.cli("info", iso.toString());
		assertEquals(1, info.exit(), info.out());
		assertTrue(info.err().contains(String.format(java.util.Locale.ROOT, "the ISO is truncated: its volume descriptor"
				+ " says %,d bytes", bytes.length)), info.err());
		assertTrue(info.err().contains("but the file holds 40,960"), info.err());
	}

	@Test
	void aUdfFolderThatLoopsBackToTheRootIsReportedAndTheListingEnds() throws Exception {
		Path tree = tree();
		Path iso = temp.resolve("loop.iso");
		byte[] bytes = udfBridge(tree, iso);
		int folder = fileIdentifier(bytes, "folder0");
		int parent = -1; // the root folder's own parent entry (characteristics bit 3) points to the root itself
		for (int p = folder - 4; p >= folder - 2048 && p >= 0; p -= 4) {
			if ((bytes[p] & 0xFF) == 1 && (bytes[p + 1] & 0xFF) == 1 && (bytes[p + 18] & 0x08) != 0) {
				parent = p;
				break;
			}
		}
		assertTrue(parent > 0, "found the root folder's parent entry");
		System.arraycopy(bytes, parent + 20, bytes, folder + 20, 16); // folder0's ICB := the root's ICB
		sealDescriptor(bytes, folder); // as a writer with a bug would: CRC and checksum match the wrong ICB
		Files.write(iso, bytes);
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			String from = image.info().properties().get("Files read from");
			assertTrue(from.contains("UDF: folder /folder0 is a folder listed before under another name: the folder tree"
					+ " loops"), from);
			assertEquals(IsoTesting.files(tree), IsoWalk.files(image), "the files still come from 7zz or ISO 9660");
		}
	}

	/**
	 * Writes {@code tree} as UDF 1.02 + Joliet media with genisoimage ({@code -D}: deep folders stay in place on the
	 * ISO 9660 side, so a fallback to it lists the same files).
	 *
	 * @return the bytes of the ISO, for a test to damage
	 */
	private static byte[] udfBridge(Path tree, Path iso) throws Exception {
		Tools.ok("genisoimage", "-quiet", "-input-charset", "utf-8", "-udf", "-D", "-J", "-joliet-long", "-iso-level",
				"3", "-o", iso.toString(), tree.toString());
		return Files.readAllBytes(iso);
	}

	/**
	 * Gives the descriptor at {@code start} the CRC of its body and the tag checksum of its tag (ECMA-167 3/7.2.6,
	 * CRC-ITU-T with initial value 0; 3/7.2.3), so damage a test makes inside it is damage a reader cannot see.
	 */
	private static void sealDescriptor(byte[] bytes, int start) {
		int length = (bytes[start + 10] & 0xFF) | (bytes[start + 11] & 0xFF) << 8;
		int crc = 0;
		for (int i = start + 16; i < start + 16 + length; i++) {
			crc ^= (bytes[i] & 0xFF) << 8;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1) & 0xFFFF;
			}
		}
		bytes[start + 8] = (byte) crc;
		bytes[start + 9] = (byte) (crc >> 8);
		int sum = 0;
		for (int i = 0; i < 16; i++) {
			sum += i == 4 ? 0 : bytes[start + i] & 0xFF;
		}
		bytes[start + 4] = (byte) sum;
	}

	/** @return where the UDF File Identifier Descriptor (tag 257) naming {@code name} (OSTA CS0, 8-bit) starts */
	private static int fileIdentifier(byte[] bytes, String name) {
		byte[] stored = ("\b" + name).getBytes(StandardCharsets.ISO_8859_1);
		int at = indexOf(bytes, stored);
		for (int p = at - 38; p >= at - 38 - 64 && p >= 0; p--) {
			if ((bytes[p] & 0xFF) == 1 && (bytes[p + 1] & 0xFF) == 1 && (bytes[p + 19] & 0xFF) == stored.length) {
				return p;
			}
		}
		throw new AssertionError("no file identifier descriptor for " + name);
	}

	@Test
	void udfNamesThatWouldLeaveTheTargetAreSkipped() throws Exception {
		Path source = Files.createDirectories(temp.resolve("src"));
		Files.writeString(source.resolve("AAAAAAA"), "secret\n");
		Files.writeString(source.resolve("ok.txt"), "fine\n");
		Path clean = temp.resolve("clean.iso");
		Tools.ok("genisoimage", "-quiet", "-input-charset", "utf-8", "-udf", "-o", clean.toString(), source.toString());
		String latin = new String(Files.readAllBytes(clean), StandardCharsets.ISO_8859_1);
		assertTrue(latin.contains("\bAAAAAAA"), "the UDF name as stored");
		Path hostile = temp.resolve("deep/er/hostile.iso");
		Files.createDirectories(hostile.getParent());
		byte[] patched = latin.replace("AAAAAAA", "../../x").getBytes(StandardCharsets.ISO_8859_1);
		sealDescriptor(patched, fileIdentifier(patched, "../../x"));
		Files.write(hostile, patched);
		Path target = temp.resolve("deep/er/out");
		try (Image image = IsoTesting.service().open(hostile, OpenOptions.READ_ONLY)) {
			assertEquals("UDF", image.info().properties().get("Files read from"));
			ExtractResult result = image.tree(1).extract(List.of("/"), target, new NullProgressMonitor());
			assertEquals(1, result.files());
			assertEquals(1, result.skipped().size(), result.skipped().toString());
			assertTrue(result.skipped().get(0).contains("unsafe name '../../x'"), result.skipped().toString());
			// listings show what extraction skips, with the same reason
			List<LeftOutEntry> leftOut = image.tree(1).leftOut("/", true);
			assertEquals(1, leftOut.size(), leftOut.toString());
			assertEquals("../../x", leftOut.get(0).rawName());
			assertEquals("/", leftOut.get(0).folder());
			assertEquals(7, leftOut.get(0).size());
			assertEquals(result.skipped().get(0), leftOut.get(0).reason());
		}
		IsoTesting.Run ls = IsoTesting.cli("ls", hostile.toString(), "/");
		assertEquals(0, ls.exit(), ls.err());
		assertTrue(ls.out().contains("/../../x  [skipped by extract: unsafe name '../../x'"), ls.out());
		assertFalse(Files.exists(temp.resolve("deep/x")));
		assertFalse(Files.exists(temp.resolve("x")));
		assertEquals("fine\n", Files.readString(target.resolve("ok.txt")));
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		return indexOf(haystack, needle, 0);
	}

	private static int indexOf(byte[] haystack, byte[] needle, int from) {
		outer: for (int i = from; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/** Every file of {@code expected} is in {@code actual} with the same bytes, and nothing else is. */
	private static void assertSameTree(Path expected, Path actual) throws Exception {
		assertEquals(IsoTesting.files(expected), IsoTesting.files(actual));
		try (Stream<Path> walk = Files.walk(expected)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				Path other = actual.resolve(expected.relativize(file).toString());
				assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(other), file.toString());
			}
		}
	}

	/** The files an open ISO lists. */
	private static final class IsoWalk {
		static TreeMap<String, Long> files(Image image) throws Exception {
			TreeMap<String, Long> files = new TreeMap<>();
			image.tree(1).walk("/", entry -> {
				if (!entry.directory()) {
					files.put(entry.path().substring(1), entry.size());
				}
				return true;
			});
			return files;
		}
	}
}
