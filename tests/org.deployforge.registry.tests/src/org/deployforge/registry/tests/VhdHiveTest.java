package org.deployforge.registry.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deployforge.core.ImageService;
import org.deployforge.registry.EmptyHive;
import org.deployforge.registry.Hive;
import org.deployforge.registry.RegValue;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SOFTWARE hive on the NTFS partition of a virtual disk: a WIM captured by wimlib-imagex is laid out on a dynamic
 * VHDX by {@code deployforge vhd create} (GPT: EFI, MSR, Windows), the hive is changed with
 * {@code deployforge reg set DISK::/3-Windows/Windows/System32/config/SOFTWARE …}, and the real tools read it back:
 * {@code qemu-img convert} to raw, the partition cut at the sectors {@code sgdisk -i} gives, {@code ntfscat} for the
 * hive, {@code hivexget} for the value.
 */
class VhdHiveTest {

	private static final String KEY = "Microsoft\\Windows\\CurrentVersion";
	private static final String HIVE = "/3-Windows/Windows/System32/config/SOFTWARE";

	@TempDir
	Path temp;

	private static void waitForHandlers() throws Exception {
		ImageService service = Cli.service();
		long deadline = System.nanoTime() + 20_000_000_000L;
		while ((service.handler("wim").isEmpty() || service.handler("vhd").isEmpty()) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertTrue(service.handler("wim").isPresent() && service.handler("vhd").isPresent(),
				"the wim and vhd handlers are registered");
	}

	/** @return the SOFTWARE hive of partition 3 of {@code disk}, as qemu-img, sgdisk and ntfscat read it */
	private Path hiveAsTheRealToolsReadIt(Path disk, String name) throws Exception {
		Path raw = temp.resolve(name + ".raw");
		Tools.ok("qemu-img", "convert", "-O", "raw", disk.toString(), raw.toString());
		String info = Tools.ok("sgdisk", "-i", "3", raw.toString()).stdout();
		long first = sector(info, "First sector");
		long last = sector(info, "Last sector");
		Path partition = temp.resolve(name + ".ntfs");
		Tools.ok("dd", "if=" + raw, "of=" + partition, "bs=512", "skip=" + first, "count=" + (last - first + 1),
				"status=none");
		Files.delete(raw);
		Path hive = temp.resolve(name + ".SOFTWARE");
		Process ntfscat = new ProcessBuilder("ntfscat", partition.toString(), "/Windows/System32/config/SOFTWARE")
				.redirectOutput(hive.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		assertEquals(0, ntfscat.waitFor(), "ntfscat reads the hive from the partition");
		return hive;
	}

	private static long sector(String sgdiskInfo, String label) {
		Matcher matcher = Pattern.compile(label + ": (\\d+)").matcher(sgdiskInfo);
		assertTrue(matcher.find(), sgdiskInfo);
		return Long.parseLong(matcher.group(1));
	}

	@Test
	void setValueOnTheNtfsPartitionOfAVhdxIsReadBackByNtfscatAndHivexget() throws Exception {
		waitForHandlers();
		Path tree = temp.resolve("tree");
		Path software = Files.createDirectories(tree.resolve("Windows/System32/config")).resolve("SOFTWARE");
		EmptyHive.create(software, EmptyHive.DEFAULT_ROOT_NAME);
		try (Hive hive = Hive.openForWrite(software, false)) {
			hive.createKey(KEY);
			hive.setValue(KEY, RegValue.string("ProductName", "Disk Edition"));
			hive.commit();
		}
		Files.writeString(tree.resolve("Windows/win.ini"), "; for 16-bit app support\r\n");
		Path wim = temp.resolve("install.wim");
		Tools.ok("wimlib-imagex", "capture", tree.toString(), wim.toString(), "Disk Edition");
		Path disk = temp.resolve("disk.vhdx");
		Cli.Run created = Cli.run("vhd", "create", wim.toString(), disk.toString(), "--index", "1", "--size", "1",
				"--layout", "uefi");
		assertEquals(0, created.exit(), created.toString());

		Cli.Run set = Cli.run("reg", "set", disk + "::" + HIVE, KEY, "DevicePath", "--type", "expand_sz",
				"%SystemRoot%\\inf;C:\\Drivers");
		assertEquals(0, set.exit(), set.toString());
		assertTrue(set.out().contains("read back"), set.out());

		Tools.ok("qemu-img", "check", disk.toString());
		Path hive = hiveAsTheRealToolsReadIt(disk, "after");
		assertEquals("%SystemRoot%\\inf;C:\\Drivers\n", Hivexsh.value(hive, KEY, "DevicePath"));
		assertEquals("Disk Edition\n", Hivexsh.value(hive, KEY, "ProductName"), "the other values are kept");

		// read through the disk, the path in another case, as Windows paths are
		Cli.Run get = Cli.run("reg", "get", disk + "::/3-windows/WINDOWS/system32/config/software", KEY, "DevicePath");
		assertEquals("%SystemRoot%\\inf;C:\\Drivers\n", get.out(), get.toString());
	}
}
