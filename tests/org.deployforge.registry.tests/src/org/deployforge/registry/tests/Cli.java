package org.deployforge.registry.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.deployforge.cli.DeployForgeCli;
import org.deployforge.core.ImageService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Runs {@code deployforge …} in-process against the live ImageService, as the launcher does. */
final class Cli {

	/** What a command line printed and returned. */
	record Run(int exit, String out, String err) {
		@Override
		public String toString() {
			return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
		}
	}

	private Cli() {
	}

	static ImageService service() throws InterruptedException {
		BundleContext context = FrameworkUtil.getBundle(Cli.class).getBundleContext();
		ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(context, ImageService.class, null);
		tracker.open();
		ImageService service = tracker.waitForService(20_000);
		assertNotNull(service, "the ImageService component is published by Declarative Services");
		return service;
	}

	static Run run(String... args) throws InterruptedException {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = DeployForgeCli.execute(service(), new PrintWriter(out), new PrintWriter(err), args);
		return new Run(exit, out.toString(), err.toString());
	}
}
