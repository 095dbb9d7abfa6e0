package org.deployforge.ui.images.internal;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.part.MultiPageEditorActionBarContributor;

/**
 * Connects the workbench's Edit and File actions (Delete, Rename, Copy, Revert) and their keys (Del, F2, Ctrl+C) to
 * the Files page of the active image editor.
 */
public final class ImageEditorContributor extends MultiPageEditorActionBarContributor {

	private @Nullable ImageEditor editor;

	@Override
	public void setActiveEditor(IEditorPart part) {
		editor = part instanceof ImageEditor imageEditor ? imageEditor : null;
		super.setActiveEditor(part);
	}

	@Override
	public void setActivePage(@Nullable IEditorPart activePage) {
		IActionBars bars = getActionBars();
		if (bars == null) {
			return;
		}
		ImageEditor current = editor;
		FilesPage files = current == null ? null : current.filesPage();
		boolean onFiles = files != null && activePage == files;
		bars.setGlobalActionHandler(ActionFactory.DELETE.getId(), onFiles ? files.deleteAction : null);
		bars.setGlobalActionHandler(ActionFactory.RENAME.getId(), onFiles ? files.renameAction : null);
		bars.setGlobalActionHandler(ActionFactory.COPY.getId(), onFiles ? files.copyPathAction : null);
		bars.setGlobalActionHandler(ActionFactory.REVERT.getId(), files == null ? null : files.revertAction);
		bars.updateActionBars();
	}
}
