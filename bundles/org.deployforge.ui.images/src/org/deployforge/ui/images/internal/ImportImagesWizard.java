package org.deployforge.ui.images.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.ui.images.ErrorReports;
import org.deployforge.ui.images.ImagesUi;
import org.deployforge.workspace.DeploymentProjects;
import org.deployforge.workspace.ImageFiles;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;

/** File > Import > DeployForge > Deployment Images: copy image files into a project folder, or link them. */
public final class ImportImagesWizard extends Wizard implements IImportWizard {

	private @Nullable IContainer initialTarget;
	private final ImportPage page = new ImportPage();

	@Override
	public void init(IWorkbench workbench, IStructuredSelection selection) {
		setWindowTitle("Import Deployment Images");
		setDefaultPageImageDescriptor(Icons.descriptor(Icons.WIZARD_BANNER));
		setNeedsProgressMonitor(false);
		Object first = selection == null ? null : selection.getFirstElement();
		IResource resource = first == null ? null : Adapters.adapt(first, IResource.class);
		if (resource instanceof IContainer container && !(container.getType() == IResource.ROOT)) {
			initialTarget = container;
		} else if (resource != null && resource.getParent() != null && resource.getType() == IResource.FILE) {
			initialTarget = resource.getParent();
		} else {
			for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
				if (DeploymentProjects.isDeploymentProject(project)) {
					initialTarget = project;
					break;
				}
			}
		}
	}

	@Override
	public void addPages() {
		addPage(page);
	}

	@Override
	public boolean performFinish() {
		IContainer target = page.target();
		if (target == null) {
			return false;
		}
		schedule(page.files, target, page.link.getSelection());
		return true;
	}

	/**
	 * Imports files into a workspace folder in a job (copy with progress, or link); the job's failures show in a
	 * dialog and the Error Log.
	 */
	public static Job schedule(List<Path> files, IContainer target, boolean link) {
		WorkspaceJob job = new WorkspaceJob((link ? "Linking " : "Importing ") + files.size()
				+ (files.size() == 1 ? " image" : " images") + " into " + target.getFullPath()) {
			@Override
			public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
				SubMonitor progress = SubMonitor.convert(monitor, files.size());
				for (Path file : files) {
					try {
						DeploymentProjects.importFile(file, target, link, progress.split(1));
					} catch (CoreException e) {
						ErrorReports.show("Import failed", "Importing " + file.getFileName() + " failed.", e);
					}
				}
				return Status.OK_STATUS;
			}

			@Override
			public boolean belongsTo(Object family) {
				return family == ImagesUi.JOB_FAMILY;
			}
		};
		job.setRule(ResourcesPlugin.getWorkspace().getRuleFactory().modifyRule(target));
		job.setUser(true);
		job.schedule();
		return job;
	}

	private final class ImportPage extends WizardPage {
		final List<Path> files = new ArrayList<>();
		org.eclipse.swt.widgets.List list;
		Text folder;
		Button link;

		ImportPage() {
			super("importImages", "Import Deployment Images", Icons.descriptor(Icons.WIZARD_BANNER));
			setDescription("Choose image files (WIM, ESD, SWM, PPKG, ISO, VHD, VHDX) and the project folder to put them in.");
		}

		@Override
		public void createControl(Composite parent) {
			Composite area = new Composite(parent, SWT.NONE);
			area.setLayout(new GridLayout(3, false));
			new Label(area, SWT.NONE).setText("&Images:");
			list = new org.eclipse.swt.widgets.List(area, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
			GridData listData = new GridData(SWT.FILL, SWT.FILL, true, true);
			listData.heightHint = 140;
			listData.widthHint = 420;
			list.setLayoutData(listData);
			Composite buttons = new Composite(area, SWT.NONE);
			buttons.setLayout(new GridLayout(1, true));
			buttons.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
			Button add = new Button(buttons, SWT.PUSH);
			add.setText("&Add Files\u2026");
			add.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
			add.addListener(SWT.Selection, event -> addFiles());
			Button remove = new Button(buttons, SWT.PUSH);
			remove.setText("&Remove");
			remove.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
			remove.addListener(SWT.Selection, event -> {
				int[] selected = list.getSelectionIndices();
				for (int i = selected.length - 1; i >= 0; i--) {
					files.remove(selected[i]);
				}
				list.remove(selected);
				validate();
			});
			new Label(area, SWT.NONE).setText("Into &folder:");
			folder = new Text(area, SWT.BORDER);
			folder.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
			IContainer initial = initialTarget;
			folder.setText(initial == null ? "" : initial.getFullPath().toString());
			folder.addListener(SWT.Modify, event -> validate());
			Button copy = new Button(area, SWT.RADIO);
			copy.setText("&Copy the images into the project");
			copy.setSelection(true);
			copy.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
			link = new Button(area, SWT.RADIO);
			link.setText("&Link to the images where they are (nothing is copied)");
			link.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
			setControl(area);
			validate();
		}

		private void addFiles() {
			FileDialog dialog = new FileDialog(getShell(), SWT.OPEN | SWT.MULTI);
			dialog.setText("Choose Images");
			dialog.setFilterExtensions(new String[] { "*.wim;*.esd;*.swm;*.ppkg;*.iso;*.vhd;*.vhdx", "*" });
			dialog.setFilterNames(new String[] { "Deployment images", "All files" });
			if (dialog.open() == null) {
				return;
			}
			for (String name : dialog.getFileNames()) {
				Path file = Path.of(dialog.getFilterPath(), name);
				if (!files.contains(file)) {
					files.add(file);
					list.add(file + (ImageFiles.formatByName(name).isEmpty() ? "  (not an image name)" : ""));
				}
			}
			validate();
		}

		@Nullable
		IContainer target() {
			String text = folder.getText().trim();
			if (text.isEmpty()) {
				return null;
			}
			IPath path = IPath.fromPortableString(text);
			IResource resource = ResourcesPlugin.getWorkspace().getRoot().findMember(path);
			return resource instanceof IContainer container && resource.getType() != IResource.ROOT
					&& resource.isAccessible() ? container : null;
		}

		private void validate() {
			String error = null;
			if (files.isEmpty()) {
				error = "Add the image files to import.";
			} else if (target() == null) {
				error = "Enter an existing, open project or folder, e.g. /Sample Deployment.";
			}
			setErrorMessage(files.isEmpty() ? null : error);
			if (files.isEmpty()) {
				setMessage(error);
			} else {
				setMessage(null);
			}
			setPageComplete(error == null);
		}
	}
}
