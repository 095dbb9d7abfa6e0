package org.deployforge.core.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.deployforge.core.CommitResult;
import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImageTree;
import org.deployforge.core.PendingChange;
import org.deployforge.core.capability.ImageCapability;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * An image opened through {@link ImageServiceImpl}: the service remembers it so that it can close it when its handler
 * leaves; after that every call says the handler is gone instead of reaching into an uninstalled bundle.
 */
final class TrackedImage implements Image {

	private final Image delegate;
	private final ImageServiceImpl service;
	private final ImageHandler handler;
	private volatile boolean handlerGone;
	private volatile boolean closed;

	TrackedImage(Image delegate, ImageServiceImpl service, ImageHandler handler) {
		this.delegate = delegate;
		this.service = service;
		this.handler = handler;
	}

	private Image live() throws ImageException {
		if (handlerGone) {
			throw new ImageException(delegate.file(), "closed: its handler '" + handler.id() + "' was uninstalled or stopped");
		}
		if (closed) {
			throw new ImageException(delegate.file(), "the image session is closed");
		}
		return delegate;
	}

	@Override
	public Path file() {
		return delegate.file();
	}

	@Override
	public ImageFormat format() {
		return delegate.format();
	}

	@Override
	public String handlerId() {
		return delegate.handlerId();
	}

	@Override
	public ImageInfo info() throws ImageException {
		return live().info();
	}

	@Override
	public ImageTree tree(int index) throws ImageException {
		return new ResolvingTree(live().tree(index), this);
	}

	@Override
	public boolean isReadOnly() {
		return delegate.isReadOnly();
	}

	@Override
	public List<PendingChange> pendingChanges() {
		return handlerGone || closed ? List.of() : delegate.pendingChanges();
	}

	@Override
	public CommitResult commit(IProgressMonitor monitor) throws ImageException {
		return live().commit(monitor);
	}

	@Override
	public void discard() {
		if (!handlerGone && !closed) {
			delegate.discard();
		}
	}

	@Override
	public <T extends ImageCapability> Optional<T> capability(Class<T> type) {
		return handlerGone || closed ? Optional.empty() : delegate.capability(type);
	}

	void closeBecauseHandlerLeft() {
		handlerGone = true;
		delegate.close();
	}

	@Override
	public void close() {
		if (!closed) {
			closed = true;
			service.forget(this, handler);
			if (!handlerGone) {
				delegate.close();
			}
		}
	}
}
