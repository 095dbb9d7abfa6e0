package org.deployforge.ui.images.internal;

import org.deployforge.ui.images.ImagesUi;
import org.deployforge.workspace.ImageSessions;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.progress.IProgressConstants;

/**
 * A job on one image file: runs with the file's session rule (one job per image at a time), shows progress with a
 * rate in the Progress view and the status line, can be cancelled, and reports failures through {@link Errors}.
 */
abstract class ImageJob extends Job {

	/** The work of the job; throws to report. */
	interface Work {
		void run(IProgressMonitor monitor) throws Exception;
	}

	private final Object owner;
	private final String failureTitle;
	private final String failureContext;

	/**
	 * @param name           the job's name in the Progress view
	 * @param owner          the editor (or other part) the job belongs to (a job family)
	 * @param failureTitle   the error dialog's title
	 * @param failureContext the first line of the error dialog
	 */
	ImageJob(String name, IFile file, ImageSessions sessions, Object owner, String failureTitle,
			String failureContext) {
		super(name);
		this.owner = owner;
		this.failureTitle = failureTitle;
		this.failureContext = failureContext;
		setRule(sessions.rule(file));
		setUser(true);
		setProperty(IProgressConstants.ICON_PROPERTY, Icons.descriptor("wim16.png"));
	}

	/** Creates and schedules a job running {@code work}. */
	static ImageJob schedule(String name, IFile file, ImageSessions sessions, Object owner, String failureTitle,
			String failureContext, Work work) {
		ImageJob job = new ImageJob(name, file, sessions, owner, failureTitle, failureContext) {
			@Override
			protected void execute(IProgressMonitor monitor) throws Exception {
				work.run(monitor);
			}
		};
		job.schedule();
		return job;
	}

	/** Like {@link #schedule}, as a system job (short reads the user did not start as an operation). */
	static ImageJob scheduleQuiet(String name, IFile file, ImageSessions sessions, Object owner, String failureTitle,
			String failureContext, Work work) {
		ImageJob job = new ImageJob(name, file, sessions, owner, failureTitle, failureContext) {
			@Override
			protected void execute(IProgressMonitor monitor) throws Exception {
				work.run(monitor);
			}
		};
		job.setUser(false);
		job.setSystem(true);
		job.schedule();
		return job;
	}

	protected abstract void execute(IProgressMonitor monitor) throws Exception;

	@Override
	protected final IStatus run(IProgressMonitor monitor) {
		try {
			execute(new RateMonitor(monitor));
			return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
		} catch (OperationCanceledException e) {
			return Status.CANCEL_STATUS;
		} catch (Exception | LinkageError e) {
			if (monitor.isCanceled()) {
				return Status.CANCEL_STATUS;
			}
			Errors.show(failureTitle, failureContext, e);
			return Status.OK_STATUS;
		} finally {
			monitor.done();
		}
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == owner || family == ImagesUi.JOB_FAMILY;
	}
}
