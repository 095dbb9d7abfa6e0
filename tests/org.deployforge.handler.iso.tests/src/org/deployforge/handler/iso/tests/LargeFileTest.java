package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.deployforge.core.CommitResult;
import org.deployforge.core.ExtractResult;
import org.deployforge.core.Image;
import org.deployforge.core.OpenOptions;
import org.deployforge.tests.common.Tools;
import org.deployforge.tests.common.Xorriso;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long tier (System property {@code deployforge.longTests=true}): a 4.5 GB install.wim (a sparse file with a marked
 * tail) added to ISO 9660-only media makes the rebuild carry a UDF bridge, and the file reads back whole from UDF.
 */
class LargeFileTest {

	private static final long SIZE = 4_500_000_000L;

	@TempDir
	Path temp;

	@Test
	void aFileOver4GiBForcesUdfAndReadsBackWhole() throws Exception {
		Assumptions.assumeTrue(Boolean.getBoolean("deployforge.longTests"),
				"skipped: long test (writes and reads a 4.5 GB ISO); run with -Ddeployforge.longTests=true");
		Path tree = IsoTesting.windowsTree(temp, 1024);
		Files.delete(tree.resolve("sources/install.wim"));
		Path iso = temp.resolve("small.iso");
		Tools.ok("xorriso", "-as", "mkisofs", "-J", "-V", "BIGTEST", "-b", "boot/etfsboot.com", "-no-emul-boot",
				"-boot-load-size", "8", "-eltorito-alt-boot", "-e", "efi/microsoft/boot/efisys.bin", "-no-emul-boot",
				"-o", iso.toString(), tree.toString());
		Path big = temp.resolve("install.wim");
		byte[] tail = "end of the large file\n".getBytes();
		try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
			file.setLength(SIZE);
			file.seek(SIZE - tail.length);
			file.write(tail);
		}
		String expectedSha1 = sha1(Files.newInputStream(big));
		try (Image image = IsoTesting.service().open(iso, OpenOptions.DEFAULT)) {
			assertEquals("no", image.info().properties().get("UDF"));
			image.tree(1).add(big, "/sources/install.wim");
			CommitResult result = image.commit(new NullProgressMonitor());
			String notes = String.join("\n", result.notes());
			assertTrue(notes.contains("UDF bridge kept because a file exceeds 4 GiB"), notes);
			assertTrue(notes.contains("2 boot images verified byte-for-byte"), notes);
		}
		Files.delete(big);
		assertEquals(SIZE, IsoTesting.sevenZipFiles(iso, "udf").get("sources/install.wim"), "7zz reads UDF");
		try (Image image = IsoTesting.service().open(iso, OpenOptions.READ_ONLY)) {
			assertTrue(image.info().properties().get("UDF").startsWith("1.02"));
			assertEquals(SIZE, image.tree(1).stat("/sources/install.wim").size());
			ExtractResult extracted = image.tree(1).extract(List.of("/sources/install.wim"), temp.resolve("out"),
					new NullProgressMonitor());
			assertEquals(SIZE, extracted.bytes());
		}
		Path out = temp.resolve("out/install.wim");
		assertEquals(SIZE, Files.size(out));
		assertEquals(expectedSha1, sha1(Files.newInputStream(out)));
		assertEquals(List.of("BIOS none 8 /boot/etfsboot.com", "UEFI none 2880 /efi/microsoft/boot/efisys.bin"),
				Xorriso.bootEntries(iso));
	}

	private static String sha1(InputStream in) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-1");
		try (in) {
			byte[] buffer = new byte[1 << 20];
			int read;
			while ((read = in.read(buffer)) > 0) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}
}
