package org.deployforge.ui.images;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.ui.IWorkbenchPage;

/**
 * A file entry of an image open in the image editor, handed to an {@link ImageEntryOpener}: where it is, and the
 * editor's session to read it from and stage changes into. The image editor's own Save commits what an opener stages.
 * <p>
 * Threading: {@link #session()} is not thread-safe; use it only inside a job whose scheduling rule contains
 * {@link #rule()} (the image editor's jobs use the same rule, so they never run at the same time).
 */
public interface ImageEntryContext {

	/** What happened to the image session, told to {@link Listener}s. */
	enum Event {
		/** The image editor committed its session: everything staged is in the image file now. */
		SAVED,
		/** The image editor dropped its staged changes (Revert, or a reload after a change on disk). */
		REVERTED,
		/** The image editor closed; its session is closed. */
		CLOSED
	}

	/** Hears of {@link Event}s of the image session (called on the UI thread). */
	interface Listener {
		void imageChanged(ImageEntryContext context, Event event);
	}

	/** @return the workbench page of the image editor */
	IWorkbenchPage page();

	/** @return the image file in the workspace */
	IFile imageFile();

	/** @return the 1-based image index the entry belongs to */
	int index();

	/** @return the entry's path in the image as stored, {@code /}-separated from the root, e.g. {@code /Windows/System32/config/SOFTWARE} */
	String path();

	/** @return the entry's name, e.g. {@code SOFTWARE} */
	String name();

	/** @return whether the image can only be read (then nothing may be staged) */
	boolean readOnly();

	/** @return the scheduling rule of every job that uses {@link #session()} */
	ISchedulingRule rule();

	/**
	 * @return the image editor's open session; only inside a job with {@link #rule()}
	 * @throws ImageException when the session is not open (the editor closed, or is reloading)
	 */
	Image session() throws ImageException;

	/**
	 * Tells the image editor that changes were staged into {@link #session()} (call it from the job that staged them):
	 * it shows them as pending and becomes dirty, so its Save writes them. Any thread.
	 */
	void staged();

	/** Adds a listener (a listener added twice is told once). */
	void addListener(Listener listener);

	void removeListener(Listener listener);
}
