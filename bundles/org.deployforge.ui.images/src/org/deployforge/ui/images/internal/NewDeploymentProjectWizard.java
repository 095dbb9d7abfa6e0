package org.deployforge.ui.images.internal;

import org.deployforge.workspace.DeploymentProjects;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.wizards.newresource.BasicNewProjectResourceWizard;

/** File > New > Deployment Project: the platform's project page, then the deployment nature is added. */
public final class NewDeploymentProjectWizard extends BasicNewProjectResourceWizard {

	@Override
	public void addPages() {
		super.addPages();
		setWindowTitle("New Deployment Project");
		setDefaultPageImageDescriptor(Icons.descriptor(Icons.WIZARD_BANNER));
		var page = getPage("basicNewProjectPage");
		if (page != null) {
			page.setTitle("Deployment Project");
			page.setDescription("A project for deployment images, answer files, driver folders and templates.");
		}
	}

	@Override
	public boolean performFinish() {
		if (!super.performFinish()) {
			return false;
		}
		IProject project = getNewProject();
		if (project == null) {
			return false;
		}
		try {
			DeploymentProjects.addNature(project, new NullProgressMonitor());
		} catch (CoreException e) {
			MessageDialog.openError(getShell(), "New Deployment Project",
					"The project was created, but it could not be made a deployment project: " + e.getMessage());
		}
		return true;
	}
}
