package org.deployforge.handler.vhd.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageTree;
import org.deployforge.core.MissingPartException;
import org.deployforge.core.OpenOptions;
import org.deployforge.handler.vhd.DiskType;
import org.deployforge.handler.vhd.FileSystemType;
import org.deployforge.handler.vhd.LogPendingException;
import org.deployforge.handler.vhd.Partition;
import org.deployforge.handler.vhd.PartitionTable;
import org.deployforge.handler.vhd.VhdDisk;
import org.deployforge.handler.vhd.VhdxDisk;
import org.deployforge.handler.vhd.VirtualDisk;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Our VHD/VHDX reader against qemu-img, sgdisk, sfdisk and ntfsls on disks the test builds with them: fixed VHD,
 * dynamic VHD (with and without force_size), dynamic and fixed VHDX, GPT and MBR; then damaged and differencing disks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VirtualDiskReaderTest {

	Path temp;

	TestDisks disks;

	@BeforeAll
	void build(@TempDir Path folder) throws Exception {
		temp = folder;
		disks = new TestDisks(temp);
		disks.container("gpt-fixed.vhd", "vpc", "fixed", true, disks.gptRaw);
		disks.container("gpt-dynamic.vhd", "vpc", "dynamic", true, disks.gptRaw);
		disks.container("mbr-dynamic-chs.vhd", "vpc", "dynamic", false, disks.mbrRaw);
		disks.container("gpt-dynamic.vhdx", "vhdx", "dynamic", false, disks.gptRaw);
		disks.container("mbr-fixed.vhdx", "vhdx", "fixed", false, disks.mbrRaw);
	}

	private static String driver(String name) {
		return name.endsWith(".vhdx") ? "vhdx" : "vpc";
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt-fixed.vhd", "gpt-dynamic.vhd", "mbr-dynamic-chs.vhd", "gpt-dynamic.vhdx",
			"mbr-fixed.vhdx" })
	void sizesMatchQemuImgInfo(String name) throws Exception {
		Path file = temp.resolve(name);
		JsonNode info = TestDisks.qemuInfo(file, driver(name));
		try (VirtualDisk disk = VirtualDisk.open(file)) {
			assertEquals(info.get("virtual-size").asLong(), disk.virtualSize(), name + " virtual size");
			assertEquals(name.endsWith(".vhdx") ? "vhdx" : "vhd", disk.formatId());
			boolean fixed = name.contains("fixed");
			assertEquals(fixed ? DiskType.FIXED : DiskType.DYNAMIC, disk.diskType(), name);
			if (info.has("cluster-size") && !(fixed && name.endsWith(".vhd"))) {
				assertEquals(info.get("cluster-size").asLong(), disk.blockSize(), name + " block size");
			}
			assertEquals(512, disk.logicalSectorSize());
			assertTrue(disk.creator().contains(name.endsWith(".vhdx") ? "QEMU" : "qem"), disk.creator());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt-fixed.vhd", "gpt-dynamic.vhd", "mbr-dynamic-chs.vhd", "gpt-dynamic.vhdx",
			"mbr-fixed.vhdx" })
	void everyByteMatchesQemuImgConvertToRaw(String name) throws Exception {
		Path file = temp.resolve(name);
		Path raw = TestDisks.qemuRaw(file, driver(name), temp.resolve(name + ".qemu.raw"));
		try (VirtualDisk disk = VirtualDisk.open(file)) {
			assertEquals(Files.size(raw), disk.virtualSize());
			assertEquals(TestDisks.sha256(raw), TestDisks.sha256(disk.openStream()), name);
		} finally {
			Files.delete(raw);
		}
	}

	@Test
	void gptPartitionsMatchSgdisk() throws Exception {
		Path file = temp.resolve("gpt-dynamic.vhdx");
		Path raw = TestDisks.qemuRaw(file, "vhdx", temp.resolve("gpt-check.raw"));
		String printed = Tools.ok("sgdisk", "-p", raw.toString()).stdout();
		List<String[]> rows = new ArrayList<>();
		boolean table = false;
		for (String line : printed.split("\n")) {
			if (line.startsWith("Number")) {
				table = true;
			} else if (table && !line.isBlank()) {
				rows.add(line.trim().split("\\s+"));
			}
		}
		try (VirtualDisk disk = VirtualDisk.open(file)) {
			PartitionTable partitions = PartitionTable.read(disk);
			assertEquals("gpt", partitions.scheme());
			assertEquals(rows.size(), partitions.partitions().size(), printed);
			for (int i = 0; i < rows.size(); i++) {
				String[] row = rows.get(i);
				Partition p = partitions.partitions().get(i);
				assertEquals(Integer.parseInt(row[0]), p.number());
				assertEquals(Long.parseLong(row[1]), p.firstSector());
				assertEquals(Long.parseLong(row[2]), p.lastSector());
				assertEquals(row[row.length - 1], p.name());
			}
			Partition esp = partitions.partitions().get(0);
			assertEquals("EFI System", esp.typeName());
			assertEquals(FileSystemType.FAT32, esp.fileSystem());
			assertEquals("ESP", esp.label());
			Partition windows = partitions.partitions().get(1);
			assertEquals("Basic Data", windows.typeName());
			assertEquals(FileSystemType.NTFS, windows.fileSystem());
			assertEquals("System", windows.label(), "NTFS label from $Volume, as mkntfs -L wrote it");
			assertEquals("1-ESP", esp.folderName());
			assertEquals("2-System", windows.folderName());
		} finally {
			Files.delete(raw);
		}
	}

	@Test
	void mbrPartitionMatchesSfdisk() throws Exception {
		Path file = temp.resolve("mbr-dynamic-chs.vhd");
		JsonNode sfdisk = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Tools.ok("sfdisk", "--json",
				disks.mbrRaw.toString()).stdout()).get("partitiontable");
		try (VirtualDisk disk = VirtualDisk.open(file)) {
			PartitionTable table = PartitionTable.read(disk);
			assertEquals("mbr", table.scheme());
			assertEquals(sfdisk.get("partitions").size(), table.partitions().size());
			JsonNode first = sfdisk.get("partitions").get(0);
			Partition p = table.partitions().get(0);
			assertEquals(first.get("start").asLong(), p.firstSector());
			assertEquals(first.get("size").asLong() * 512, p.length());
			assertEquals(first.get("type").asText(), Integer.toHexString(Integer.parseInt(p.type(), 16)));
			assertTrue(p.active(), "sfdisk made it bootable");
			assertEquals(FileSystemType.NTFS, p.fileSystem());
			assertEquals("1-Data", p.folderName());
			assertEquals(sfdisk.get("id").asText(), "0x" + table.diskId());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt-fixed.vhd", "gpt-dynamic.vhdx" })
	void ntfsListingMatchesNtfslsAndTheSourceTree(String name) throws Exception {
		Path file = temp.resolve(name);
		long[] range = TestDisks.gptRange(disks.gptRaw, 2);
		Path partition = TestDisks.cut(disks.gptRaw, range[0] * 512, (range[1] - range[0] + 1) * 512, temp.resolve(
				name + ".ntfs"));
		TreeSet<String> ntfsls = TestDisks.ntfslsTree(partition);
		try (var image = TestDisks.imageService().open(file, OpenOptions.READ_ONLY)) {
			ImageTree tree = image.tree(1);
			assertEquals(List.of("/1-ESP", "/2-System"), tree.list("/").stream().map(ImageEntry::path).toList());
			TreeSet<String> ours = new TreeSet<>();
			tree.walk("/2-System", entry -> {
				if (!entry.path().equals("/2-System")) {
					ours.add(entry.path().substring("/2-System".length()));
				}
				return true;
			});
			assertEquals(ntfsls, ours, "our listing equals ntfsls -R");
			assertEquals(TestDisks.hostTree(disks.tree), ours, "and the captured tree");
			ImageEntry system = tree.stat("/2-System/Windows/System32/config/SYSTEM");
			assertEquals(300_000, system.size());
			try (var in = tree.read("/2-System/Windows/System32/config/SYSTEM")) {
				assertEquals(TestDisks.sha256(disks.tree.resolve("Windows/System32/config/SYSTEM")), TestDisks.sha256(
						in));
			}
			String ntfscat = Tools.ok("ntfscat", partition.toString(), "Program Files/Tool/readme with spaces.txt")
					.stdout();
			try (var in = tree.read("\\2-System\\Program Files\\Tool\\readme with spaces.txt")) {
				assertEquals(ntfscat, TestDisks.utf8(in.readAllBytes()));
			}
			Path out = temp.resolve(name + ".extract");
			var result = tree.extract(List.of("/2-System/Program Files", "/2-System/bootmgr"), out,
					new org.eclipse.core.runtime.NullProgressMonitor());
			assertEquals(2, result.files());
			assertEquals("hello from the tool\n", Files.readString(out.resolve("Program Files/Tool/readme with spaces.txt")));
			assertEquals(5000, Files.size(out.resolve("bootmgr")));
			// the FAT32 EFI partition, read-only through 7zz, against mtools' listing
			TreeSet<String> fat = new TreeSet<>();
			tree.walk("/1-ESP", entry -> {
				if (!entry.path().equals("/1-ESP")) {
					fat.add(entry.path().substring("/1-ESP".length()));
				}
				return true;
			});
			assertEquals(TestDisks.mdirTree(temp.resolve("esp.part")), fat);
			try (var in = tree.read("/1-ESP/EFI/Boot/bootx64.efi")) {
				assertEquals("MZ not really a boot loader\n", TestDisks.utf8(in.readAllBytes()));
			}
			assertEquals(28, tree.stat("/1-esp/efi/boot/BOOTX64.EFI").size(), "FAT names match case-insensitively");
			assertTrue(tree.stat("/1-ESP/EFI").directory());
			assertThrows(org.deployforge.core.EntryNotFoundException.class, () -> tree.stat("/2-System/nope"));
			assertThrows(org.deployforge.core.EntryNotFoundException.class, () -> tree.stat("/9-Nothing"));
		} finally {
			Files.delete(partition);
		}
	}

	@Test
	void infoGivesTheDiskFactsAndPartitions() throws Exception {
		try (var image = TestDisks.imageService().open(temp.resolve("gpt-dynamic.vhdx"), OpenOptions.READ_ONLY)) {
			var info = image.info();
			assertEquals("vhdx", info.format().id());
			assertEquals("dynamic", info.properties().get("Disk type"));
			assertTrue(info.properties().get("Virtual size").startsWith(TestDisks.GPT_SIZE + " bytes"));
			assertTrue(info.properties().get("Partition table").startsWith("GPT"));
			assertEquals(1, info.imageCount());
			String partition = info.volumes().get(0).properties().get("Partition 2");
			assertTrue(partition.startsWith("/2-System: Basic Data 'Windows', NTFS 'System'"), partition);
		}
	}

	// --- damaged and differencing disks ---

	private Path copy(String name, String as) throws Exception {
		return Files.copy(temp.resolve(name), temp.resolve(as), StandardCopyOption.REPLACE_EXISTING);
	}

	@Test
	void truncatedVhdGivesAClearError() throws Exception {
		Path cut = copy("gpt-dynamic.vhd", "truncated.vhd");
		try (RandomAccessFile file = new RandomAccessFile(cut.toFile(), "rw")) {
			file.setLength(file.length() / 2);
		}
		ImageException error = assertThrows(CorruptImageException.class, () -> VirtualDisk.open(cut));
		assertTrue(error.getMessage().startsWith(cut + ": truncated or damaged VHD: the footer copy at offset 0"
				+ " describes a dynamic disk of " + TestDisks.GPT_SIZE + " bytes"), error.getMessage());
		Path tiny = temp.resolve("tiny.vhd");
		Files.write(tiny, "conectix".getBytes());
		assertTrue(assertThrows(CorruptImageException.class, () -> VirtualDisk.open(tiny)).getMessage().contains(
				"truncated"));
	}

	@Test
	void badFooterChecksumGivesAClearError() throws Exception {
		Path bad = copy("gpt-fixed.vhd", "bad-checksum.vhd");
		try (RandomAccessFile file = new RandomAccessFile(bad.toFile(), "rw")) {
			file.seek(file.length() - 512 + 48 + 7); // low byte of Current Size
			file.write(0x77);
		}
		ImageException error = assertThrows(CorruptImageException.class, () -> VirtualDisk.open(bad));
		assertTrue(error.getMessage().contains("VHD footer checksum mismatch: stored 0x"), error.getMessage());
		// through the image service too: one clear error, no crash
		assertThrows(CorruptImageException.class, () -> TestDisks.imageService().open(bad, OpenOptions.READ_ONLY));
	}

	@Test
	void batPointingPastTheEndGivesAClearError() throws Exception {
		Path bad = copy("gpt-dynamic.vhd", "bad-bat.vhd");
		long batOffset;
		try (VirtualDisk disk = VirtualDisk.open(bad); RandomAccessFile file = new RandomAccessFile(bad.toFile(), "r")) {
			byte[] header = new byte[1024];
			file.seek(512);
			file.readFully(header);
			batOffset = java.nio.ByteBuffer.wrap(header, 16, 8).getLong();
		}
		try (RandomAccessFile file = new RandomAccessFile(bad.toFile(), "rw")) {
			file.seek(batOffset);
			file.writeInt(0x00FFFFF0); // sector 16,777,200: about 8 GiB into a file of a few MiB
		}
		ImageException error = assertThrows(CorruptImageException.class, () -> VirtualDisk.open(bad));
		assertTrue(error.getMessage().contains("BAT entry 0 points to sector 16777200"), error.getMessage());
		assertTrue(error.getMessage().contains("past the end"), error.getMessage());
	}

	@Test
	void vhdxWithBothHeadersDamagedIsRefusedAndAnEmptyLogIsRead() throws Exception {
		Path bad = copy("gpt-dynamic.vhdx", "bad-headers.vhdx");
		try (RandomAccessFile file = new RandomAccessFile(bad.toFile(), "rw")) {
			for (long offset : new long[] { 64 * 1024 + 100, 128 * 1024 + 100 }) {
				file.seek(offset);
				file.write(0x5A);
			}
		}
		ImageException error = assertThrows(CorruptImageException.class, () -> VirtualDisk.open(bad));
		assertTrue(error.getMessage().contains("no valid VHDX header: header 1 CRC-32C stored"), error.getMessage());

		Path logged = copy("gpt-dynamic.vhdx", "pending-log.vhdx");
		try (RandomAccessFile file = new RandomAccessFile(logged.toFile(), "rw")) {
			for (long offset : new long[] { 64 * 1024, 128 * 1024 }) {
				byte[] header = new byte[4096];
				file.seek(offset);
				file.readFully(header);
				header[48] = 0x11; // log GUID no longer zero
				java.util.Arrays.fill(header, 4, 8, (byte) 0);
				java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
				crc.update(header);
				long value = crc.getValue();
				for (int i = 0; i < 4; i++) {
					header[4 + i] = (byte) (value >>> (8 * i));
				}
				file.seek(offset);
				file.write(header);
			}
		}
		// a log GUID without any log entry carrying it: nothing to replay, readable, and said so
		try (VirtualDisk opened = VirtualDisk.open(logged)) {
			assertTrue(opened.properties().get("Log").contains("no valid entry for it: nothing to replay"));
			assertEquals(TestDisks.GPT_SIZE, opened.virtualSize());
		}
	}

	/**
	 * qemu cannot make differencing VHDs, so the test turns a dynamic VHD into one the way Hyper-V lays them out:
	 * footer disk type 4, parent UUID and parent unicode name in the dynamic header, both checksums recomputed.
	 */
	private Path makeDifferencing(Path dynamic, Path parent, String parentName) throws Exception {
		java.util.UUID parentUuid;
		try (VirtualDisk p = VirtualDisk.open(parent)) {
			parentUuid = p.uuid();
		}
		try (RandomAccessFile file = new RandomAccessFile(dynamic.toFile(), "rw")) {
			byte[] footer = new byte[512];
			file.seek(file.length() - 512);
			file.readFully(footer);
			java.nio.ByteBuffer.wrap(footer).putInt(60, 4).putInt(64, 0);
			java.nio.ByteBuffer.wrap(footer).putInt(64, (int) VhdDisk.checksum(footer, 64));
			file.seek(file.length() - 512);
			file.write(footer);
			file.seek(0);
			file.write(footer);
			long headerOffset = java.nio.ByteBuffer.wrap(footer).getLong(16);
			byte[] header = new byte[1024];
			file.seek(headerOffset);
			file.readFully(header);
			java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(header);
			h.putLong(40, parentUuid.getMostSignificantBits()).putLong(48, parentUuid.getLeastSignificantBits());
			byte[] name = parentName.getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
			java.util.Arrays.fill(header, 64, 576, (byte) 0);
			System.arraycopy(name, 0, header, 64, name.length);
			h.putInt(36, (int) VhdDisk.checksum(header, 36));
			file.seek(headerOffset);
			file.write(header);
		}
		return dynamic;
	}

	@Test
	void differencingVhdReadsThroughItsParentOrNamesTheMissingOne() throws Exception {
		// parent: the GPT disk; child: zeros except two 2 MiB blocks of random data
		Path parent = copy("gpt-dynamic.vhd", "parent.vhd");
		Path childRaw = temp.resolve("child.raw");
		TestDisks.sparse(childRaw, TestDisks.GPT_SIZE);
		byte[] block = new byte[2 * 1024 * 1024];
		new Random(7).nextBytes(block);
		try (RandomAccessFile file = new RandomAccessFile(childRaw.toFile(), "rw")) {
			for (int b : new int[] { 3, 20 }) {
				file.seek((long) b * block.length);
				file.write(block);
			}
		}
		Path child = makeDifferencing(disks.container("child.vhd", "vpc", "dynamic", true, childRaw), parent,
				"parent.vhd");
		Path expected = temp.resolve("expected.raw");
		Files.copy(disks.gptRaw, expected, StandardCopyOption.REPLACE_EXISTING);
		try (RandomAccessFile file = new RandomAccessFile(expected.toFile(), "rw")) {
			for (int b : new int[] { 3, 20 }) {
				file.seek((long) b * block.length);
				file.write(block);
			}
		}
		try (VirtualDisk disk = VirtualDisk.open(child)) {
			assertEquals(DiskType.DIFFERENCING, disk.diskType());
			assertEquals(parent.toAbsolutePath().normalize(), disk.parent().file().toAbsolutePath().normalize());
			assertEquals(2, disk.allocatedBlocks(), "qemu allocated only the two non-zero blocks");
			assertEquals(TestDisks.sha256(expected), TestDisks.sha256(disk.openStream()));
		}
		// vhd convert flattens the chain through our reader (qemu cannot open it): qemu then reads the same bytes
		Path flat = temp.resolve("flattened.vhdx");
		var tools = TestDisks.imageService().handler("vhd").orElseThrow().capability(
				org.deployforge.core.capability.VirtualDiskCapability.class).orElseThrow();
		var converted = tools.convert(child, flat, null, new org.eclipse.core.runtime.NullProgressMonitor());
		assertEquals("dynamic", converted.diskType());
		assertTrue(converted.notes().get(0).startsWith("differencing chain ["), converted.notes().toString());
		Path flatRaw = TestDisks.qemuRaw(flat, "vhdx", temp.resolve("flattened.raw"));
		assertEquals(TestDisks.sha256(expected), TestDisks.sha256(flatRaw));
		Files.delete(flatRaw);
		Files.delete(parent);
		MissingPartException missing = assertThrows(MissingPartException.class, () -> VirtualDisk.open(child));
		assertTrue(missing.getMessage().startsWith(child + ": the parent of this differencing disk, 'parent.vhd', is"
				+ " missing; looked for [" + temp.toAbsolutePath().normalize().resolve("parent.vhd")), missing
						.getMessage());
		assertInstanceOf(MissingPartException.class, assertThrows(ImageException.class, () -> TestDisks.imageService()
				.open(child, OpenOptions.READ_ONLY)));
	}

	@Test
	void vhdxFieldsAreReadFromTheRightPlaces() throws Exception {
		try (VirtualDisk disk = VirtualDisk.open(temp.resolve("gpt-dynamic.vhdx"))) {
			VhdxDisk vhdx = (VhdxDisk) disk;
			assertEquals(TestDisks.GPT_SIZE, vhdx.virtualSize());
			assertEquals((1L << 23) * 512 / vhdx.blockSize(), vhdx.chunkRatio());
			assertTrue(vhdx.physicalSectorSize() == 512 || vhdx.physicalSectorSize() == 4096);
			assertTrue(vhdx.allocatedBlocks() > 0 && vhdx.allocatedBlocks() <= TestDisks.GPT_SIZE / vhdx.blockSize());
		}
	}

	/**
	 * A real pending log: qemu-io writes 1 MiB blocks one by one into a VHDX (each allocation goes through the log)
	 * and is SIGKILLed as soon as the header carries a log GUID. Our reader refuses to read it (as does qemu
	 * read-only); with replayLog=true the session reads a work copy that qemu-img check -r all replayed, says so,
	 * refuses changes, and leaves the original byte-identical.
	 */
	@Test
	void pendingVhdxLogIsRefusedOrReplayedOnACopy() throws Exception {
		Path disk = temp.resolve("dirty-log.vhdx");
		boolean dirty = false;
		for (int attempt = 0; attempt < 10 && !dirty; attempt++) {
			Files.deleteIfExists(disk);
			// 8,000 allocating writes: enough that qemu-io is still writing when it is killed, even on a fast, idle
			// machine (1,000 could all be done and the log closed cleanly before the kill)
			Tools.ok("qemu-img", "create", "-f", "vhdx", "-o", "block_size=1M", disk.toString(), "8G");
			List<String> command = new ArrayList<>(List.of("qemu-io", "-f", "vhdx"));
			for (int i = 0; i < 8000; i++) {
				command.add("-c");
				command.add("write -P 0x55 " + (long) i * 1024 * 1024 + " 4k");
			}
			command.add(disk.toString());
			Process writer = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.redirectError(ProcessBuilder.Redirect.DISCARD).start();
			try {
				long deadline = System.nanoTime() + 30_000_000_000L;
				while (!currentLogGuidSet(disk) && writer.isAlive() && System.nanoTime() < deadline) {
					Thread.sleep(2);
				}
				Thread.sleep(5 + 10 * attempt); // let qemu write a few log entries
			} finally {
				writer.destroyForcibly();
				writer.waitFor();
			}
			try (VirtualDisk opened = VirtualDisk.open(disk)) {
				dirty = false; // the log GUID was set, but qemu had not written a valid log entry yet
			} catch (LogPendingException pending) {
				dirty = true;
			}
		}
		assertTrue(dirty, "qemu-io, killed while writing, left log entries to replay");
		String before = TestDisks.sha256(disk);
		LogPendingException refused = assertThrows(LogPendingException.class, () -> VirtualDisk.open(disk));
		assertTrue(refused.getMessage().startsWith(disk + ": the VHDX log holds writes not yet applied (log GUID "),
				refused.getMessage());
		assertThrows(LogPendingException.class, () -> TestDisks.imageService().open(disk, OpenOptions.READ_ONLY));
		Path work = temp.resolve("replay-work");
		Files.createDirectories(work);
		try (var image = TestDisks.imageService().open(disk, new OpenOptions(false, work, java.util.Map.of("replayLog",
				"true")))) {
			var info = image.info();
			assertTrue(info.properties().get("Log").startsWith("pending writes in the VHDX log were replayed on a work"
					+ " copy"), info.properties().toString());
			assertEquals(Long.toString(8L << 30), info.properties().get("Virtual size").split(" ")[0]);
			assertTrue(info.properties().get("Allocated blocks") != null);
			ImageException readOnly = assertThrows(ImageException.class, () -> image.tree(1).add(disk,
					"/1-Partition/x"));
			assertTrue(readOnly.getMessage().contains("no partition folder") || readOnly.getMessage().contains(
					"replayed on a copy"), readOnly.getMessage());
		}
		assertEquals(List.of(), Files.list(work).toList(), "the replay copy is deleted at close");
		assertEquals(before, TestDisks.sha256(disk), "the original is not changed");
	}

	/** @return whether the current header (the higher sequence number) of a VHDX carries a non-zero log GUID */
	private static boolean currentLogGuidSet(Path disk) throws Exception {
		try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "r")) {
			long best = -1;
			boolean set = false;
			for (long header : new long[] { 64 * 1024, 128 * 1024 }) {
				byte[] bytes = new byte[64];
				file.seek(header);
				file.readFully(bytes);
				java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
				long sequence = b.getLong(8);
				if (bytes[0] == 'h' && Long.compareUnsigned(sequence, best) > 0 || best == -1) {
					best = sequence;
					set = b.getLong(48) != 0 || b.getLong(56) != 0;
				}
			}
			return set;
		}
	}
}
