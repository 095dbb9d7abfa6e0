package org.deployforge.workspace;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The "Deployment Project" nature ({@value #ID}): a project holding images (copied in or linked), answer files,
 * driver folders and customization templates. It adds no builder yet; it marks the projects DeployForge offers its
 * actions and wizards for.
 */
public final class DeploymentNature implements IProjectNature {

	/** The nature id, as declared in this bundle's plugin.xml. */
	public static final String ID = "org.deployforge.workspace.deploymentNature";

	private @Nullable IProject project;

	@Override
	public void configure() {
		// no builder to install yet
	}

	@Override
	public void deconfigure() {
		// nothing installed by configure()
	}

	@Override
	public @Nullable IProject getProject() {
		return project;
	}

	@Override
	public void setProject(IProject project) {
		this.project = project;
	}
}
