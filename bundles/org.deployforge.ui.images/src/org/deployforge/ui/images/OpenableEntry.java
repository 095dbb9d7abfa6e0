package org.deployforge.ui.images;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IEditorPart;

/**
 * A file entry of an image open in the image editor, handed to an {@link EntryOpener}: what it is, and what the
 * parent editor does for the editor that opens it (extract it to the parent's work area, stage the changed copy back,
 * keep track of the child editor).
 * <p>
 * The work area is a folder per parent editor under this bundle's state location
 * ({@code <workspace>/.metadata/.plugins/org.deployforge.ui.images/nested/}), never the system temp folder; it is
 * deleted when the parent editor closes (after its attached editors), and copies of child editors closed without
 * staged changes are deleted when they close.
 * <p>
 * An opener either works on a copy ({@link #extract}, {@link #stageReplace}: nested images) or directly on the parent
 * editor's session ({@link #session()} inside a job with {@link #rule()}, then {@link #staged()}: registry hives,
 * which the registry engine stages into the session itself). Either way the parent's Save writes the image.
 */
public interface OpenableEntry {

	/** What happened to the parent editor's session, told to {@link Listener}s. */
	enum Event {
		/** The parent committed its session: everything staged is in the image file now. */
		SAVED,
		/** The parent dropped its staged changes (Revert, or a reload after a change on disk). */
		REVERTED,
		/** The parent closed; its session is closed. */
		CLOSED
	}

	/** Hears of {@link Event}s of the parent's session (called on the UI thread). */
	interface Listener {
		void imageChanged(OpenableEntry entry, Event event);
	}

	/** @return the image editor showing the entry */
	IEditorPart parentEditor();

	/** @return the workspace file the parent editor edits */
	IFile imageFile();

	/** @return the parent image's display name, e.g. "Win11.iso" or "install.wim (in Win11.iso)" */
	String imageName();

	/** @return the 1-based image index the entry belongs to */
	int index();

	/** @return the in-image path, e.g. {@code /sources/install.wim} */
	String path();

	/** @return the file name, e.g. {@code install.wim} */
	String name();

	/** @return the entry's size in bytes, as listed */
	long size();

	/** @return whether the parent image refuses changes (then {@link #stageReplace(Path)} fails) */
	boolean readOnly();

	/**
	 * Extracts the entry into a new folder of the parent's work area, as a job with progress (bytes) and cancellation
	 * in the Progress view; a cancelled or failed extraction leaves nothing behind and reports failures itself.
	 *
	 * @param onDone runs on the UI thread with the extracted file once it is complete
	 * @return the scheduled job
	 */
	Job extract(Consumer<Path> onDone);

	/**
	 * Stages replacing the entry by {@code hostFile} in the parent image (the parent becomes dirty; its Save writes the
	 * image). The file must stay where it is until the parent saves or closes: keep it in the work area.
	 *
	 * @return the scheduled job
	 */
	Job stageReplace(Path hostFile);

	/**
	 * Tells the parent that {@code editor} shows this entry: the parent counts as dirty while the child is, asks before
	 * closing then, and closes the child when it closes itself.
	 */
	void attach(IEditorPart editor);

	/** @return the scheduling rule of every job that uses {@link #session()} (the parent's jobs use it too) */
	ISchedulingRule rule();

	/**
	 * @return the parent editor's open session; use it only inside a job whose rule contains {@link #rule()} (a
	 *         session is not thread-safe)
	 * @throws ImageException when the session is not open (the parent closed, or is reloading)
	 */
	Image session() throws ImageException;

	/**
	 * Tells the parent that changes were staged into {@link #session()} directly (call it from the job that staged
	 * them): it shows them as pending and becomes dirty, so its Save writes them. Any thread.
	 */
	void staged();

	/** Adds a listener to the parent's session events (a listener added twice is told once). */
	void addListener(Listener listener);

	void removeListener(Listener listener);
}
