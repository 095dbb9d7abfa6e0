package org.deployforge.ui.images;

import org.eclipse.ui.PartInitException;

/**
 * Opens a file entry of an image in its own editor (e.g. a registry hive in the Registry editor) when the user
 * double-clicks it on the image editor's Files page. Register implementations as OSGi services (DS
 * {@code @Component(service = ImageEntryOpener.class)}); the Files page asks them in service ranking order and opens the
 * entry read-only itself when none {@link #canOpen(ImageEntryContext) can}. Called on the UI thread: do disk work in
 * jobs with {@link ImageEntryContext#rule()}.
 */
public interface ImageEntryOpener {

	/** @return whether this opener opens the entry (decided from its name and path, without reading it) */
	boolean canOpen(ImageEntryContext entry);

	/**
	 * Opens the entry in an editor.
	 *
	 * @throws PartInitException when the editor cannot be opened (the Files page reports it)
	 */
	void open(ImageEntryContext entry) throws PartInitException;
}
