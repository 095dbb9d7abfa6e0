package org.deployforge.handler.vhd.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeSet;

import org.deployforge.core.CommitResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageTree;
import org.deployforge.core.OpenOptions;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Changing files in the NTFS partition of a dynamic VHDX: staged, committed atomically, checked by the real tools. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NtfsChangeTest {

	Path temp;
	TestDisks disks;
	Path vhdx;

	@BeforeAll
	void build(@TempDir Path folder) throws Exception {
		temp = folder;
		disks = new TestDisks(folder);
		vhdx = disks.container("gpt-dynamic.vhdx", "vhdx", "dynamic", false, disks.gptRaw);
	}

	private Path work(String name) throws Exception {
		return Files.copy(vhdx, temp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

	/** @return the NTFS partition (GPT entry 2) of a disk, as qemu-img reads it, as a plain file */
	private Path ntfsPartition(Path disk, String name) throws Exception {
		Path raw = TestDisks.qemuRaw(disk, "vhdx", temp.resolve(name + ".raw"));
		long[] range = TestDisks.gptRange(raw, 2);
		Path partition = TestDisks.cut(raw, range[0] * 512, (range[1] - range[0] + 1) * 512, temp.resolve(name
				+ ".ntfs"));
		Files.delete(raw);
		return partition;
	}

	@Test
	void addRenameRemoveCommitIsCleanForQemuImgAndNtfs3g() throws Exception {
		Path disk = work("change.vhdx");
		Path added = temp.resolve("hello.txt");
		Files.writeString(added, "written by DeployForge into a VHDX\n");
		Path folder = temp.resolve("drivers");
		Files.createDirectories(folder.resolve("net"));
		Files.writeString(folder.resolve("net/e1000.inf"), "[Version]\r\nSignature=\"$Windows NT$\"\r\n");
		try (Image image = TestDisks.imageService().open(disk, OpenOptions.DEFAULT)) {
			ImageTree tree = image.tree(1);
			tree.add(added, "/2-System/Added/hello.txt");
			tree.add(folder, "/2-System/Drivers");
			tree.rename("/2-System/bootmgr", "/2-System/bootmgr.old");
			tree.remove("/2-System/Users");
			assertEquals(4, image.pendingChanges().size());
			assertTrue(tree.find("/2-System/bootmgr").isPresent(), "staged changes are not visible before commit");
			assertThrows(ImageException.class, () -> tree.add(added, "/"), "the root holds only partitions");
			assertThrows(ImageException.class, () -> tree.remove("/2-System"), "a partition folder cannot go");
			assertThrows(ImageException.class, () -> tree.add(added, "/1-ESP/x.txt"), "FAT32 is not changed");

			CommitResult result = image.commit(new NullProgressMonitor());
			assertEquals(4, result.changes());
			assertTrue(result.notes().contains("qemu-img check: no errors"), result.notes().toString());
			assertFalse(image.hasChanges());
			try (var in = tree.read("/2-System/Added/hello.txt")) {
				assertEquals("written by DeployForge into a VHDX\n", TestDisks.utf8(in.readAllBytes()));
			}
			assertTrue(tree.find("/2-System/bootmgr").isEmpty());
			assertEquals(5000, tree.stat("/2-System/bootmgr.old").size());
		}
		assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains("deployforge-vhd-"),
				"closing the image unmounts every partition export");
		Tools.Result check = Tools.ok("qemu-img", "check", "-f", "vhdx", disk.toString());
		assertTrue(check.stdout().contains("No errors were found on the image."), check.stdout());
		Path partition = ntfsPartition(disk, "change");
		assertEquals("written by DeployForge into a VHDX\n", Tools.ok("ntfscat", partition.toString(),
				"Added/hello.txt").stdout());
		assertEquals(Files.readString(folder.resolve("net/e1000.inf")), Tools.ok("ntfscat", partition.toString(),
				"Drivers/net/e1000.inf").stdout());
		TreeSet<String> listing = TestDisks.ntfslsTree(partition);
		assertTrue(listing.contains("/bootmgr.old"), listing.toString());
		assertFalse(listing.contains("/bootmgr"), listing.toString());
		assertFalse(listing.stream().anyMatch(p -> p.startsWith("/Users")), listing.toString());
		Tools.ok("ntfsfix", "-n", partition.toString());
		assertEquals(0, Files.list(temp).filter(p -> p.getFileName().toString().endsWith(".deployforge-tmp"))
				.count(), "no work file left beside the disk");
	}

	/**
	 * The same NTFS partition in a dynamic VHD (the vpc driver under qemu-storage-daemon): listed, read and changed,
	 * checked by qemu-img and ntfscat. The files of a VHD were unreadable once because the daemon refused an option.
	 */
	@Test
	void ntfsFilesOfADynamicVhdAreListedReadAndChanged() throws Exception {
		Path disk = disks.container("gpt-dynamic.vhd", "vpc", "dynamic", true, disks.gptRaw);
		Path added = temp.resolve("vhd.txt");
		Files.writeString(added, "written by DeployForge into a VHD\n");
		try (Image image = TestDisks.imageService().open(disk, OpenOptions.DEFAULT)) {
			ImageTree tree = image.tree(1);
			assertEquals(5000, tree.stat("/2-System/bootmgr").size());
			tree.add(added, "/2-System/Added/vhd.txt");
			CommitResult result = image.commit(new NullProgressMonitor());
			assertEquals(1, result.changes());
			try (var in = tree.read("/2-System/Added/vhd.txt")) {
				assertEquals("written by DeployForge into a VHD\n", TestDisks.utf8(in.readAllBytes()));
			}
		}
		// qemu-img has no check for vpc: read the disk back through qemu instead
		Path raw = TestDisks.qemuRaw(disk, "vpc", temp.resolve("vhd.raw"));
		long[] range = TestDisks.gptRange(raw, 2);
		Path partition = TestDisks.cut(raw, range[0] * 512, (range[1] - range[0] + 1) * 512, temp.resolve("vhd.ntfs"));
		assertEquals("written by DeployForge into a VHD\n", Tools.ok("ntfscat", partition.toString(),
				"Added/vhd.txt").stdout());
	}

	@Test
	void cancelledCommitAndDiscardLeaveTheDiskByteIdentical() throws Exception {
		Path disk = work("cancel.vhdx");
		String before = TestDisks.sha256(disk);
		Path added = temp.resolve("cancel.txt");
		Files.writeString(added, "never written");
		try (Image image = TestDisks.imageService().open(disk, OpenOptions.DEFAULT)) {
			image.tree(1).add(added, "/2-System/cancel.txt");
			NullProgressMonitor cancelAfterCopy = new NullProgressMonitor() {
				@Override
				public void subTask(String name) {
					if (name.startsWith("copying")) {
						setCanceled(true);
					}
				}
			};
			assertThrows(OperationCanceledException.class, () -> image.commit(cancelAfterCopy));
			assertEquals(before, TestDisks.sha256(disk), "a cancelled commit leaves the original byte-identical");
			assertEquals(1, image.pendingChanges().size(), "and the change stays staged");
			image.discard();
			CommitResult nothing = image.commit(new NullProgressMonitor());
			assertEquals(0, nothing.changes());
		}
		assertEquals(before, TestDisks.sha256(disk));
		assertEquals(List.of(), Files.list(temp).filter(p -> p.getFileName().toString().endsWith(".deployforge-tmp"))
				.toList());
		try (Image image = TestDisks.imageService().open(disk, OpenOptions.READ_ONLY)) {
			ImageException refused = assertThrows(ImageException.class, () -> image.tree(1).add(added,
					"/2-System/x.txt"));
			assertTrue(refused.getMessage().contains("opened read-only"), refused.getMessage());
		}
	}

	/**
	 * The writer dies in the middle of a commit: the test kills (SIGKILL) the qemu-storage-daemon that exports the
	 * work copy while the changes are being applied. The commit fails with one error, the original stays
	 * byte-identical, no work file or mount is left, the changes stay staged, and a second commit then succeeds.
	 */
	@Test
	void writerKilledDuringCommitLeavesTheOriginalByteIdentical() throws Exception {
		Path disk = work("killed.vhdx");
		String before = TestDisks.sha256(disk);
		Path big = temp.resolve("big.bin");
		byte[] data = new byte[6 * 1024 * 1024];
		new java.util.Random(3).nextBytes(data);
		Files.write(big, data);
		try (Image image = TestDisks.imageService().open(disk, OpenOptions.DEFAULT)) {
			image.tree(1).add(big, "/2-System/big.bin");
			int[] killed = { 0 };
			NullProgressMonitor killer = new NullProgressMonitor() {
				@Override
				public boolean isCanceled() {
					// the first poll once the work copy is exported writable: kill its exporter
					if (killed[0] == 0) {
						ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains(
								"qemu-storage-daemon") && p.info().commandLine().orElse("").contains("writable=on"))
								.forEach(p -> {
									p.destroyForcibly();
									killed[0]++;
								});
					}
					return false;
				}
			};
			ImageException failed = assertThrows(ImageException.class, () -> image.commit(killer));
			assertEquals(1, killed[0], "the writer was killed mid-commit");
			assertTrue(failed.getMessage().startsWith(disk + ": cannot add " + big + " as /2-System/big.bin (index 1) in"
					+ " partition 2: "), failed.getMessage());
			assertTrue(failed.getMessage().startsWith(disk + ": "), failed.getMessage());
			assertEquals(before, TestDisks.sha256(disk), "the original is byte-identical");
			assertEquals(1, image.pendingChanges().size(), "the change stays staged");
			assertEquals(List.of(), Files.list(temp).filter(p -> p.getFileName().toString().endsWith(
					".deployforge-tmp")).toList());
			assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains("deployforge-vhd-"),
					"no mount is left behind");
			image.commit(new NullProgressMonitor());
			try (var in = image.tree(1).read("/2-System/big.bin")) {
				assertEquals(TestDisks.sha256(big), TestDisks.sha256(in));
			}
		}
		assertEquals(0, Tools.run("qemu-img", "check", "-f", "vhdx", disk.toString()).exitCode());
	}
}
