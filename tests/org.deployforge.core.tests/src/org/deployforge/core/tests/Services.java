package org.deployforge.core.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.function.BooleanSupplier;

import org.deployforge.core.ImageService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Test access to OSGi services and conditions that become true asynchronously (DS binds on other threads). */
final class Services {

	private Services() {
	}

	static BundleContext context() {
		return FrameworkUtil.getBundle(Services.class).getBundleContext();
	}

	static ImageService imageService() throws InterruptedException {
		ServiceTracker<ImageService, ImageService> tracker = new ServiceTracker<>(context(), ImageService.class, null);
		tracker.open();
		ImageService service = tracker.waitForService(20_000);
		assertNotNull(service, "the ImageService component is published by Declarative Services");
		return service;
	}

	/** Waits up to 10 s for a condition. */
	static boolean eventually(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return true;
			}
			Thread.sleep(20);
		}
		return condition.getAsBoolean();
	}
}
