package org.deployforge.ui.images;

/**
 * Opens an entry of an open image in an editor of its own: an OSGi service the image editor's Files page consults for
 * Open (double-click, Enter) and the context menu's "Open in Editor", highest {@code service.ranking} first. The first
 * opener whose {@link #canOpen(OpenableEntry)} says yes opens the entry; without one, Open shows the entry read-only.
 * <p>
 * The image-format opener of this bundle opens WIM/ESD/SWM/VHD/VHDX/ISO/CAB entries (e.g. {@code sources/install.wim}
 * inside an ISO) in a nested image editor; other bundles register theirs (e.g. registry hives in a registry editor).
 * An opener typically calls {@link OpenableEntry#extract(java.util.function.Consumer)}, opens its editor on the work
 * copy, {@link OpenableEntry#attach(org.eclipse.ui.IEditorPart) attaches} it, and on save calls
 * {@link OpenableEntry#stageReplace(java.nio.file.Path)}.
 */
public interface EntryOpener {

	/** @return the menu label, e.g. "Open in Image Editor" */
	String label();

	/**
	 * Decides cheaply (UI thread: name and size only, no disk access) whether this opener takes the entry.
	 *
	 * @param entry a file entry of the image shown in the Files page (never a folder, never a staged addition)
	 */
	boolean canOpen(OpenableEntry entry);

	/** Opens the entry (UI thread); long work belongs in jobs (see {@link OpenableEntry#extract}). */
	void open(OpenableEntry entry);
}
