package org.deployforge.plugins.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Installs the optional CAB feature from the update site the build made into a copy of the materialized product while
 * that product runs ({@code deployforge shell --porcelain}, one JVM for every command), uses it, and removes it, with no
 * restart in between. A tampered copy of the update site and unsigned content without {@code --allow-unsigned} are
 * refused and leave the installation as it was. A second process of the same installation installing and removing
 * the feature is followed by the running one within seconds (the configuration watcher).
 */
class RunningProductInstallTest {

	private static final String FEATURE = "org.deployforge.handler.cab.feature";
	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path temp;

	/** The output of one command run by the shell. */
	private record Result(int exit, String out, String err) {

		JsonNode json() throws IOException {
			return JSON.readTree(out);
		}
	}

	/** A running {@code deployforge shell --porcelain}. */
	private static final class Shell implements AutoCloseable {
		private final Process process;
		private final PrintWriter in;
		private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
		private final StringBuffer err = new StringBuffer();
		private final List<String> transcript = new ArrayList<>();

		Shell(Path product) throws IOException {
			ProcessBuilder builder = new ProcessBuilder(product.resolve("deployforge").toString(), "shell", "--porcelain");
			builder.environment().put("DEPLOYFORGE_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
			builder.directory(product.toFile());
			process = builder.start();
			in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
			pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), out::add);
			pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
					line -> err.append(line).append('\n'));
		}

		private static void pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
			Thread thread = new Thread(() -> {
				try {
					for (String line; (line = reader.readLine()) != null;) {
						sink.accept(line);
					}
				} catch (IOException e) {
					// the process ended
				}
			}, "deployforge shell output");
			thread.setDaemon(true);
			thread.start();
		}

		Result run(String... words) throws Exception {
			StringBuilder line = new StringBuilder();
			for (String word : words) {
				line.append('\'').append(word.replace("'", "'\\''")).append("' ");
			}
			int errStart = err.length();
			in.println(line);
			StringBuilder text = new StringBuilder();
			while (true) {
				String next = out.poll(90, TimeUnit.SECONDS);
				if (next == null) {
					throw new AssertionError("no answer to '" + String.join(" ", words) + "' in 90 s; alive="
							+ process.isAlive() + "\nstderr:\n" + err);
				}
				if (next.startsWith("%%exit ")) {
					Thread.sleep(100); // let the error pump catch up with what was flushed before the marker
					Result result = new Result(Integer.parseInt(next.substring(7).trim()), text.toString(),
							err.substring(errStart));
					transcript.add("> " + String.join(" ", words) + "\n" + result.out() + result.err() + "(exit "
							+ result.exit() + ")");
					return result;
				}
				text.append(next).append('\n');
			}
		}

		String transcript() {
			return String.join("\n", transcript);
		}

		@Override
		public void close() throws InterruptedException {
			in.println("exit");
			in.close();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	private static boolean hasHandler(JsonNode formats, String id) {
		for (JsonNode handler : formats.get("handlers")) {
			if (handler.get("id").asText().equals(id)) {
				return true;
			}
		}
		return false;
	}

	private static boolean lists(JsonNode plugins, String feature) {
		for (JsonNode node : plugins.get("installed")) {
			if (node.get("id").asText().equals(feature)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> cabJars(Path product) throws IOException {
		try (Stream<Path> files = Files.list(product.resolve("plugins"))) {
			return files.map(path -> path.getFileName().toString())
					.filter(name -> name.startsWith("org.deployforge.handler.cab")).sorted().toList();
		}
	}

	/** Asks {@code formats} until the CAB handler is present (or absent), for up to 15 s. */
	private static boolean eventually(Shell shell, boolean present) throws Exception {
		long deadline = System.nanoTime() + 15_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (hasHandler(shell.run("formats", "--json").json(), "cab") == present) {
				return true;
			}
			Thread.sleep(500);
		}
		return false;
	}

	@Test
	void installUseAndUninstallWhileRunningAndRefuseTamperedContent() throws Exception {
		Path root = Fixtures.repositoryRoot();
		Path built = root.resolve(
				"releng/org.deployforge.product/target/products/org.deployforge.product/linux/gtk/x86_64/deployforge");
		Path site = root.resolve("releng/org.deployforge.product/target/repository");
		Assumptions.assumeTrue(Files.isExecutable(built.resolve("deployforge")) && Files.isDirectory(site),
				() -> "skipped: the materialized product and update site are built by releng/ before the tests (run the"
						+ " whole reactor): " + built);
		Path simple = Fixtures.require("cab/simple.cab");
		Path mixed = Fixtures.require("cab/mixed.cab");

		Path product = temp.resolve("deployforge");
		Tools.ok("cp", "-a", built.toString(), product.toString());
		Path bundlesInfo = product.resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info");
		byte[] bundlesBefore = Files.readAllBytes(bundlesInfo);
		List<String> jarsBefore = cabJars(product);
		assertEquals(List.of(), jarsBefore, "the CAB handler is not part of the product");

		// a copy of the update site with one byte of the handler jar changed
		Path tampered = temp.resolve("tampered-site");
		Tools.ok("cp", "-a", site.toString(), tampered.toString());
		Path jar;
		try (Stream<Path> files = Files.list(tampered.resolve("plugins"))) {
			jar = files.filter(path -> path.getFileName().toString().startsWith("org.deployforge.handler.cab_"))
					.findFirst().orElseThrow();
		}
		byte[] bytes = Files.readAllBytes(jar);
		bytes[bytes.length / 2] ^= 0x01;
		Files.write(jar, bytes);

		try (Shell shell = new Shell(product)) {
			try {
				boolean hasInfo = shell.run("--help").out().contains(" info ");
				assertFalse(hasHandler(shell.run("formats", "--json").json(), "cab"), "no CAB handler at first");
				Result detect = shell.run("detect", simple.toString());
				assertTrue(detect.out().contains("no handler installed"), detect.toString());

				Result refusedTampered = shell.run("plugins", "install", tampered.toString(), FEATURE, "--allow-unsigned");
				assertEquals(3, refusedTampered.exit(), refusedTampered.toString());
				assertTrue(refusedTampered.err().contains("SHA-256") && refusedTampered.err().contains("tampered")
						&& refusedTampered.err().contains(jar.getFileName().toString()), refusedTampered.err());
				Result refusedUnsigned = shell.run("plugins", "install", site.toString(), FEATURE);
				assertEquals(3, refusedUnsigned.exit(), refusedUnsigned.toString());
				assertTrue(refusedUnsigned.err().contains("unsigned") && refusedUnsigned.err().contains("--allow-unsigned"),
						refusedUnsigned.err());
				assertFalse(lists(shell.run("plugins", "list", "--json").json(), FEATURE), "nothing installed");
				assertFalse(hasHandler(shell.run("formats", "--json").json(), "cab"));
				assertArrayEquals(bundlesBefore, Files.readAllBytes(bundlesInfo), "bundles.info unchanged");
				assertEquals(jarsBefore, cabJars(product), "no handler jar copied into the installation");

				Result available = shell.run("plugins", "list", "--repository", site.toString(), "--json");
				assertTrue(available.json().get("available").toString().contains(FEATURE), available.toString());

				Result installed = shell.run("plugins", "install", site.toString(), FEATURE, "--allow-unsigned", "--json");
				assertEquals(0, installed.exit(), installed.toString());
				assertTrue(installed.json().get("applied").asBoolean(), installed.out());
				assertTrue(installed.json().get("bundles").toString().contains("org.deployforge.handler.cab "),
						installed.out());
				assertTrue(installed.json().get("warnings").toString().contains("unsigned"), installed.out());

				// the same running JVM: the handler is there at once
				JsonNode formats = shell.run("formats", "--json").json();
				assertTrue(hasHandler(formats, "cab"), formats.toString());
				assertFalse(formats.get("recognisedWithoutHandler").toString().contains("\"cab\""), formats.toString());
				detect = shell.run("detect", simple.toString());
				assertTrue(detect.out().contains("opened by handler 'cab'"), detect.toString());
				assertTrue(lists(shell.run("plugins", "list", "--json").json(), FEATURE));
				if (hasInfo) {
					for (Path cabinet : List.of(simple, mixed)) {
						Result info = shell.run("info", cabinet.toString());
						assertEquals(0, info.exit(), info.toString());
						Result ls = shell.run("ls", cabinet.toString());
						assertEquals(0, ls.exit(), ls.toString());
						for (String line : Tools.ok("cabextract", "-l", cabinet.toString()).stdout().split("\n")) {
							String[] columns = line.split(" \\| ");
							if (columns.length == 3 && columns[0].strip().matches("\\d+")) {
								assertTrue(ls.out().contains(columns[2].strip()), columns[2] + " in\n" + ls.out());
							}
						}
					}
				}

				Result uninstalled = shell.run("plugins", "uninstall", FEATURE);
				assertEquals(0, uninstalled.exit(), uninstalled.toString());
				assertTrue(uninstalled.out().contains("active now"), uninstalled.out());
				formats = shell.run("formats", "--json").json();
				assertFalse(hasHandler(formats, "cab"), formats.toString());
				assertTrue(formats.get("recognisedWithoutHandler").toString().contains("\"cab\""), formats.toString());
				detect = shell.run("detect", simple.toString());
				assertTrue(detect.out().contains("no handler installed"), detect.toString());
				if (hasInfo) {
					Result info = shell.run("info", simple.toString());
					assertEquals(1, info.exit(), info.toString());
					assertTrue(info.err().contains("no handler installed for CAB"), info.err());
				}
				assertFalse(lists(shell.run("plugins", "list", "--json").json(), FEATURE));

				// another process of the same installation installs and removes it: the running one follows
				Path launcher = product.resolve("deployforge");
				Tools.run(product, List.of(launcher.toString(), "plugins", "install", site.toString(), FEATURE,
						"--allow-unsigned")).assertOk();
				assertTrue(eventually(shell, true), "the running shell loads the plug-in another process installed");
				Tools.run(product, List.of(launcher.toString(), "plugins", "uninstall", FEATURE)).assertOk();
				assertTrue(eventually(shell, false), "the running shell drops the plug-in another process removed");
				System.out.println(shell.transcript());
			} catch (AssertionError | Exception e) {
				System.out.println(shell.transcript());
				throw e;
			}
		}
	}
}
