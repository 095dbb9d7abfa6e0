package org.deployforge.ui.images.internal;

import org.deployforge.ui.images.ImagesUi;
import org.deployforge.ui.images.ReportingJob;
import org.deployforge.workspace.ImageSessions;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.ui.progress.IProgressConstants;

/**
 * A job on one image file: a {@link ReportingJob} with the file's session rule (one job per image at a time) and the
 * image icon in the Progress view.
 */
abstract class ImageJob extends ReportingJob {

	/**
	 * @param name           the job's name in the Progress view
	 * @param owner          the editor (or other part) the job belongs to (a job family)
	 * @param failureTitle   the error dialog's title
	 * @param failureContext the first line of the error dialog
	 */
	ImageJob(String name, IFile file, ImageSessions sessions, Object owner, String failureTitle,
			String failureContext) {
		super(name, sessions.rule(file), owner, ImagesUi.JOB_FAMILY, failureTitle, failureContext);
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
}
