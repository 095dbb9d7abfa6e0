package org.deployforge.plugins.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/** Opens the {@link PluginsDialog} (Help > Install New Software..., Help > Installed Plug-ins...). */
public final class ManagePluginsHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		new PluginsDialog(HandlerUtil.getActiveShell(event)).open();
		return null;
	}
}
