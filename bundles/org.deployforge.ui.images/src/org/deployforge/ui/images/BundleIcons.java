package org.deployforge.ui.images;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.graphics.Image;

/**
 * Icons of a bundle (PNG files under its {@code icons/} folder), shared through the JFace image registry so each is
 * created once per display; callers never dispose them.
 */
public final class BundleIcons {

	private BundleIcons() {
	}

	/**
	 * @param bundle the bundle's symbolic name
	 * @param name   the file name under {@code icons/}, e.g. {@code wim16.png}
	 * @return its descriptor, or the missing-image descriptor when the bundle has no such file
	 */
	public static ImageDescriptor descriptor(String bundle, String name) {
		return ResourceLocator.imageDescriptorFromBundle(bundle, "icons/" + name)
				.orElse(ImageDescriptor.getMissingImageDescriptor());
	}

	/** @return the shared image of {@link #descriptor(String, String)}; UI thread */
	public static Image image(String bundle, String name) {
		ImageRegistry registry = JFaceResources.getImageRegistry();
		String key = bundle + "/" + name;
		Image image = registry.get(key);
		if (image == null) {
			registry.put(key, descriptor(bundle, name));
			image = registry.get(key);
		}
		return image;
	}
}
