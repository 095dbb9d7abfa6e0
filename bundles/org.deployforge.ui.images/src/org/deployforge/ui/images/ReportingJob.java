package org.deployforge.ui.images;

import org.deployforge.ui.images.internal.RateMonitor;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A user job of a DeployForge editor: runs with a scheduling rule (an image session's, so one job per image runs at a
 * time), shows progress with a byte rate and the time left in the Progress view and the status line (through the
 * handler's {@link org.deployforge.core.ByteProgress} counts), can be cancelled, and reports a failure once through
 * {@link ErrorReports}: a dialog with the engine's message and the full exception in the Error Log. A cancelled job
 * reports nothing.
 */
public abstract class ReportingJob extends Job {

	/** The work of a job; throws to report. */
	public interface Work {
		void run(IProgressMonitor monitor) throws Exception;
	}

	private final Object owner;
	private final Object family;
	private final String failureTitle;
	private final String failureContext;

	/**
	 * @param name           the job's name in the Progress view
	 * @param rule           the scheduling rule, or null for none
	 * @param owner          the editor (or other part) the job belongs to (a job family, so it can wait for its jobs)
	 * @param family         the bundle's job family (tests wait for it), e.g. {@link ImagesUi#JOB_FAMILY}
	 * @param failureTitle   the error dialog's title
	 * @param failureContext the first line of the error dialog, e.g. "Extracting /x from a.wim failed."
	 */
	protected ReportingJob(String name, @Nullable ISchedulingRule rule, Object owner, Object family,
			String failureTitle, String failureContext) {
		super(name);
		this.owner = owner;
		this.family = family;
		this.failureTitle = failureTitle;
		this.failureContext = failureContext;
		setRule(rule);
		setUser(true);
	}

	/** Creates (does not schedule) a job running {@code work}. */
	public static ReportingJob create(String name, @Nullable ISchedulingRule rule, Object owner, Object family,
			String failureTitle, String failureContext, Work work) {
		return new ReportingJob(name, rule, owner, family, failureTitle, failureContext) {
			@Override
			protected void execute(IProgressMonitor monitor) throws Exception {
				work.run(monitor);
			}
		};
	}

	/** The work; {@code monitor} reports byte counts as a rate. */
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
			ErrorReports.show(failureTitle, failureContext, e);
			return Status.OK_STATUS;
		} finally {
			monitor.done();
		}
	}

	@Override
	public boolean belongsTo(Object candidate) {
		return candidate == owner || candidate == family;
	}
}
