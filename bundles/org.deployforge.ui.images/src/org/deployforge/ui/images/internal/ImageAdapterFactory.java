package org.deployforge.ui.images.internal;

import org.deployforge.workspace.ImageFiles;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.views.properties.IPropertySource;

/** Properties of image files ({@link ImagePropertySource}); other files keep the IDE's resource properties. */
public final class ImageAdapterFactory implements IAdapterFactory {

	@Override
	public <T> @Nullable T getAdapter(Object adaptable, Class<T> adapterType) {
		if (adapterType == IPropertySource.class && adaptable instanceof IFile file && ImageFiles.isImage(file)) {
			return adapterType.cast(new ImagePropertySource(file));
		}
		return null;
	}

	@Override
	public Class<?>[] getAdapterList() {
		return new Class<?>[] { IPropertySource.class };
	}
}
