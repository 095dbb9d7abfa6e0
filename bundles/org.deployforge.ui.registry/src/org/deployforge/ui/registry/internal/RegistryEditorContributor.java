package org.deployforge.ui.registry.internal;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.part.EditorActionBarContributor;

/**
 * Connects the workbench's Edit and File actions and their keys (Delete, F2 Rename, Ctrl+F Find, Revert) to the active
 * Registry editor; Save (Ctrl+S) reaches it through the editor's own doSave.
 */
public final class RegistryEditorContributor extends EditorActionBarContributor {

	@Override
	public void setActiveEditor(@Nullable IEditorPart part) {
		IActionBars bars = getActionBars();
		if (bars == null) {
			return;
		}
		RegistryEditor editor = part instanceof RegistryEditor registry ? registry : null;
		bars.setGlobalActionHandler(ActionFactory.DELETE.getId(), editor == null ? null : editor.deleteAction);
		bars.setGlobalActionHandler(ActionFactory.RENAME.getId(), editor == null ? null : editor.renameAction);
		bars.setGlobalActionHandler(ActionFactory.FIND.getId(), editor == null ? null : editor.findAction);
		bars.setGlobalActionHandler(ActionFactory.REVERT.getId(), editor == null ? null : editor.revertAction);
		bars.updateActionBars();
	}
}
