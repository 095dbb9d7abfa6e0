package org.deployforge.ui.images.internal;

import java.util.ArrayList;
import java.util.List;

import org.deployforge.ui.images.EntryOpener;
import org.deployforge.workspace.ImageSessions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
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

	/** @return the entry openers registered now, highest service ranking first */
	static List<EntryOpener> openers() {
		BundleContext context = FrameworkUtil.getBundle(UiServices.class).getBundleContext();
		List<EntryOpener> openers = new ArrayList<>();
		try {
			List<ServiceReference<EntryOpener>> references = new ArrayList<>(
					context.getServiceReferences(EntryOpener.class, null));
			references.sort(java.util.Collections.reverseOrder());
			for (ServiceReference<EntryOpener> reference : references) {
				EntryOpener opener = context.getService(reference);
				if (opener != null) {
					openers.add(opener);
				}
			}
		} catch (InvalidSyntaxException e) {
			throw new IllegalStateException(e);
		}
		return openers;
	}
}
