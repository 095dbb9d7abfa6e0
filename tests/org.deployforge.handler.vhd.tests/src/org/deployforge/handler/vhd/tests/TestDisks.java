package org.deployforge.handler.vhd.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.deployforge.core.ImageService;
import org.deployforge.tests.common.Tools;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds small test disks with the real tools: a source tree captured into a WIM with wimlib-imagex, NTFS partitions
 * made by mkntfs and filled by {@code wimlib-imagex apply}, a FAT32 EFI partition by mkfs.vfat, partition tables by
 * sgdisk (GPT) and sfdisk (MBR), and VHD/VHDX containers by {@code qemu-img convert}.
 */
final class TestDisks {

	static final long MIB = 1024 * 1024;
	/** GPT test disk: 64 MiB, partition 1 EFI System FAT32 sectors 2048-71679, partition 2 Windows NTFS to the end. */
	static final long GPT_SIZE = 64 * MIB;
	static final long ESP_FIRST = 2048;
	static final long ESP_LAST = 71679;
	/** MBR test disk: 32 MiB, one active NTFS partition from sector 2048. */
	static final long MBR_SIZE = 32 * MIB;

	final Path folder;
	final Path tree;
	final Path wim;
	final Path gptRaw;
	final Path mbrRaw;

	TestDisks(Path folder) throws Exception {
		this.folder = folder;
		tree = folder.resolve("tree");
		makeTree(tree);
		wim = folder.resolve("tree.wim");
		Tools.ok("wimlib-imagex", "capture", tree.toString(), wim.toString(), "Test tree");
		gptRaw = folder.resolve("gpt.raw");
		makeGpt(gptRaw);
		mbrRaw = folder.resolve("mbr.raw");
		makeMbr(mbrRaw);
	}

	static void makeTree(Path tree) throws IOException {
		Files.createDirectories(tree.resolve("Windows/System32/config"));
		Files.createDirectories(tree.resolve("Program Files/Tool"));
		Files.createDirectories(tree.resolve("Users/Default"));
		Files.writeString(tree.resolve("Windows/win.ini"), "; for 16-bit app support\r\n[fonts]\r\n");
		Files.writeString(tree.resolve("Program Files/Tool/readme with spaces.txt"), "hello from the tool\n");
		byte[] random = new byte[300_000];
		new Random(42).nextBytes(random);
		Files.write(tree.resolve("Windows/System32/config/SYSTEM"), random);
		Files.writeString(tree.resolve("Users/Default/NTUSER.DAT"), "not really a hive");
		Files.writeString(tree.resolve("bootmgr"), "x".repeat(5000));
	}

	private void makeGpt(Path raw) throws Exception {
		sparse(raw, GPT_SIZE);
		Tools.ok("sgdisk", "-o", "-n", "1:" + ESP_FIRST + ":" + ESP_LAST, "-t", "1:EF00", "-c", "1:EFI", "-n", "2:0:0",
				"-t", "2:0700", "-c", "2:Windows", raw.toString());
		long[] second = gptRange(raw, 2);
		Path esp = folder.resolve("esp.part");
		sparse(esp, (ESP_LAST - ESP_FIRST + 1) * 512);
		Tools.ok("mkfs.vfat", "-F", "32", "-s", "1", "-S", "512", "-n", "ESP", esp.toString());
		Path loader = folder.resolve("bootx64.efi");
		Files.writeString(loader, "MZ not really a boot loader\n");
		Tools.ok("mmd", "-i", esp.toString(), "::/EFI", "::/EFI/Boot");
		Tools.ok("mcopy", "-i", esp.toString(), loader.toString(), "::/EFI/Boot/bootx64.efi");
		Path ntfs = folder.resolve("gpt-ntfs.part");
		sparse(ntfs, (second[1] - second[0] + 1) * 512);
		Tools.ok("mkntfs", "-Q", "-F", "-q", "-L", "System", "-p", Long.toString(second[0]), "-H", "255", "-S", "63",
				ntfs.toString());
		Tools.ok("wimlib-imagex", "apply", wim.toString(), "1", ntfs.toString());
		splice(esp, raw, ESP_FIRST);
		splice(ntfs, raw, second[0]);
	}

	private void makeMbr(Path raw) throws Exception {
		sparse(raw, MBR_SIZE);
		Tools.Result result = Tools.run(folder, List.of("sh", "-c", "printf 'label: dos\\nstart=2048, type=7, bootable\\n'"
				+ " | sfdisk --quiet " + raw));
		result.assertOk();
		Path ntfs = folder.resolve("mbr-ntfs.part");
		sparse(ntfs, MBR_SIZE - 2048 * 512);
		Tools.ok("mkntfs", "-Q", "-F", "-q", "-L", "Data", "-p", "2048", "-H", "255", "-S", "63", ntfs.toString());
		Tools.ok("wimlib-imagex", "apply", wim.toString(), "1", ntfs.toString());
		splice(ntfs, raw, 2048);
	}

	/** @return first and last sector of a GPT partition, as {@code sgdisk -i} says */
	static long[] gptRange(Path raw, int number) throws Exception {
		String info = Tools.ok("sgdisk", "-i", Integer.toString(number), raw.toString()).stdout();
		long first = -1;
		long last = -1;
		for (String line : info.split("\n")) {
			if (line.startsWith("First sector:")) {
				first = Long.parseLong(line.split("\\s+")[2]);
			} else if (line.startsWith("Last sector:")) {
				last = Long.parseLong(line.split("\\s+")[2]);
			}
		}
		return new long[] { first, last };
	}

	static void sparse(Path file, long size) throws IOException {
		try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.WRITE)) {
			channel.truncate(size);
			channel.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
			channel.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
		}
	}

	static void splice(Path part, Path raw, long sector) throws Exception {
		Tools.ok("dd", "if=" + part, "of=" + raw, "bs=512", "seek=" + sector, "conv=notrunc,sparse", "status=none");
	}

	/** Cuts {@code length} bytes at {@code offset} out of a raw file into a new file. */
	static Path cut(Path raw, long offset, long length, Path out) throws Exception {
		Tools.ok("dd", "if=" + raw, "of=" + out, "bs=512", "skip=" + offset / 512, "count=" + length / 512,
				"status=none");
		return out;
	}

	/** {@code qemu-img convert} a raw disk into a VHD or VHDX. */
	Path container(String name, String format, String subformat, boolean forceSize, Path raw) throws Exception {
		Path out = folder.resolve(name);
		List<String> command = new ArrayList<>(List.of("qemu-img", "convert", "-f", "raw", "-O", format, "-o",
				"subformat=" + subformat + (forceSize ? ",force_size=on" : "")));
		command.add(raw.toString());
		command.add(out.toString());
		Tools.run(null, command).assertOk();
		return out;
	}

	/** @return {@code qemu-img info --output=json} of a disk read with the given qemu driver */
	static JsonNode qemuInfo(Path disk, String driver) throws Exception {
		String json = Tools.ok("qemu-img", "info", "--output=json", "-f", driver, disk.toString()).stdout();
		return new ObjectMapper().readTree(json);
	}

	/** @return a raw copy of the virtual disk made by qemu-img */
	static Path qemuRaw(Path disk, String driver, Path out) throws Exception {
		Tools.ok("qemu-img", "convert", "-f", driver, "-O", "raw", disk.toString(), out.toString());
		return out;
	}

	static String sha256(InputStream in) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		byte[] buffer = new byte[1 << 20];
		for (int n; (n = in.read(buffer)) > 0;) {
			digest.update(buffer, 0, n);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	static String sha256(Path file) throws Exception {
		try (InputStream in = Files.newInputStream(file)) {
			return sha256(in);
		}
	}

	/** @return every path below {@code root} as {@code /a/b}, folders included */
	static TreeSet<String> hostTree(Path root) throws IOException {
		TreeSet<String> paths = new TreeSet<>();
		try (Stream<Path> walk = Files.walk(root)) {
			walk.filter(p -> !p.equals(root)).forEach(p -> paths.add("/" + root.relativize(p).toString()));
		}
		return paths;
	}

	/** @return every path {@code mdir -/ -b} (mtools) lists in a FAT partition file, as {@code /a/b} */
	static TreeSet<String> mdirTree(Path partition) throws Exception {
		TreeSet<String> paths = new TreeSet<>();
		for (String line : Tools.ok("mdir", "-/", "-b", "-i", partition.toString(), "::/").stdout().split("\n")) {
			if (line.startsWith("::/")) {
				String path = line.substring(2);
				paths.add(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
			}
		}
		return paths;
	}

	/** @return every path {@code ntfsls -R} lists in an NTFS partition file, as {@code /a/b} */
	static TreeSet<String> ntfslsTree(Path partition) throws Exception {
		String listing = Tools.ok("ntfsls", "-R", "-p", "/", partition.toString()).stdout();
		TreeSet<String> paths = new TreeSet<>();
		String folder = "/";
		for (String line : listing.split("\n")) {
			if (line.isEmpty()) {
				continue;
			}
			if (line.endsWith(":") && line.startsWith("/")) {
				folder = line.substring(0, line.length() - 1);
				continue;
			}
			if (line.equals(".") || line.equals("..")) {
				continue;
			}
			paths.add(folder.equals("/") ? "/" + line : folder + "/" + line);
		}
		return paths;
	}

	static ImageService imageService() throws InterruptedException {
		var context = FrameworkUtil.getBundle(TestDisks.class).getBundleContext();
		ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(context, ImageService.class, null);
		tracker.open();
		ImageService service = tracker.waitForService(20_000);
		assertEquals(true, service != null, "ImageService is published");
		return service;
	}

	static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}
}
