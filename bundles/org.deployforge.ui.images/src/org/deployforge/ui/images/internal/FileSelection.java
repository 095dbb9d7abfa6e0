package org.deployforge.ui.images.internal;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.StructuredSelection;

/** The selection an editor page offers the workbench: its image file, so the Properties view shows its facts. */
final class FileSelection implements ISelectionProvider {

	private final IFile file;

	FileSelection(IFile file) {
		this.file = file;
	}

	@Override
	public ISelection getSelection() {
		return new StructuredSelection(file);
	}

	@Override
	public void setSelection(ISelection selection) {
		// fixed
	}

	@Override
	public void addSelectionChangedListener(ISelectionChangedListener listener) {
		// never changes
	}

	@Override
	public void removeSelectionChangedListener(ISelectionChangedListener listener) {
		// never changes
	}
}
