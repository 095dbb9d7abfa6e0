package org.deployforge.ui.images.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.deployforge.core.ImageInfo;
import org.deployforge.core.VolumeInfo;
import org.deployforge.ui.images.ErrorReports;
import org.deployforge.workspace.ImageFiles;
import org.deployforge.workspace.ImageSessions;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.StructuredViewer;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.ui.navigator.ICommonContentExtensionSite;
import org.eclipse.ui.navigator.ICommonContentProvider;

/**
 * Shows the image indexes of an image file as its children in the Project Explorer. The image is read (read-only,
 * metadata only) in a job, never on the UI thread; until then the file shows one "Reading…" child.
 */
public final class ImageContentProvider implements ICommonContentProvider {

	private static final Object[] NONE = new Object[0];

	private @Nullable StructuredViewer viewer;
	private final Map<IPath, String> failures = new ConcurrentHashMap<>();
	private final Map<IPath, Job> reading = new ConcurrentHashMap<>();

	private final IResourceChangeListener changes = event -> {
		IResourceDelta delta = event.getDelta();
		if (delta == null) {
			return;
		}
		try {
			delta.accept(child -> {
				if (child.getResource() instanceof IFile file && (child.getFlags() & IResourceDelta.CONTENT) != 0
						&& ImageFiles.formatByName(file.getName()).isPresent()) {
					failures.remove(file.getFullPath());
					refresh(file);
				}
				return true;
			});
		} catch (CoreException e) {
			// a delta walk does not fail for this visitor
		}
	};

	@Override
	public void init(ICommonContentExtensionSite site) {
		ResourcesPlugin.getWorkspace().addResourceChangeListener(changes, IResourceChangeEvent.POST_CHANGE);
	}

	@Override
	public void inputChanged(Viewer newViewer, @Nullable Object oldInput, @Nullable Object newInput) {
		viewer = newViewer instanceof StructuredViewer structured ? structured : null;
	}

	@Override
	public Object[] getElements(Object input) {
		return getChildren(input);
	}

	@Override
	public Object[] getChildren(Object parent) {
		if (!(parent instanceof IFile file) || !ImageFiles.isImage(file)) {
			return NONE;
		}
		ImageSessions sessions = UiServices.sessions();
		var info = sessions.cachedInfo(file);
		if (info.isPresent()) {
			failures.remove(file.getFullPath());
			return volumes(file, info.get());
		}
		String failure = failures.get(file.getFullPath());
		if (failure != null) {
			return new Object[] { new ImageNodes.Message(file, failure, true) };
		}
		read(file, sessions);
		return new Object[] { new ImageNodes.Message(file, "Reading\u2026", false) };
	}

	private static Object[] volumes(IFile file, ImageInfo info) {
		Object[] children = new Object[info.volumes().size()];
		int i = 0;
		for (VolumeInfo volume : info.volumes()) {
			children[i++] = new ImageNodes.Volume(file, volume, volume.index() == info.bootIndex());
		}
		return children;
	}

	private void read(IFile file, ImageSessions sessions) {
		reading.computeIfAbsent(file.getFullPath(), path -> {
			Job job = Job.create("Reading " + file.getName(), (IProgressMonitor monitor) -> {
				try {
					sessions.info(file);
					failures.remove(path);
				} catch (Exception | LinkageError e) {
					failures.put(path, ErrorReports.message(e));
				} finally {
					reading.remove(path);
				}
				refresh(file);
				return Status.OK_STATUS;
			});
			job.setSystem(true);
			job.schedule();
			return job;
		});
	}

	private void refresh(IFile file) {
		StructuredViewer current = viewer;
		if (current == null || current.getControl().isDisposed()) {
			return;
		}
		current.getControl().getDisplay().asyncExec(() -> {
			if (!current.getControl().isDisposed()) {
				current.refresh(file);
			}
		});
	}

	@Override
	public @Nullable Object getParent(Object element) {
		return element instanceof ImageNodes.Node node ? node.file() : null;
	}

	@Override
	public boolean hasChildren(Object element) {
		return element instanceof IFile file && ImageFiles.isImage(file);
	}

	@Override
	public void dispose() {
		ResourcesPlugin.getWorkspace().removeResourceChangeListener(changes);
		viewer = null;
	}

	@Override
	public void restoreState(org.eclipse.ui.IMemento memento) {
		// no state
	}

	@Override
	public void saveState(org.eclipse.ui.IMemento memento) {
		// no state
	}

}
