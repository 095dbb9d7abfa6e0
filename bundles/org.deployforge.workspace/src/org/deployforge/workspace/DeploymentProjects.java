package org.deployforge.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.annotation.Nullable;

/** Creates deployment projects and brings images into them (headless: wizards, the CLI and tests share it). */
public final class DeploymentProjects {

	private static final int COPY_BUFFER = 1 << 20;

	private DeploymentProjects() {
	}

	/**
	 * Creates and opens a project with the {@link DeploymentNature}.
	 *
	 * @param location the project folder, or null for the default location in the workspace
	 * @throws CoreException when the project exists already or cannot be created
	 */
	public static IProject create(IWorkspace workspace, String name, @Nullable IPath location, IProgressMonitor monitor)
			throws CoreException {
		SubMonitor progress = SubMonitor.convert(monitor, "Creating deployment project " + name, 3);
		IProject project = workspace.getRoot().getProject(name);
		if (project.exists()) {
			throw new CoreException(Status.error("a project named '" + name + "' exists already"));
		}
		IProjectDescription description = workspace.newProjectDescription(name);
		description.setLocation(location);
		description.setNatureIds(new String[] { DeploymentNature.ID });
		project.create(description, progress.split(1));
		project.open(progress.split(1));
		return project;
	}

	/** Adds the {@link DeploymentNature} to an open project unless it has it. */
	public static void addNature(IProject project, IProgressMonitor monitor) throws CoreException {
		if (project.hasNature(DeploymentNature.ID)) {
			return;
		}
		IProjectDescription description = project.getDescription();
		String[] natures = Arrays.copyOf(description.getNatureIds(), description.getNatureIds().length + 1);
		natures[natures.length - 1] = DeploymentNature.ID;
		description.setNatureIds(natures);
		project.setDescription(description, monitor);
	}

	/** @return whether the project is open and has the {@link DeploymentNature} */
	public static boolean isDeploymentProject(IProject project) {
		try {
			return project.isOpen() && project.hasNature(DeploymentNature.ID);
		} catch (CoreException e) {
			return false;
		}
	}

	/**
	 * Brings an image file (or any file) into a project folder: a copy with progress in bytes, or a link to where it
	 * is. A cancelled or failed copy leaves no partial file.
	 *
	 * @param link create a linked file instead of copying
	 * @return the workspace file
	 * @throws CoreException when a file of that name exists already or the copy fails
	 */
	public static IFile importFile(Path source, IContainer target, boolean link, IProgressMonitor monitor)
			throws CoreException {
		IFile file = target.getFile(IPath.fromOSString(source.getFileName().toString()));
		if (file.exists()) {
			throw new CoreException(Status.error(file.getFullPath() + " exists already"));
		}
		if (link) {
			file.createLink(IPath.fromOSString(source.toAbsolutePath().toString()), IResource.NONE, monitor);
			return file;
		}
		long size;
		try {
			size = Files.size(source);
		} catch (IOException e) {
			throw new CoreException(Status.error(source + ": cannot read it (" + e.getMessage() + ")", e));
		}
		SubMonitor progress = SubMonitor.convert(monitor, "Copying " + source.getFileName(),
				(int) Math.min(Integer.MAX_VALUE, size / COPY_BUFFER + 1));
		try (InputStream in = new ProgressInputStream(Files.newInputStream(source), progress)) {
			file.create(in, IResource.NONE, null);
		} catch (IOException e) {
			throw new CoreException(Status.error(source + ": cannot read it (" + e.getMessage() + ")", e));
		} catch (OperationCanceledException e) {
			deleteQuietly(file);
			throw e;
		} catch (CoreException e) {
			deleteQuietly(file);
			if (progress.isCanceled()) {
				throw new OperationCanceledException();
			}
			throw e;
		}
		if (progress.isCanceled()) {
			deleteQuietly(file);
			throw new OperationCanceledException();
		}
		return file;
	}

	private static void deleteQuietly(IFile file) {
		try {
			if (file.exists()) {
				file.delete(true, null);
			}
		} catch (CoreException e) {
			// the failure being reported matters more
		}
	}

	/** Counts megabytes read as work and stops reading when cancelled. */
	private static final class ProgressInputStream extends java.io.FilterInputStream {
		private final SubMonitor progress;
		private long sinceLast;

		ProgressInputStream(InputStream in, SubMonitor progress) {
			super(in);
			this.progress = progress;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (progress.isCanceled()) {
				throw new IOException("cancelled");
			}
			int read = super.read(buffer, offset, length);
			if (read > 0) {
				sinceLast += read;
				while (sinceLast >= COPY_BUFFER) {
					sinceLast -= COPY_BUFFER;
					progress.worked(1);
				}
			}
			return read;
		}
	}
}
