package org.deployforge.ui.registry.internal;

import org.deployforge.ui.registry.RegistryUi;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;

/**
 * A job of the Registry editor: runs with the editor's rule (and, for a hive in an image, the image session's rule
 * when it touches the session), can be cancelled, and reports failures through {@link Errors}.
 */
final class RegistryJob extends Job {

	/** The work of the job; throws to report. */
	interface Work {
		void run(IProgressMonitor monitor) throws Exception;
	}

	private final Object owner;
	private final String failureTitle;
	private final String failureContext;
	private final Work work;

	private RegistryJob(String name, @Nullable ISchedulingRule rule, Object owner, String failureTitle,
			String failureContext, Work work) {
		super(name);
		this.owner = owner;
		this.failureTitle = failureTitle;
		this.failureContext = failureContext;
		this.work = work;
		setRule(rule);
		setUser(true);
	}

	/** Creates (not schedules) a job running {@code work}; failures show {@code failureTitle} and {@code failureContext}. */
	static RegistryJob create(String name, @Nullable ISchedulingRule rule, Object owner, String failureTitle,
			String failureContext, Work work) {
		return new RegistryJob(name, rule, owner, failureTitle, failureContext, work);
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		try {
			work.run(monitor);
			return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
		} catch (OperationCanceledException e) {
			return Status.CANCEL_STATUS;
		} catch (Exception | LinkageError e) {
			Errors.show(failureTitle, failureContext, e);
			return Status.OK_STATUS;
		} finally {
			monitor.done();
		}
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == owner || family == RegistryUi.JOB_FAMILY;
	}
}
