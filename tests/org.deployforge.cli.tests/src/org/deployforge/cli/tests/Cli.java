package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.ImageService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs {@code deployforge} in-process through {@link DeployForgeCli#execute} with byte streams, as a process would. */
final class Cli {

	static final ObjectMapper JSON = new ObjectMapper();

	/** The outcome of one command line. */
	record Run(String[] args, int exit, byte[] stdout, String err) {

		String out() {
			return new String(stdout, Charset.defaultCharset());
		}

		/** @return this run, after failing the test unless it exited with {@code expected} */
		Run expect(int expected) {
			assertEquals(expected, exit, () -> "deployforge " + String.join(" ", args) + " exited " + exit + "\nstdout:\n"
					+ out() + "\nstderr:\n" + err);
			return this;
		}

		Run ok() {
			return expect(DeployForgeCli.OK);
		}

		JsonNode json() throws Exception {
			return JSON.readTree(stdout);
		}
	}

	private static ImageService service;

	private Cli() {
	}

	static synchronized ImageService service() throws InterruptedException {
		if (service == null) {
			BundleContext context = FrameworkUtil.getBundle(Cli.class).getBundleContext();
			ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(context, ImageService.class, null);
			tracker.open();
			service = tracker.waitForService(20_000);
			assertNotNull(service, "the ImageService component is published by Declarative Services");
		}
		return service;
	}

	/** Waits until a handler with that id is registered (DS activates handler bundles asynchronously). */
	static void awaitHandler(String id) throws InterruptedException {
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (service().handler(id).isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertNotNull(service().handler(id).orElse(null), "handler '" + id + "' is registered");
	}

	static Run run(String... args) throws Exception {
		return runWithInput("", args);
	}

	static Run runWithInput(String stdin, String... args) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = DeployForgeCli.execute(service(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				out, err, args);
		return new Run(args, exit, out.toByteArray(), err.toString(Charset.defaultCharset()));
	}
}
