package org.deployforge.ui.images.internal;

import org.deployforge.core.VolumeInfo;
import org.eclipse.core.resources.IFile;

/** The Project Explorer elements below an image file. */
final class ImageNodes {

	private ImageNodes() {
	}

	/** An element below an image file. */
	sealed interface Node permits Volume, Message {
		IFile file();
	}

	/** One image index of an image file. */
	record Volume(IFile file, VolumeInfo volume, boolean boot) implements Node {
	}

	/** "Reading…" while the image is read, or the reason it cannot be. */
	record Message(IFile file, String text, boolean error) implements Node {
	}
}
