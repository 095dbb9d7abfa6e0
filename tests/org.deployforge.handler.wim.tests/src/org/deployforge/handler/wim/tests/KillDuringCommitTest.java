package org.deployforge.handler.wim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.Image;
import org.deployforge.core.OpenOptions;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.eclipse.core.runtime.IProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** A commit killed with SIGKILL in the middle of writing leaves the original WIM byte-identical. */
class KillDuringCommitTest {

	@TempDir
	Path temp;

	@Test
	void killingTheProcessMidWriteLeavesTheOriginalByteIdentical() throws Exception {
		Path wim = Fixtures.copy("wim/MultiImage.wim", temp);
		String before = Wimlib.sha256(wim);
		Path payload = temp.resolve("payload.bin");
		byte[] random = new byte[96 << 20];
		new Random(7).nextBytes(random);
		Files.write(payload, random);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("--enable-native-access=ALL-UNNAMED");
		command.add("-cp");
		command.add(classPath());
		command.add(CommitChild.class.getName());
		command.add(wim.toString());
		command.add(payload.toString());
		Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
		boolean writing = false;
		List<String> output = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				output.add(line);
				if (line.equals("WRITING")) {
					writing = true;
					child.destroyForcibly(); // SIGKILL mid-write
					break;
				}
			}
		}
		assertTrue(child.waitFor(60, TimeUnit.SECONDS));
		assertTrue(writing, "the child reached the write: " + output);
		assertEquals(before, Wimlib.sha256(wim), "the original is byte-identical");
		assertEquals(0, Tools.run("wimlib-imagex", "verify", wim.toString()).exitCode());
		// the killed commit's work file is recognisable and removable
		int stale = AtomicReplace.cleanStale(wim);
		assertTrue(stale <= 1, "stale work files: " + stale);
		try (Stream<Path> left = Files.list(temp)) {
			assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(AtomicReplace.TEMP_SUFFIX)));
		}
		try (Image image = Wimlib.open(wim, OpenOptions.READ_ONLY)) {
			assertEquals(3, image.info().imageCount());
		}
	}

	/** The class path of the bundles the child needs: core, wimlib, handler, JNA, equinox.common, these tests. */
	private static String classPath() throws Exception {
		List<String> entries = new ArrayList<>();
		for (Class<?> type : List.of(Image.class, org.deployforge.wimlib.internal.WimLib.class,
				org.deployforge.handler.wim.internal.WimHandler.class, com.sun.jna.Native.class,
				IProgressMonitor.class, KillDuringCommitTest.class)) {
			Bundle bundle = FrameworkUtil.getBundle(type);
			File file = org.eclipse.core.runtime.FileLocator.getBundleFileLocation(bundle).orElseThrow();
			entries.add(file.getAbsolutePath());
			if (file.isDirectory() && new File(file, "bin").isDirectory()) {
				entries.add(new File(file, "bin").getAbsolutePath());
			}
			if (file.isDirectory() && new File(file, "target/classes").isDirectory()) {
				entries.add(new File(file, "target/classes").getAbsolutePath());
			}
		}
		return String.join(File.pathSeparator, entries);
	}
}
