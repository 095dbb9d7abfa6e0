package org.deployforge.ui.images.internal;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.navigator.CommonActionProvider;
import org.eclipse.ui.navigator.ICommonActionConstants;
import org.eclipse.ui.navigator.ICommonActionExtensionSite;
import org.eclipse.ui.navigator.ICommonMenuConstants;

/** Opens an image index from the Project Explorer (double-click or Open) in the image editor's Files page. */
public final class ImageActionProvider extends CommonActionProvider {

	private Action open = new Action("Open") {
	};

	@Override
	public void init(ICommonActionExtensionSite site) {
		super.init(site);
		open = new Action("Open Image Index") {
			@Override
			public void run() {
				if (getContext() != null && getContext().getSelection() instanceof IStructuredSelection selection
						&& selection.getFirstElement() instanceof ImageNodes.Volume volume) {
					IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
					ImageEditor.open(page, volume.file(), volume.volume().index());
				}
			}
		};
		open.setImageDescriptor(Icons.descriptor(Icons.VOLUME));
	}

	@Override
	public void fillActionBars(IActionBars actionBars) {
		actionBars.setGlobalActionHandler(ICommonActionConstants.OPEN, open);
	}

	@Override
	public void fillContextMenu(IMenuManager menu) {
		menu.appendToGroup(ICommonMenuConstants.GROUP_OPEN, open);
	}
}
