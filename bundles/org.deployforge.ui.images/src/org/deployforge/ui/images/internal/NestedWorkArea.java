package org.deployforge.ui.images.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.deployforge.core.FileTrees;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.osgi.framework.FrameworkUtil;

/**
 * Work areas of image editors for entries opened in editors of their own (e.g. {@code sources/install.wim} of an
 * ISO): one folder per parent editor under this bundle's state location
 * ({@code <workspace>/.metadata/.plugins/org.deployforge.ui.images/nested/<id>/}), a numbered folder per extracted
 * entry inside it. Editors edit workspace files, so each work copy gets a link in a hidden project
 * ({@value #PROJECT}; hidden resources are not shown in the Project Explorer). Folders left by an earlier run (a
 * crash) are deleted the first time a work area is made.
 */
final class NestedWorkArea {

	/** The hidden project holding links to work copies. */
	static final String PROJECT = ".deployforge-nested";

	private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
	private static volatile boolean purged;

	private NestedWorkArea() {
	}

	/** @return the folder every work area lives in */
	static Path root() {
		return Platform.getStateLocation(FrameworkUtil.getBundle(NestedWorkArea.class)).append("nested").toPath();
	}

	/** @return a new, empty work area */
	static Path create() throws IOException {
		synchronized (LIVE) {
			if (!purged) {
				purged = true;
				purgeStale();
			}
			Path area = Files.createDirectories(root().resolve(UUID.randomUUID().toString().substring(0, 8)));
			LIVE.add(area);
			return area;
		}
	}

	private static void purgeStale() {
		Path root = root();
		if (!Files.isDirectory(root)) {
			return;
		}
		try (var children = Files.list(root)) {
			for (Path child : children.toList()) {
				if (!LIVE.contains(child)) {
					FileTrees.deleteQuietly(child);
				}
			}
		} catch (IOException e) {
			// stale work copies only cost disk space; they are tried again at the next start
		}
		// the links of an earlier run point at deleted copies: drop the hidden project (it is made again on use); in a
		// job of its own, since this runs inside jobs whose rules do not cover the workspace
		Job drop = Job.create("Deleting stale work copy links", monitor -> {
			try {
				IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
				if (project.exists()) {
					project.delete(IResource.NEVER_DELETE_PROJECT_CONTENT | IResource.FORCE, monitor);
				}
			} catch (CoreException e) {
				// links to missing files are harmless
			}
		});
		drop.setSystem(true);
		drop.setRule(ResourcesPlugin.getWorkspace().getRoot());
		drop.schedule();
		try {
			drop.join(10_000, null);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * @param file a work copy inside a work area
	 * @return a workspace file linked to it (in the hidden project), so the editors that edit workspace files edit it
	 */
	static IFile link(Path file) throws CoreException {
		IWorkspace workspace = ResourcesPlugin.getWorkspace();
		IProject project = workspace.getRoot().getProject(PROJECT);
		IFile[] link = new IFile[1];
		workspace.run(monitor -> {
			if (!project.exists()) {
				IProjectDescription description = workspace.newProjectDescription(PROJECT);
				project.create(description, IResource.HIDDEN, monitor);
			}
			if (!project.isOpen()) {
				project.open(monitor);
			}
			Path folder = file.getParent();
			Path area = folder.getParent();
			// a virtual folder per work copy (nothing on disk), so the link keeps the entry's own name
			IFolder virtual = project.getFolder(area.getFileName() + "-" + folder.getFileName());
			if (!virtual.exists()) {
				virtual.create(IResource.VIRTUAL | IResource.FORCE, true, monitor);
			}
			IFile handle = virtual.getFile(file.getFileName().toString());
			handle.createLink(IPath.fromPath(file), IResource.REPLACE | IResource.ALLOW_MISSING_LOCAL, monitor);
			link[0] = handle;
		}, workspace.getRoot(), IWorkspace.AVOID_UPDATE, new NullProgressMonitor());
		return link[0];
	}

	/** @return the scheduling rule a job that calls {@link #delete(Path)} must hold (or contain) */
	static ISchedulingRule rule() {
		return ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
	}

	/** Deletes a work area (or one folder of it) and the links into it. Never throws. */
	static void delete(Path folder) {
		try {
			IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
			if (project.isOpen()) {
				ResourcesPlugin.getWorkspace().run(monitor -> {
					for (IResource member : project.members()) {
						if (member instanceof IFolder virtual && virtual.isVirtual()) {
							for (IResource link : virtual.members()) {
								IPath location = link.getLocation();
								if (link.isLinked() && location != null && location.toPath().startsWith(folder)) {
									virtual.delete(IResource.FORCE, monitor);
									break;
								}
							}
						}
					}
				}, project, IWorkspace.AVOID_UPDATE, new NullProgressMonitor());
			}
		} catch (CoreException | RuntimeException e) {
			// a dangling link is harmless; the folder is what costs space
		}
		FileTrees.deleteQuietly(folder);
		LIVE.remove(folder);
	}

}
