package org.deployforge.ui.images.internal;

import org.deployforge.core.ImageFormat;
import org.deployforge.ui.images.BundleIcons;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

/** The bundle's icons (16x16 PNGs under icons/), shared through the JFace image registry; never disposed by callers. */
final class Icons {

	static final String BUNDLE = "org.deployforge.ui.images";
	static final String VOLUME = "volume16.png";
	static final String BOOT = "boot16.png";
	static final String EXTRACT = "extract16.png";
	static final String EXPORT = "export16.png";
	static final String SPLIT = "split16.png";
	static final String VERIFY = "verify16.png";
	static final String OPTIMIZE = "optimize16.png";
	static final String RENAME = "rename16.png";
	static final String ADD_FILE = "addfile16.png";
	static final String ADD_FOLDER = "addfolder16.png";
	static final String WIZARD_BANNER = "wizban.png";

	private Icons() {
	}

	static ImageDescriptor descriptor(String name) {
		return BundleIcons.descriptor(BUNDLE, name);
	}

	static Image image(String name) {
		return BundleIcons.image(BUNDLE, name);
	}

	/** @return the icon of an image format (wim16.png, iso16.png, …), the WIM icon for formats without their own */
	static Image format(ImageFormat format) {
		return switch (format.id()) {
		case "esd", "swm", "ppkg", "iso", "vhd", "vhdx" -> image(format.id() + "16.png");
		default -> image("wim16.png");
		};
	}

	static Image shared(String key) {
		return PlatformUI.getWorkbench().getSharedImages().getImage(key);
	}

	static ImageDescriptor sharedDescriptor(String key) {
		return PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(key);
	}

	static Image folder() {
		return shared(ISharedImages.IMG_OBJ_FOLDER);
	}

	static Image file() {
		return shared(ISharedImages.IMG_OBJ_FILE);
	}
}
