package org.deployforge.handler.iso.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.ImageService;
import org.deployforge.tests.common.Tools;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Shared helpers: the image service, a Windows-like media folder made with real tools, 7zz/xorriso read-backs. */
final class IsoTesting {

	private IsoTesting() {
	}

	static ImageService service() throws InterruptedException {
		ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(
				FrameworkUtil.getBundle(IsoTesting.class).getBundleContext(), ImageService.class, null);
		tracker.open();
		ImageService service = tracker.waitForService(20_000);
		assertNotNull(service, "the ImageService component is published by Declarative Services");
		long deadline = System.currentTimeMillis() + 10_000;
		while (service.handler("iso").isEmpty() && System.currentTimeMillis() < deadline) {
			Thread.sleep(20);
		}
		assertNotNull(service.handler("iso").orElse(null), "the ISO handler is registered");
		return service;
	}

	/** The output of an in-process command line. */
	record Run(int exit, String out, String err) {
	}

	static Run cli(String... args) throws Exception {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = DeployForgeCli.execute(service(), new PrintWriter(out), new PrintWriter(err), args);
		return new Run(exit, out.toString(), err.toString());
	}

	/**
	 * A folder laid out like Windows media: a fake 4 KiB {@code boot/etfsboot.com}, a FAT image made by mkfs.vfat and
	 * mcopy as {@code efi/microsoft/boot/efisys.bin}, {@code sources/install.wim} captured by wimlib-imagex from a
	 * folder of {@code payloadBytes} random bytes, a {@code setup.exe} stand-in and a README.
	 */
	static Path windowsTree(Path parent, long payloadBytes) throws IOException, InterruptedException {
		Path tree = Files.createDirectories(parent.resolve("media"));
		Path boot = Files.createDirectories(tree.resolve("boot"));
		byte[] etfsboot = new byte[4096];
		new Random(42).nextBytes(etfsboot);
		Files.write(boot.resolve("etfsboot.com"), etfsboot);
		Path efiBoot = Files.createDirectories(tree.resolve("efi/microsoft/boot"));
		Path efisys = efiBoot.resolve("efisys.bin");
		Tools.ok("mkfs.vfat", "-C", "-n", "EFISECTORS", efisys.toString(), "1440");
		Path bootx64 = parent.resolve("BOOTX64.EFI");
		Files.writeString(bootx64, "not really an EFI application\n");
		Tools.ok("mmd", "-i", efisys.toString(), "::/EFI", "::/EFI/BOOT");
		Tools.ok("mcopy", "-i", efisys.toString(), bootx64.toString(), "::/EFI/BOOT/BOOTX64.EFI");
		Path capture = Files.createDirectories(parent.resolve("capture/Windows/System32"));
		Files.writeString(capture.resolve("notepad.exe"), "MZ fake notepad\n");
		byte[] payload = new byte[(int) payloadBytes];
		new Random(7).nextBytes(payload);
		Files.write(capture.resolve("payload.bin"), payload);
		Path sources = Files.createDirectories(tree.resolve("sources"));
		Tools.ok("wimlib-imagex", "capture", parent.resolve("capture").toString(),
				sources.resolve("install.wim").toString(), "Windows 11 Pro", "--compress=none");
		Files.writeString(tree.resolve("setup.exe"), "MZ fake setup\n");
		Files.writeString(tree.resolve("README.TXT"), "Windows-like test media\n");
		return tree;
	}

	/** @return every file below {@code folder} as relative path -> size */
	static TreeMap<String, Long> files(Path folder) throws IOException {
		TreeMap<String, Long> files = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(folder)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				files.put(folder.relativize(file).toString().replace('\\', '/'), Files.size(file));
			}
		}
		return files;
	}

	/** @return what {@code 7zz l -slt -tTYPE} lists: path -> size (files only) */
	static TreeMap<String, Long> sevenZipFiles(Path iso, String type) throws IOException, InterruptedException {
		String listing = Tools.ok("7zz", "l", "-slt", "-t" + type, iso.toString()).stdout();
		TreeMap<String, Long> files = new TreeMap<>();
		String path = null;
		boolean folder = false;
		boolean entries = false;
		for (String line : listing.split("\n", -1)) {
			if (line.equals("----------")) {
				entries = true;
				continue;
			}
			if (!entries) {
				continue;
			}
			if (line.startsWith("Path = ")) {
				path = line.substring(7);
			} else if (line.startsWith("Folder = ")) {
				folder = line.endsWith("+");
			} else if (line.startsWith("Size = ") && path != null && !folder) {
				files.put(path, Long.parseLong(line.substring(7).strip()));
			}
		}
		return files;
	}

	/** @return xorriso's "Volume id" of an ISO */
	static String xorrisoVolumeId(Path iso) throws IOException, InterruptedException {
		Tools.Result result = Tools.ok("xorriso", "-indev", iso.toString(), "-pvd_info");
		for (String line : (result.stdout() + result.stderr()).split("\n")) {
			if (line.startsWith("Volume Id    :") || line.startsWith("Volume id    :")) {
				return line.substring(line.indexOf(':') + 1).trim().replace("'", "");
			}
		}
		return "";
	}

	/** @return the bytes 7zz gives for one path ({@code 7zz e -so}) */
	static byte[] sevenZipBytes(Path iso, String type, String path) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("7zz", "e", "-so", "-spd", "-t" + type, iso.toString(), path)
				.redirectError(ProcessBuilder.Redirect.DISCARD).start();
		byte[] data = process.getInputStream().readAllBytes();
		process.waitFor();
		return data;
	}

	static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}
}
