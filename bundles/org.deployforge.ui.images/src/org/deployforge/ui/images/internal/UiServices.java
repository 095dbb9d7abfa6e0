package org.deployforge.ui.images.internal;

import org.deployforge.workspace.ImageSessions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** Looks up the DS services the 3.x parts (wizards, editors, navigator content: created by the registry) use. */
final class UiServices {

	private UiServices() {
	}

	static ImageSessions sessions() {
		BundleContext context = FrameworkUtil.getBundle(UiServices.class).getBundleContext();
		ServiceReference<ImageSessions> reference = context.getServiceReference(ImageSessions.class);
		ImageSessions sessions = reference == null ? null : context.getService(reference);
		if (sessions == null) {
			throw new IllegalStateException("the DeployForge image sessions service is not running");
		}
		return sessions;
	}
}
