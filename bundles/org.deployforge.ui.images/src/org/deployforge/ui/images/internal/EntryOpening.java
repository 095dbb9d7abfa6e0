package org.deployforge.ui.images.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.deployforge.core.Image;
import org.deployforge.core.ImageException;
import org.deployforge.ui.images.ImageEntryContext;
import org.deployforge.ui.images.ImageEntryOpener;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The Files page's hook for {@link ImageEntryOpener} services: a double-clicked file entry goes to the first opener
 * that wants it, with an {@link ImageEntryContext} on the image editor's session. The image editor tells the contexts'
 * listeners when it saves, reverts or closes ({@link #fire}).
 */
final class EntryOpening {

	/** Listeners per image editor (weak: an editor that is gone takes its listeners with it). */
	private static final Map<ImageEditor, List<ImageEntryContext.Listener>> LISTENERS = new WeakHashMap<>();

	private EntryOpening() {
	}

	/**
	 * Opens {@code node} with the first {@link ImageEntryOpener} service that can.
	 *
	 * @return whether an opener took it (else the caller opens it read-only)
	 */
	static boolean open(ImageEditor editor, EntryNode node) {
		if (node.directory || node.removed() || node.state == EntryNode.State.ADDED) {
			return false;
		}
		Context context = new Context(editor, node.path(), node.name, editor.index());
		BundleContext bundle = FrameworkUtil.getBundle(EntryOpening.class).getBundleContext();
		if (bundle == null) {
			return false;
		}
		List<ServiceReference<ImageEntryOpener>> references;
		try {
			references = new ArrayList<>(bundle.getServiceReferences(ImageEntryOpener.class, null));
		} catch (InvalidSyntaxException e) {
			return false;
		}
		references.sort(null);
		java.util.Collections.reverse(references); // highest ranking first
		for (ServiceReference<ImageEntryOpener> reference : references) {
			ImageEntryOpener opener = bundle.getService(reference);
			if (opener == null) {
				continue;
			}
			try {
				if (opener.canOpen(context)) {
					opener.open(context);
					return true;
				}
			} catch (PartInitException | RuntimeException e) {
				Errors.show("Cannot open", "Opening " + node.path() + " of " + editor.file().getName() + " failed.",
						e);
				return true;
			} finally {
				bundle.ungetService(reference);
			}
		}
		return false;
	}

	/** Tells the listeners of {@code editor}'s entries what happened (UI thread). */
	static void fire(ImageEditor editor, ImageEntryContext.Event event) {
		List<ImageEntryContext.Listener> listeners;
		synchronized (LISTENERS) {
			List<ImageEntryContext.Listener> known = LISTENERS.get(editor);
			listeners = known == null ? List.of() : List.copyOf(known);
			if (event == ImageEntryContext.Event.CLOSED) {
				LISTENERS.remove(editor);
			}
		}
		for (ImageEntryContext.Listener listener : listeners) {
			try {
				listener.imageChanged(new Context(editor, "/", "", editor.index()), event);
			} catch (RuntimeException e) {
				Errors.show("Error", "A part that edits an entry of " + editor.file().getName() + " failed.", e);
			}
		}
	}

	private record Context(ImageEditor editor, String path, String name, int index) implements ImageEntryContext {

		@Override
		public IWorkbenchPage page() {
			return editor.getSite().getPage();
		}

		@Override
		public IFile imageFile() {
			return editor.file();
		}

		@Override
		public boolean readOnly() {
			return editor.readOnly();
		}

		@Override
		public ISchedulingRule rule() {
			return editor.sessions().rule(editor.file());
		}

		@Override
		public Image session() throws ImageException {
			return editor.session();
		}

		@Override
		public void staged() {
			try {
				editor.afterStaging(editor.session());
			} catch (ImageException e) {
				// the editor closed meanwhile: nothing to show
			}
		}

		@Override
		public void addListener(Listener listener) {
			synchronized (LISTENERS) {
				List<Listener> list = LISTENERS.computeIfAbsent(editor, key -> new CopyOnWriteArrayList<>());
				if (!list.contains(listener)) {
					list.add(listener);
				}
			}
		}

		@Override
		public void removeListener(Listener listener) {
			synchronized (LISTENERS) {
				List<Listener> list = LISTENERS.get(editor);
				if (list != null) {
					list.remove(listener);
				}
			}
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Context context && context.editor == editor && context.path.equals(path)
					&& context.index == index;
		}

		@Override
		public int hashCode() {
			return Objects.hash(System.identityHashCode(editor), path, index);
		}
	}
}
