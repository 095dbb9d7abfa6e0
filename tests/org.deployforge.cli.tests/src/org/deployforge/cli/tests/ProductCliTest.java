package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The materialized product's {@code deployforge} launcher as a separate process: exit codes through the real
 * launcher, and what happens to an image when the process dies in the middle of a commit (SIGKILL) or is asked to stop
 * (SIGTERM, what Ctrl-C's SIGINT does too).
 */
class ProductCliTest {

	/** Incompressible data in the image the commit rewrites (hundreds of MB, so the write takes a while). */
	private static final long IMAGE_BYTES = 320L << 20;
	/** Incompressible data the commit adds. */
	private static final long ADDED_BYTES = 192L << 20;

	@TempDir
	Path temp;

	static Path launcher;

	@BeforeAll
	static void findProduct() throws Exception {
		Path root = Fixtures.repositoryRoot();
		launcher = root.resolve(
				"releng/org.deployforge.product/target/products/org.deployforge.product/linux/gtk/x86_64/deployforge/deployforge");
		Assumptions.assumeTrue(Files.isExecutable(launcher), () -> "skipped: the materialized product is not at "
				+ launcher + " (run the whole reactor: ./mvnw -B verify)");
		Wims.handler();
	}

	private ProcessBuilder deployforge(String... args) {
		List<String> command = new ArrayList<>();
		command.add(launcher.toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		return builder;
	}

	private record Finished(int exit, String out, String err) {
	}

	private Finished run(String... args) throws Exception {
		Process process = deployforge(args).redirectOutput(temp.resolve("out.txt").toFile())
				.redirectError(temp.resolve("err.txt").toFile()).start();
		assertTrue(process.waitFor(3, TimeUnit.MINUTES), "deployforge " + String.join(" ", args) + " finished");
		return new Finished(process.exitValue(), Files.readString(temp.resolve("out.txt")),
				Files.readString(temp.resolve("err.txt")));
	}

	@Test
	void launcherRunsCommandsWithTheDocumentedExitCodes() throws Exception {
		Path tree = Trees.tricky(temp.resolve("tree"));
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("small.wim"), "Small", "LZX");
		Finished info = run("info", wim.toString());
		assertEquals(0, info.exit(), info.err());
		assertEquals(Cli.run("info", wim.toString()).ok().out(), info.out(), "same output as in-process");
		assertTrue(!Files.exists(launcher.getParent().resolve("configuration-cli")),
				"the command line runs on the product's own configuration, the one plug-in installs change");
		Finished usage = run("ls");
		assertEquals(2, usage.exit(), usage.err());
		Finished missing = run("info", temp.resolve("missing.wim").toString());
		assertEquals(1, missing.exit());
		assertEquals("deployforge: " + temp.resolve("missing.wim") + ": no such file", missing.err().strip());
		Path cat = temp.resolve("cat.bin");
		Process process = deployforge("cat", wim.toString(), "/Windows/System32/notepad.exe")
				.redirectOutput(cat.toFile()).redirectError(temp.resolve("cat-err.txt").toFile()).start();
		assertTrue(process.waitFor(3, TimeUnit.MINUTES));
		assertEquals(0, process.exitValue(), Files.readString(temp.resolve("cat-err.txt")));
		Trees.assertSameBytes(tree.resolve("Windows/System32/notepad.exe"), cat);
		Path bad = Fixtures.folder().resolve("wim/VerifyFail.wim");
		if (Files.isRegularFile(bad)) {
			assertEquals(3, run("verify", bad.toString()).exit());
		}
	}

	/**
	 * Through the real launcher, run from the image's folder as a user does: relative names are read from the user's
	 * folder, and every error names the image as it was typed (an unsafe in-image name, a missing path, a damaged part
	 * of a split set), never as the absolute path the handler opened.
	 */
	@Test
	void launcherNamesTheImageAsTypedInTheUsersFolder() throws Exception {
		Path tree = Files.createDirectories(temp.resolve("tree"));
		Files.writeString(tree.resolve("b.txt"), "bee\n");
		Path folder = Files.createDirectories(temp.resolve("work"));
		Wims.captureWithWimlib(tree, folder.resolve("a.wim"), "A", "LZX");
		Finished unsafe = runIn(folder, "cat", "a.wim", "C:/x");
		assertEquals(1, unsafe.exit(), unsafe.err());
		assertEquals("deployforge: a.wim: unsafe name 'C:/x': it starts with a drive letter", unsafe.err().strip());
		Finished missing = runIn(folder, "cat", "a.wim", "/nope");
		assertEquals("deployforge: a.wim: no file or folder '/nope' in image 1", missing.err().strip());
		Finished ok = runIn(folder, "cat", "a.wim", "/b.txt");
		assertEquals(0, ok.exit(), ok.err());
		assertEquals("bee\n", ok.out());
	}

	private Finished runIn(Path folder, String... args) throws Exception {
		Process process = deployforge(args).directory(folder.toFile()).redirectOutput(temp.resolve("out.txt").toFile())
				.redirectError(temp.resolve("err.txt").toFile()).start();
		assertTrue(process.waitFor(3, TimeUnit.MINUTES), "deployforge " + String.join(" ", args) + " finished");
		return new Finished(process.exitValue(), Files.readString(temp.resolve("out.txt")),
				Files.readString(temp.resolve("err.txt")));
	}

	/**
	 * A command starts the framework without errors and without the workbench: the product's configuration area
	 * gains no error log (Equinox writes {@code configuration/<time>.log} when a bundle or component fails at start)
	 * and no class of the workbench (e4, EMF, SWT, the workbench UI, SPI Fly's
	 * weaving) is loaded. The workbench's bundles sit at start level 5 in the .product file and the launcher runs the
	 * framework at level 4.
	 */
	@Test
	void commandStartsWithoutErrorsAndWithoutTheWorkbench() throws Exception {
		Path configuration = launcher.getParent().resolve("configuration");
		List<Path> logsBefore = logs(configuration);
		Path classes = temp.resolve("classes.txt");
		Path tree = Trees.tricky(temp.resolve("tree"));
		Path wim = Wims.captureWithWimlib(tree, temp.resolve("small.wim"), "Small", "LZX");
		ProcessBuilder builder = deployforge("info", wim.toString());
		builder.environment().put("DEPLOYFORGE_VM_ARGS", "-XX:TieredStopAtLevel=1 -Xlog:class+load:file=" + classes);
		Process process = builder.redirectOutput(temp.resolve("out.txt").toFile())
				.redirectError(temp.resolve("err.txt").toFile()).start();
		assertTrue(process.waitFor(3, TimeUnit.MINUTES), "deployforge info finished");
		assertEquals(0, process.exitValue(), Files.readString(temp.resolve("err.txt")));
		assertEquals("", Files.readString(temp.resolve("err.txt")), "nothing on standard error");
		List<Path> newLogs = new ArrayList<>(logs(configuration));
		newLogs.removeAll(logsBefore);
		assertEquals(List.of(), newLogs, () -> "the start wrote an error log: "
				+ newLogs.stream().map(ProductCliTest::read).findFirst().orElse(""));
		List<String> workbenchClasses;
		try (Stream<String> lines = Files.lines(classes)) {
			workbenchClasses = lines.filter(line -> line.contains(" org.eclipse.e4.ui.")
					|| line.contains(" org.eclipse.swt.") || line.contains(" org.eclipse.ui.")
					|| line.contains(" org.eclipse.emf.") || line.contains(" org.apache.aries.spifly."))
					.limit(5).toList();
		}
		assertEquals(List.of(), workbenchClasses, "the command line loads no workbench class");
	}

	private static List<Path> logs(Path configuration) throws IOException {
		try (Stream<Path> files = Files.list(configuration)) {
			return files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList();
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			return file + ": " + e.getMessage();
		}
	}

	/**
	 * A product installed by another user (its folder not writable): the launcher runs on a per-user configuration
	 * area cascaded on the installation's, and says in one line when even that cannot be written. Run as root (as in
	 * CI containers), the command runs as the unprivileged user 65534 through setpriv, since root may write anywhere.
	 */
	@Test
	void readOnlyInstallationRunsOnAPerUserConfiguration() throws Exception {
		Path shared = Files.createTempDirectory(Path.of("/tmp"), "deployforge-ro-");
		try {
			Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
			Path product = shared.resolve("product");
			Tools.ok("cp", "-a", launcher.getParent().toString(), product.toString());
			Tools.ok("chmod", "-R", "a-w", product.toString());
			Path home = Files.createDirectories(shared.resolve("home"));
			boolean root = Tools.ok("id", "-u").stdout().strip().equals("0");
			if (root) {
				Tools.ok("chown", "65534:65534", home.toString());
			}
			Tools.Result formats = asUser(root, product, home.toString(), "formats");
			assertEquals(0, formats.exitCode(), formats.stderr());
			assertTrue(formats.stdout().contains("WIM, ESD, SWM, PPKG"), formats.stdout());
			assertTrue(Files.isDirectory(home.resolve(".deployforge/configuration")), "the per-user area was used");
			if (root) {
				// a folder the user may not write: the error says why, not only where
				Path wim = Wims.captureWithWimlib(Trees.tricky(shared.resolve("tree")), shared.resolve("small.wim"),
						"Small", "LZX");
				Path locked = Files.createDirectories(shared.resolve("locked"));
				Tools.Result extract = asUser(root, product, home.toString(), "extract", wim.toString(), "/",
						"--dest", locked.resolve("out").toString());
				assertEquals(1, extract.exitCode(), extract.stdout() + extract.stderr());
				assertTrue(extract.stderr().contains(locked.resolve("out") + ": permission denied"), extract.stderr());
				Tools.ok("chown", "65534:65534", wim.toString()); // the user's own image, in a folder it may not write
				Tools.Result setInfo = asUser(root, product, home.toString(), "set-info", wim.toString(), "--index", "1",
						"--name", "X");
				assertEquals(1, setInfo.exitCode(), setInfo.stdout() + setInfo.stderr());
				assertTrue(setInfo.stderr().contains("cannot create a work file in " + shared + ": permission denied"),
						setInfo.stderr());
			}
			Tools.Result nowhere = asUser(root, product, "/nonexistent", "formats");
			assertEquals(1, nowhere.exitCode(), nowhere.stdout() + nowhere.stderr());
			assertEquals("deployforge: cannot start: " + product.resolve("configuration") + " is not writable (installed"
					+ " by another user?) and neither is /nonexistent/.deployforge/configuration; set HOME or"
					+ " DEPLOYFORGE_USER_CONFIGURATION to a writable folder", nowhere.stderr().strip());
		} finally {
			Tools.run("chmod", "-R", "u+w", shared.toString());
			Tools.run("rm", "-rf", shared.toString());
		}
	}

	private static Tools.Result asUser(boolean root, Path product, String home, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("env", "HOME=" + home, "JAVA_HOME=" + System.getProperty(
				"java.home")));
		if (root) {
			command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
		}
		command.add(product.resolve("deployforge").toString());
		command.addAll(List.of(args));
		return Tools.run(command.toArray(String[]::new));
	}

	/** A 320 MiB image and 192 MiB more to add: the commit rewrites about half a gigabyte beside the original. */
	private Path bigImage() throws Exception {
		Path data = Trees.incompressible(temp.resolve("data"), IMAGE_BYTES, 1);
		Path wim = Wims.captureWithWimlib(data, Files.createDirectories(temp.resolve("big")).resolve("big.wim"), "Big",
				"XPRESS");
		Trees.incompressible(temp.resolve("extra"), ADDED_BYTES, 2);
		return wim;
	}

	/** Starts {@code deployforge add big.wim extra /extra} and waits until its new file beside the image grows. */
	private Process startCommit(Path wim) throws Exception {
		Process process = deployforge("add", wim.toString(), temp.resolve("extra").toString(), "/extra")
				.redirectOutput(temp.resolve("commit-out.txt").toFile())
				.redirectError(temp.resolve("commit-err.txt").toFile()).start();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (System.nanoTime() < deadline && process.isAlive()) {
			long written = others(wim).stream().mapToLong(ProductCliTest::size).sum();
			if (written > 16L << 20) {
				return process;
			}
			Thread.sleep(5);
		}
		process.destroyForcibly();
		throw new AssertionError("the commit never wrote 16 MiB beside " + wim + "; it "
				+ (process.isAlive() ? "hung" : "ended with " + process.exitValue()) + ": "
				+ Files.readString(temp.resolve("commit-err.txt")));
	}

	private static List<Path> others(Path wim) throws IOException {
		try (Stream<Path> files = Files.list(wim.getParent())) {
			return files.filter(path -> !path.equals(wim)).toList();
		}
	}

	private static long size(Path path) {
		try {
			return Files.size(path);
		} catch (IOException gone) {
			return 0;
		}
	}

	@Test
	void sigkillDuringACommitLeavesTheOriginalByteIdentical() throws Exception {
		Path wim = bigImage();
		String before = Trees.sha256(wim);
		Process process = startCommit(wim);
		process.destroyForcibly();
		assertTrue(process.waitFor(1, TimeUnit.MINUTES));
		assertEquals(137, process.exitValue(), "killed by SIGKILL");
		assertEquals(before, Trees.sha256(wim), "the original image is byte-identical");
		Wimlib.Info info = Wimlib.info(wim);
		assertEquals(1, info.imageCount());
		assertTrue(Cli.run("ls", wim.toString(), "-r", "--bare").ok().out().lines().noneMatch(p -> p.startsWith("/extra")));
		for (Path leftover : others(wim)) {
			String name = leftover.getFileName().toString();
			assertTrue(name.startsWith(".big.wim.") && name.endsWith(".deployforge-tmp"),
					"only a recognisable work file is left: " + leftover);
		}
	}

	@Test
	void sigtermDuringAnIsoBuildStopsGenisoimageAndRemovesThePartialIso() throws Exception {
		Path media = Files.createDirectories(temp.resolve("media"));
		Files.createDirectories(media.resolve("boot"));
		Files.write(media.resolve("boot/etfsboot.com"), new byte[4096]);
		Trees.incompressible(media.resolve("sources"), 512L << 20, 3);
		Path out = Files.createDirectories(temp.resolve("isos"));
		Path iso = out.resolve("big.iso");
		Process process = deployforge("iso", "build", media.toString(), iso.toString())
				.redirectOutput(temp.resolve("build-out.txt").toFile())
				.redirectError(temp.resolve("build-err.txt").toFile()).start();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (System.nanoTime() < deadline && process.isAlive()
				&& others(iso).stream().mapToLong(ProductCliTest::size).sum() < 16L << 20) {
			Thread.sleep(5);
		}
		assertTrue(process.isAlive(), "still building when the signal comes: "
				+ Files.readString(temp.resolve("build-err.txt")));
		process.destroy();
		assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the process ends after cancelling");
		String err = Files.readString(temp.resolve("build-err.txt"), StandardCharsets.UTF_8);
		assertEquals(143, process.exitValue(), "128 + SIGTERM (15): " + err);
		assertTrue(err.contains("interrupted: cancelling"), err);
		assertEquals(List.of(), others(iso), "the partial ISO was removed");
		assertFalse(Files.exists(iso));
		assertTrue(ProcessHandle.allProcesses().noneMatch(handle -> handle.info().commandLine().orElse("")
				.contains(out.toString())), "no genisoimage left writing into " + out);
	}

	@Test
	void sigtermDuringACommitCancelsCleanly() throws Exception {
		Path wim = bigImage();
		String before = Trees.sha256(wim);
		Process process = startCommit(wim);
		process.destroy();
		assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the process ends after cancelling");
		String err = Files.readString(temp.resolve("commit-err.txt"), StandardCharsets.UTF_8);
		assertEquals(143, process.exitValue(), "128 + SIGTERM (15), as docs/cli.md says: " + err);
		assertTrue(err.contains("interrupted: cancelling"), err);
		assertEquals(List.of(), others(wim), "the partial file was removed");
		assertEquals(before, Trees.sha256(wim), "the original image is byte-identical");
		assertEquals(1, Wimlib.info(wim).imageCount());
		Tools.ok("wimlib-imagex", "dir", wim.toString(), "1");
	}

}
