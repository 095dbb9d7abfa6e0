package org.deployforge.ui;

/** Identifiers of the DeployForge workbench that other bundles and tests refer to. */
public final class DeployForgeUi {

	/** The workbench application ({@code -application org.deployforge.ui.workbench}). */
	public static final String APPLICATION_ID = "org.deployforge.ui.workbench";
	/** The DeployForge perspective, the one a new window opens with. */
	public static final String PERSPECTIVE_ID = "org.deployforge.ui.perspective";
	/** The Project Explorer view (Common Navigator). */
	public static final String PROJECT_EXPLORER_ID = "org.eclipse.ui.navigator.ProjectExplorer";

	private DeployForgeUi() {
	}
}
