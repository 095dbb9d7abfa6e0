package org.deployforge.handler.vhd.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.Image;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.UnsupportedCapabilityException;
import org.deployforge.handler.vhd.DiskType;
import org.deployforge.handler.vhd.Partition;
import org.deployforge.handler.vhd.PartitionTable;
import org.deployforge.handler.vhd.VirtualDisk;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code deployforge vhd create|convert|info}, run in-process, checked with qemu-img, sgdisk and our reader. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VhdCommandTest {

	Path temp;
	Path tree;
	Path wim;

	@BeforeAll
	void build(@TempDir Path folder) throws Exception {
		temp = folder;
		tree = folder.resolve("tree");
		TestDisks.makeTree(tree);
		wim = folder.resolve("install.wim");
		Tools.ok("wimlib-imagex", "capture", tree.toString(), wim.toString(), "Test Windows");
	}

	private record Run(int exit, String out, String err) {
	}

	private static Run run(String... args) throws Exception {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = DeployForgeCli.execute(TestDisks.imageService(), new PrintWriter(out), new PrintWriter(err), args);
		return new Run(exit, out.toString(), err.toString());
	}

	private static TreeSet<String> walk(Path disk, String folder) throws Exception {
		TreeSet<String> paths = new TreeSet<>();
		try (Image image = TestDisks.imageService().open(disk, OpenOptions.READ_ONLY)) {
			image.tree(1).walk(folder, entry -> {
				if (!entry.path().equals(folder)) {
					paths.add(entry.path().substring(folder.length()));
				}
				return true;
			});
		}
		return paths;
	}

	@Test
	void createUefiVhdxThenListTheWindowsPartition() throws Exception {
		Path disk = temp.resolve("uefi.vhdx");
		Run create = run("vhd", "create", wim.toString(), disk.toString(), "--index", "1", "--size", "160M");
		assertEquals(0, create.exit(), create.err());
		assertTrue(create.out().contains("NOT BOOTABLE YET"), create.out());
		assertTrue(create.err().contains("is not bootable yet"), create.err());
		assertEquals(TestDisks.hostTree(tree), walk(disk, "/3-Windows"), "vhd create then listing /3-Windows");

		JsonNode qemu = TestDisks.qemuInfo(disk, "vhdx");
		assertEquals(160 * TestDisks.MIB, qemu.get("virtual-size").asLong());
		Path raw = TestDisks.qemuRaw(disk, "vhdx", temp.resolve("uefi.raw"));
		String sgdisk = Tools.ok("sgdisk", "-p", raw.toString()).stdout();
		List<String> codes = new ArrayList<>();
		for (String line : sgdisk.split("\n")) {
			String[] f = line.trim().split("\\s+");
			if (f.length >= 7 && f[0].matches("[0-9]+")) {
				codes.add(f[5] + " " + f[6]);
			}
		}
		assertEquals(List.of("EF00 EFI", "0C01 MSR", "0700 Windows"), codes, sgdisk);
		try (VirtualDisk opened = VirtualDisk.open(disk)) {
			assertEquals(DiskType.DYNAMIC, opened.diskType());
			List<Partition> partitions = PartitionTable.read(opened).partitions();
			assertEquals(List.of("1-EFI", "2-MSR", "3-Windows"), partitions.stream().map(Partition::folderName)
					.toList());
			assertEquals("FAT32", partitions.get(0).fileSystem().label());
			assertEquals("NTFS", partitions.get(2).fileSystem().label());
		}

		try (Image image = TestDisks.imageService().open(disk, OpenOptions.READ_ONLY)) {
			assertEquals(List.of(), image.tree(1).list("/1-EFI"), "an empty FAT32 EFI System partition");
			assertThrows(UnsupportedCapabilityException.class, () -> image.tree(1).list("/2-MSR"));
		}

		Run info = run("vhd", "info", disk.toString(), "--json");
		assertEquals(0, info.exit(), info.err());
		JsonNode json = new ObjectMapper().readTree(info.out());
		assertEquals("vhdx", json.get("format").asText());
		assertEquals("dynamic", json.get("properties").get("Disk type").asText());
		assertTrue(json.get("partitions").get("Partition 3").asText().startsWith("/3-Windows: Basic Data 'Windows',"
				+ " NTFS 'Windows'"), info.out());
		Run text = run("vhd", "info", disk.toString());
		assertTrue(text.out().contains("GPT disk, 3 partition(s)"), text.out());

		// convert to a fixed VHD: exact size kept, same bytes
		Path vhd = temp.resolve("converted.vhd");
		Run convert = run("vhd", "convert", disk.toString(), vhd.toString(), "--fixed");
		assertEquals(0, convert.exit(), convert.err());
		assertEquals(160 * TestDisks.MIB, TestDisks.qemuInfo(vhd, "vpc").get("virtual-size").asLong());
		try (VirtualDisk a = VirtualDisk.open(disk); VirtualDisk b = VirtualDisk.open(vhd)) {
			assertEquals(DiskType.FIXED, b.diskType());
			assertEquals(a.virtualSize(), b.virtualSize());
			assertEquals(TestDisks.sha256(a.openStream()), TestDisks.sha256(b.openStream()));
		}
	}

	@Test
	void createBiosFixedVhd() throws Exception {
		Path disk = temp.resolve("bios.vhd");
		Run create = run("vhd", "create", wim.toString(), disk.toString(), "--index", "1", "--size", "0.0625",
				"--layout", "bios", "--fixed");
		assertEquals(0, create.exit(), create.err());
		try (VirtualDisk opened = VirtualDisk.open(disk)) {
			assertEquals(DiskType.FIXED, opened.diskType());
			assertEquals(64 * TestDisks.MIB, opened.virtualSize());
			PartitionTable table = PartitionTable.read(opened);
			assertEquals("mbr", table.scheme());
			assertTrue(table.partitions().get(0).active());
		}
		assertEquals(TestDisks.hostTree(tree), walk(disk, "/1-Windows"));
	}

	@Test
	void usageAndFailuresHaveTheirExitCodes() throws Exception {
		assertEquals(DeployForgeCli.USAGE, run("vhd", "create", wim.toString(), temp.resolve("x.vhdx").toString(),
				"--size", "1").exit(), "--index is required");
		assertEquals(DeployForgeCli.USAGE, run("vhd", "create", wim.toString(), temp.resolve("x.vhdx").toString(),
				"--index", "1", "--size", "lots").exit());
		Run small = run("vhd", "create", wim.toString(), temp.resolve("small.vhdx").toString(), "--index", "1",
				"--size", "64M");
		assertEquals(DeployForgeCli.FAILED, small.exit());
		assertTrue(small.err().contains("a UEFI disk needs at least 134 MiB"), small.err());
		Run notDisk = run("vhd", "info", wim.toString());
		assertEquals(DeployForgeCli.FAILED, notDisk.exit());
		assertEquals("deployforge: " + wim + ": not a virtual disk (it is a Windows Imaging Format (WIM))", notDisk.err()
				.strip());
	}
}
