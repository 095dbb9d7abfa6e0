package org.deployforge.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The built-in sample workspace: on the first start of an empty workspace, the projects under {@code sample/} in this
 * bundle are created in it. Later starts, or a workspace that already holds projects, are left alone; a user who
 * deletes the sample does not get it back.
 */
public final class SampleWorkspace {

	/** The bundle folder whose sub-folders become sample projects. */
	public static final String SAMPLE_FOLDER = "sample";
	/** Instance-scope preference recording that the sample was offered once. */
	public static final String PREFERENCE_SAMPLE_CREATED = "sampleCreated";
	/** The name of the sample deployment project. */
	public static final String SAMPLE_PROJECT = "Sample Deployment";
	/** The sample project's image (a real two-image WIM made with wimlib-imagex), relative to the project. */
	public static final String SAMPLE_IMAGE = "images/Sample.wim";

	private static final String BUNDLE_ID = "org.deployforge.workspace";

	private SampleWorkspace() {
	}

	/**
	 * Creates the sample projects if this workspace never had them and holds no project.
	 *
	 * @return the projects created (empty when nothing was done)
	 * @throws CoreException when a project or file cannot be created
	 */
	public static List<IProject> ensure(IWorkspace workspace, IProgressMonitor monitor) throws CoreException {
		IEclipsePreferences preferences = InstanceScope.INSTANCE.getNode(BUNDLE_ID);
		if (preferences.getBoolean(PREFERENCE_SAMPLE_CREATED, false) || workspace.getRoot().getProjects().length > 0) {
			return List.of();
		}
		List<IProject> created = create(workspace, monitor);
		preferences.putBoolean(PREFERENCE_SAMPLE_CREATED, true);
		try {
			preferences.flush();
		} catch (BackingStoreException e) {
			throw new CoreException(Status.error("cannot record that the sample workspace was created", e));
		}
		return created;
	}

	/**
	 * Creates (or completes) the sample projects, whatever the workspace holds.
	 *
	 * @return the projects created or completed
	 */
	public static List<IProject> create(IWorkspace workspace, IProgressMonitor monitor) throws CoreException {
		Bundle bundle = FrameworkUtil.getBundle(SampleWorkspace.class);
		List<String> projectFolders = children(bundle, SAMPLE_FOLDER + "/");
		SubMonitor progress = SubMonitor.convert(monitor, "Creating the sample workspace", projectFolders.size());
		List<IProject> projects = new ArrayList<>();
		for (String folder : projectFolders) {
			String name = lastSegment(folder);
			IProject project = workspace.getRoot().getProject(name);
			if (!project.exists()) {
				IProjectDescription description = workspace.newProjectDescription(name);
				description.setNatureIds(new String[] { DeploymentNature.ID });
				project.create(description, progress.newChild(0));
			}
			if (!project.isOpen()) {
				project.open(progress.newChild(0));
			}
			DeploymentProjects.addNature(project, progress.newChild(0));
			copy(bundle, folder, project, progress.split(1));
			projects.add(project);
		}
		return projects;
	}

	private static void copy(Bundle bundle, String bundleFolder, org.eclipse.core.resources.IContainer container,
			IProgressMonitor monitor) throws CoreException {
		for (String entry : children(bundle, bundleFolder)) {
			String name = lastSegment(entry);
			if (entry.endsWith("/")) {
				IFolder folder = container.getFolder(org.eclipse.core.runtime.IPath.fromOSString(name));
				if (!folder.exists()) {
					folder.create(IResource.NONE, true, monitor);
				}
				copy(bundle, entry, folder, monitor);
			} else {
				IFile file = container.getFile(org.eclipse.core.runtime.IPath.fromOSString(name));
				if (file.exists()) {
					continue;
				}
				URL url = bundle.getEntry(entry);
				try (InputStream contents = url.openStream()) {
					file.create(contents, IResource.NONE, monitor);
				} catch (IOException e) {
					throw new CoreException(Status.error("cannot read the sample file " + entry + ": " + e.getMessage(), e));
				}
			}
		}
	}

	private static List<String> children(Bundle bundle, String folder) {
		Enumeration<String> paths = bundle.getEntryPaths(folder);
		if (paths == null) {
			return List.of();
		}
		List<String> result = Collections.list(paths);
		Collections.sort(result);
		return result;
	}

	private static String lastSegment(String entry) {
		String trimmed = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
		return trimmed.substring(trimmed.lastIndexOf('/') + 1);
	}

}
