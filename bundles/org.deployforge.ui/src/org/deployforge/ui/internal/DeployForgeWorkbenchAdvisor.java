package org.deployforge.ui.internal;

import java.util.List;

import org.deployforge.ui.DeployForgeUi;
import org.deployforge.workspace.SampleWorkspace;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.swt.widgets.Display;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;
import org.eclipse.ui.ide.IDE;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** Workbench-wide set-up: the initial perspective, IDE adapters and images, the sample workspace, saving on exit. */
final class DeployForgeWorkbenchAdvisor extends WorkbenchAdvisor {

	@Override
	public void initialize(IWorkbenchConfigurer configurer) {
		super.initialize(configurer);
		configurer.setSaveAndRestore(true);
		IDE.registerAdapters();
		declareIdeImages(configurer);
	}

	/** The Project Explorer shows project icons only when the IDE's shared images are declared (as IDEWorkbenchAdvisor does). */
	private static void declareIdeImages(IWorkbenchConfigurer configurer) {
		Bundle ide = FrameworkUtil.getBundle(IDE.class);
		declare(configurer, ide, IDE.SharedImages.IMG_OBJ_PROJECT, "icons/full/obj16/prj_obj.svg", true);
		declare(configurer, ide, IDE.SharedImages.IMG_OBJ_PROJECT_CLOSED, "icons/full/obj16/cprj_obj.svg", true);
	}

	private static void declare(IWorkbenchConfigurer configurer, Bundle bundle, String key, String path, boolean shared) {
		var url = bundle.getEntry(path);
		if (url == null) {
			url = bundle.getEntry(path.replace(".svg", ".png"));
		}
		if (url != null) {
			configurer.declareImage(key, ImageDescriptor.createFromURL(url), shared);
		}
	}

	@Override
	public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
		return new DeployForgeWindowAdvisor(configurer);
	}

	@Override
	public String getInitialWindowPerspectiveId() {
		return DeployForgeUi.PERSPECTIVE_ID;
	}

	@Override
	public IAdaptable getDefaultPageInput() {
		return ResourcesPlugin.getWorkspace().getRoot();
	}

	@Override
	public void postStartup() {
		WorkspaceJob job = new WorkspaceJob("Preparing the sample workspace") {
			@Override
			public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
				List<IProject> created = SampleWorkspace.ensure(ResourcesPlugin.getWorkspace(), monitor);
				if (!created.isEmpty()) {
					openSampleImage(created.get(0));
				}
				return Status.OK_STATUS;
			}
		};
		job.setRule(ResourcesPlugin.getWorkspace().getRoot());
		probeStartup(job);
		job.schedule();
	}

	/**
	 * For bench/workbench-start.sh: when {@code DEPLOYFORGE_STARTUP_PROBE} names a file, writes the wall-clock time
	 * (epoch ms) and the JVM uptime at which the window is up and its event loop idle, then closes the workbench once
	 * the start-up work (the sample workspace) is done, so the next start is a real second start.
	 */
	private static void probeStartup(Job startupWork) {
		String probe = System.getenv("DEPLOYFORGE_STARTUP_PROBE");
		if (probe == null || probe.isBlank()) {
			return;
		}
		Display display = PlatformUI.getWorkbench().getDisplay();
		display.asyncExec(() -> {
			String facts = "usable_epoch_ms=" + System.currentTimeMillis() + "\njvm_uptime_ms="
					+ java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + "\n";
			try {
				java.nio.file.Files.writeString(java.nio.file.Path.of(probe), facts);
			} catch (java.io.IOException e) {
				ILog.of(DeployForgeWorkbenchAdvisor.class).error("cannot write the start-up probe " + probe, e);
			}
			startupWork.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
				@Override
				public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
					display.asyncExec(() -> PlatformUI.getWorkbench().close());
				}
			});
			if (startupWork.getState() == Job.NONE) {
				PlatformUI.getWorkbench().close();
			}
		});
	}

	/** A newcomer sees a real image at once: the sample project's image opens in its editor. */
	private static void openSampleImage(IProject project) {
		IFile image = project.getFile(SampleWorkspace.SAMPLE_IMAGE);
		if (!image.exists()) {
			return;
		}
		PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
			IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
			if (window == null || window.getActivePage() == null) {
				return;
			}
			try {
				IDE.openEditor(window.getActivePage(), image);
			} catch (PartInitException e) {
				ILog.of(DeployForgeWorkbenchAdvisor.class).log(e.getStatus());
			}
		});
	}

	@Override
	public boolean preShutdown() {
		IWorkspace workspace = ResourcesPlugin.getWorkspace();
		try {
			workspace.save(true, null);
		} catch (CoreException e) {
			org.eclipse.core.runtime.ILog.of(getClass()).log(e.getStatus());
		}
		return true;
	}
}
