package org.deployforge.cli.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.deployforge.core.ImageHandler;

/** Waiting for the WIM handler (a DS component of org.deployforge.handler.wim) in the test runtime. */
final class Wims {

	private Wims() {
	}

	/** @return the handler that opens WIM files, once Declarative Services has registered it */
	static ImageHandler handler() throws Exception {
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (System.nanoTime() < deadline) {
			for (ImageHandler handler : Cli.service().handlers()) {
				if (handler.formats().stream().anyMatch(format -> format.id().equals("wim"))) {
					return handler;
				}
			}
			Thread.sleep(20);
		}
		assertTrue(false, "a handler for the wim format is registered (org.deployforge.handler.wim)");
		throw new IllegalStateException();
	}

	/** Captures a folder with the real wimlib-imagex (the reference the command line is compared with). */
	static Path captureWithWimlib(Path source, Path wim, String name, String compression) throws Exception {
		Wimlib.capture(source, wim, name, "--compress=" + compression);
		return wim;
	}
}
