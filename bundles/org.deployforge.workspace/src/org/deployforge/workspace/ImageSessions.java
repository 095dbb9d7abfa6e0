package org.deployforge.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImageService;
import org.deployforge.core.OpenOptions;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The open image sessions of the workspace, one per image file, and a cache of image facts for views (Project Explorer
 * children, Properties). A project that closes or is deleted closes its sessions first; listeners (editors) hear of it.
 * <p>
 * Threading: {@link Image} sessions are not thread-safe. Every job that uses the session of a file runs with
 * {@link #rule(IFile)} as its scheduling rule, so they run one at a time. The methods here are thread-safe; opening
 * and reading facts touch the disk and belong in jobs, never on the UI thread.
 */
@Component(service = ImageSessions.class)
public final class ImageSessions {

	/**
	 * Told when a session is closed because its project closed or was deleted, because the handler that opened it was
	 * uninstalled or stopped (the {@link ImageService} closed the image), or by {@link #close(IFile)}.
	 */
	public interface SessionListener {
		void sessionClosed(IFile file, String reason);
	}

	private record Facts(long modificationStamp, long localTimeStamp, ImageInfo info) {
	}

	/** A rule per image file: jobs on the same image run one after the other. */
	private record FileRule(IPath path) implements ISchedulingRule {
		@Override
		public boolean contains(ISchedulingRule rule) {
			return rule == this || equals(rule);
		}

		@Override
		public boolean isConflicting(ISchedulingRule rule) {
			return equals(rule);
		}
	}

	private final Map<IPath, Image> sessions = new ConcurrentHashMap<>();
	private final Map<IPath, Facts> facts = new ConcurrentHashMap<>();
	private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
	private final IResourceChangeListener projectListener = this::resourceChanged;
	private final ImageService.HandlerListener handlerListener = new ImageService.HandlerListener() {
		@Override
		public void handlerAdded(ImageHandler handler) {
			facts.clear(); // files no handler could read before may be readable now
		}

		@Override
		public void handlerRemoved(ImageHandler handler) {
			handlerLeft(handler);
		}
	};
	private @Nullable ImageService imageService;
	private @Nullable IWorkspace workspace;

	@Reference
	void setImageService(ImageService service) {
		this.imageService = service;
	}

	@Activate
	void activate() {
		imageService().addHandlerListener(handlerListener);
		IWorkspace current = ResourcesPlugin.getWorkspace();
		current.addResourceChangeListener(projectListener,
				IResourceChangeEvent.PRE_CLOSE | IResourceChangeEvent.PRE_DELETE);
		workspace = current;
	}

	@Deactivate
	void deactivate() {
		ImageService service = imageService;
		if (service != null) {
			service.removeHandlerListener(handlerListener);
		}
		IWorkspace current = workspace;
		if (current != null) {
			current.removeResourceChangeListener(projectListener);
		}
		for (IPath path : List.copyOf(sessions.keySet())) {
			Image image = sessions.remove(path);
			if (image != null) {
				image.close();
			}
		}
	}

	/** @return the image service sessions are opened with */
	public ImageService imageService() {
		ImageService service = imageService;
		if (service == null) {
			throw new IllegalStateException("the image service is not bound");
		}
		return service;
	}

	/** @return the scheduling rule of jobs that use the session of {@code file} */
	public ISchedulingRule rule(IFile file) {
		return new FileRule(file.getFullPath());
	}

	/**
	 * Opens the session of an image file, or returns the open one. Touches the disk: call it from a job.
	 *
	 * @throws ImageException when the file has no local location or the handler cannot open it (the message names the
	 *                        file and the reason)
	 */
	public Image open(IFile file, OpenOptions options) throws ImageException {
		Image open = sessions.get(file.getFullPath());
		if (open != null) {
			return open;
		}
		IPath location = file.getLocation();
		if (location == null) {
			throw new ImageException(null, file.getFullPath() + ": the file is not on the local disk");
		}
		Image image = imageService().open(location.toPath(), options);
		Image raced = sessions.putIfAbsent(file.getFullPath(), image);
		if (raced != null) {
			image.close();
			return raced;
		}
		return image;
	}

	/** @return the open session of {@code file}, if any */
	public Optional<Image> session(IFile file) {
		return Optional.ofNullable(sessions.get(file.getFullPath()));
	}

	/** @return the image files with an open session */
	public List<IFile> openFiles() {
		List<IFile> files = new ArrayList<>();
		for (IPath path : sessions.keySet()) {
			files.add(ResourcesPlugin.getWorkspace().getRoot().getFile(path));
		}
		return files;
	}

	/** Closes the session of {@code file} (staged changes are dropped) and tells the listeners. */
	public void close(IFile file) {
		close(file.getFullPath(), "closed");
	}

	private void close(IPath path, String reason) {
		Image image = sessions.remove(path);
		facts.remove(path);
		if (image != null) {
			image.close();
			IFile file = ResourcesPlugin.getWorkspace().getRoot().getFile(path);
			for (SessionListener listener : listeners) {
				listener.sessionClosed(file, reason);
			}
		}
	}

	/**
	 * The facts about an image file, read once per modification of the file (a read-only open of its own, so it never
	 * disturbs a session's job). Touches the disk unless cached: call it from a job.
	 */
	public ImageInfo info(IFile file) throws ImageException {
		Optional<ImageInfo> cached = cachedInfo(file);
		if (cached.isPresent()) {
			return cached.get();
		}
		IPath location = file.getLocation();
		if (location == null) {
			throw new ImageException(null, file.getFullPath() + ": the file is not on the local disk");
		}
		long stamp = file.getModificationStamp();
		long local = file.getLocalTimeStamp();
		try (Image image = imageService().open(location.toPath(), OpenOptions.READ_ONLY)) {
			ImageInfo info = image.info();
			facts.put(file.getFullPath(), new Facts(stamp, local, info));
			return info;
		}
	}

	/** @return the facts about {@code file} when they are cached and current; never touches the disk */
	public Optional<ImageInfo> cachedInfo(IFile file) {
		Facts known = facts.get(file.getFullPath());
		if (known != null && known.modificationStamp() == file.getModificationStamp()
				&& known.localTimeStamp() == file.getLocalTimeStamp()) {
			return Optional.of(known.info());
		}
		return Optional.empty();
	}

	/** Forgets the cached facts of {@code file} (after a commit, or when it changed on disk). */
	public void forget(IFile file) {
		facts.remove(file.getFullPath());
	}

	public void addListener(SessionListener listener) {
		listeners.add(listener);
	}

	public void removeListener(SessionListener listener) {
		listeners.remove(listener);
	}

	/**
	 * A handler left (its plug-in was uninstalled, or its bundle stopped): the {@link ImageService} has closed the
	 * images it opened; their sessions are dropped and the listeners (editors) told, so none keeps a dead session.
	 */
	private void handlerLeft(ImageHandler handler) {
		String id = handler.id();
		for (Map.Entry<IPath, Image> session : List.copyOf(sessions.entrySet())) {
			if (id.equals(session.getValue().handlerId())) {
				close(session.getKey(), "its handler '" + id + "' was uninstalled");
			}
		}
		facts.clear();
	}

	private void resourceChanged(IResourceChangeEvent event) {
		IResource resource = event.getResource();
		if (!(resource instanceof IProject project)) {
			return;
		}
		String reason = event.getType() == IResourceChangeEvent.PRE_DELETE ? "project " + project.getName() + " deleted"
				: "project " + project.getName() + " closed";
		for (IPath path : List.copyOf(sessions.keySet())) {
			if (project.getFullPath().isPrefixOf(path)) {
				close(path, reason);
			}
		}
		facts.keySet().removeIf(path -> project.getFullPath().isPrefixOf(path));
	}
}
