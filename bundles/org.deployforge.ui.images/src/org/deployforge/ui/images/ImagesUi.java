package org.deployforge.ui.images;

/** Identifiers of the image parts of the workbench that other bundles and tests refer to. */
public final class ImagesUi {

	/** The image editor (multi-page: Overview, Files). */
	public static final String EDITOR_ID = "org.deployforge.ui.images.editor";
	/** The New Deployment Project wizard. */
	public static final String NEW_PROJECT_WIZARD_ID = "org.deployforge.ui.images.newProject";
	/** The Import Deployment Images wizard. */
	public static final String IMPORT_WIZARD_ID = "org.deployforge.ui.images.import";
	/** The Project Explorer content that shows image indexes under image files. */
	public static final String NAVIGATOR_CONTENT_ID = "org.deployforge.ui.images.navigatorContent";
	/** The Error Log view (org.eclipse.ui.views.log). */
	public static final String ERROR_LOG_ID = "org.eclipse.pde.runtime.LogView";
	/** The job family of every job the image parts run. */
	public static final Object JOB_FAMILY = ImagesUi.class;

	private ImagesUi() {
	}
}
