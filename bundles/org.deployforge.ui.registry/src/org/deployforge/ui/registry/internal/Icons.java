package org.deployforge.ui.registry.internal;

import org.deployforge.registry.RegValue;
import org.deployforge.registry.ValueType;
import org.deployforge.ui.images.BundleIcons;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

/** The bundle's icons (16x16 PNGs under icons/), shared through the JFace image registry; never disposed by callers. */
final class Icons {

	static final String BUNDLE = "org.deployforge.ui.registry";
	static final String HIVE = "hive16.png";
	static final String KEY = "key16.png";
	static final String STRING = "value_string16.png";
	static final String BINARY = "value_binary16.png";

	private Icons() {
	}

	static ImageDescriptor descriptor(String name) {
		return BundleIcons.descriptor(BUNDLE, name);
	}

	static Image image(String name) {
		return BundleIcons.image(BUNDLE, name);
	}

	/** @return regedit's kind of icon: "ab" for the string types, "01" for numbers and bytes */
	static Image value(RegValue value) {
		int type = value.type();
		boolean text = type == ValueType.SZ.code() || type == ValueType.EXPAND_SZ.code()
				|| type == ValueType.MULTI_SZ.code() || type == ValueType.LINK.code();
		return image(text ? STRING : BINARY);
	}

	static ImageDescriptor sharedDescriptor(String key) {
		return PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(key);
	}

	static ImageDescriptor delete() {
		return sharedDescriptor(ISharedImages.IMG_TOOL_DELETE);
	}
}
