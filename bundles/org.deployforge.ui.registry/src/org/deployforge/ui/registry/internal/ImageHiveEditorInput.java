package org.deployforge.ui.registry.internal;

import java.util.Locale;
import java.util.Objects;

import org.deployforge.registry.ImageHive;
import org.deployforge.ui.images.OpenableEntry;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

/**
 * The input of a Registry editor on a hive inside an image open in the image editor (not persisted: it lives as long
 * as the image editor's session). Two inputs are equal when they name the same image file, index and hive path.
 */
public final class ImageHiveEditorInput implements IEditorInput {

	private final OpenableEntry context;

	public ImageHiveEditorInput(OpenableEntry context) {
		this.context = context;
	}

	/** @return the image entry: image file, index, path, and the image editor's session */
	public OpenableEntry context() {
		return context;
	}

	@Override
	public boolean exists() {
		return false;
	}

	@Override
	public @Nullable ImageDescriptor getImageDescriptor() {
		return Icons.descriptor(Icons.HIVE);
	}

	@Override
	public String getName() {
		return context.name();
	}

	@Override
	public @Nullable IPersistableElement getPersistable() {
		return null;
	}

	@Override
	public String getToolTipText() {
		return context.imageFile().getFullPath() + ImageHive.SEPARATOR + context.path().substring(1) + " (index "
				+ context.index() + ")";
	}

	@Override
	public <T> @Nullable T getAdapter(Class<T> adapter) {
		return null;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof ImageHiveEditorInput input && input.context.imageFile().equals(context.imageFile())
				&& input.context.index() == context.index()
				&& input.context.path().equalsIgnoreCase(context.path());
	}

	@Override
	public int hashCode() {
		return Objects.hash(context.imageFile(), context.index(), context.path().toLowerCase(Locale.ROOT));
	}
}
