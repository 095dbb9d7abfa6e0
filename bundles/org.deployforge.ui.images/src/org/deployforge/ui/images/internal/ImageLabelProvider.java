package org.deployforge.ui.images.internal;

import java.util.Optional;

import org.deployforge.core.ImageFormat;
import org.deployforge.core.VolumeInfo;
import org.deployforge.workspace.ImageFiles;
import org.eclipse.core.resources.IFile;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.ILabelProviderListener;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IMemento;
import org.eclipse.ui.navigator.ICommonContentExtensionSite;
import org.eclipse.ui.navigator.ICommonLabelProvider;

/**
 * Format icons for image files (by signature, then name) and labels of image indexes:
 * {@code 2  Windows 11 Pro  (Professional, x64, 7.9 GB)}, the boot image with a star.
 */
public final class ImageLabelProvider implements ICommonLabelProvider {

	@Override
	public @Nullable Image getImage(Object element) {
		if (element instanceof IFile file) {
			Optional<ImageFormat> format = ImageFiles.format(file);
			return format.map(Icons::format).orElse(null);
		}
		if (element instanceof ImageNodes.Volume volume) {
			return Icons.image(volume.boot() ? Icons.BOOT : Icons.VOLUME);
		}
		if (element instanceof ImageNodes.Message message) {
			return message.error() ? Icons.shared(ISharedImages.IMG_OBJS_ERROR_TSK) : null;
		}
		return null;
	}

	@Override
	public @Nullable String getText(Object element) {
		if (element instanceof IFile file) {
			return ImageFiles.isImage(file) ? file.getName() : null;
		}
		if (element instanceof ImageNodes.Volume node) {
			VolumeInfo volume = node.volume();
			StringBuilder text = new StringBuilder().append(volume.index()).append("  ")
					.append(volume.name().isBlank() ? "(no name)" : volume.name());
			String details = VolumeFacts.summary(volume);
			if (!details.isEmpty()) {
				text.append("  (").append(details).append(')');
			}
			if (node.boot()) {
				text.append("  [boot]");
			}
			return text.toString();
		}
		if (element instanceof ImageNodes.Message message) {
			return message.text();
		}
		return null;
	}

	@Override
	public @Nullable String getDescription(Object element) {
		if (element instanceof ImageNodes.Volume node) {
			return node.file().getName() + ", image " + node.volume().index() + ": " + node.volume().name();
		}
		if (element instanceof IFile file) {
			return ImageFiles.format(file).map(format -> file.getName() + " (" + format.displayName() + ")")
					.orElse(null);
		}
		return null;
	}

	@Override
	public void init(ICommonContentExtensionSite config) {
		// nothing to configure
	}

	@Override
	public void restoreState(IMemento memento) {
		// no state
	}

	@Override
	public void saveState(IMemento memento) {
		// no state
	}

	@Override
	public void addListener(ILabelProviderListener listener) {
		// labels change only with the elements
	}

	@Override
	public void removeListener(ILabelProviderListener listener) {
		// see addListener
	}

	@Override
	public boolean isLabelProperty(Object element, String property) {
		return false;
	}

	@Override
	public void dispose() {
		// shared images are owned by the registry
	}
}
