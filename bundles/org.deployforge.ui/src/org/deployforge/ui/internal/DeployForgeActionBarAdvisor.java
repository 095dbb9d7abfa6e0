package org.deployforge.ui.internal;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ActionFactory.IWorkbenchAction;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/** The menus: File, Edit, Window, Help with the standard Eclipse actions and contribution slots. */
final class DeployForgeActionBarAdvisor extends ActionBarAdvisor {

	DeployForgeActionBarAdvisor(IActionBarConfigurer configurer) {
		super(configurer);
	}

	private IWorkbenchAction register(ActionFactory factory, IWorkbenchWindow window) {
		IWorkbenchAction action = factory.create(window);
		register(action);
		return action;
	}

	@Override
	protected void fillMenuBar(IMenuManager menuBar) {
		IWorkbenchWindow window = getActionBarConfigurer().getWindowConfigurer().getWindow();

		MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
		MenuManager newMenu = new MenuManager("&New", ActionFactory.NEW.getId());
		newMenu.add(ContributionItemFactory.NEW_WIZARD_SHORTLIST.create(window));
		file.add(newMenu);
		file.add(new GroupMarker(IWorkbenchActionConstants.NEW_EXT));
		file.add(new Separator());
		file.add(register(ActionFactory.CLOSE, window));
		file.add(register(ActionFactory.CLOSE_ALL, window));
		file.add(new Separator());
		file.add(register(ActionFactory.SAVE, window));
		file.add(register(ActionFactory.SAVE_ALL, window));
		file.add(register(ActionFactory.REVERT, window));
		file.add(new Separator());
		file.add(register(ActionFactory.REFRESH, window));
		file.add(new Separator());
		file.add(register(ActionFactory.IMPORT, window));
		file.add(register(ActionFactory.EXPORT, window));
		file.add(new Separator());
		file.add(register(ActionFactory.PROPERTIES, window));
		file.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
		file.add(new Separator());
		file.add(register(ActionFactory.QUIT, window));
		menuBar.add(file);

		MenuManager edit = new MenuManager("&Edit", IWorkbenchActionConstants.M_EDIT);
		edit.add(register(ActionFactory.UNDO, window));
		edit.add(register(ActionFactory.REDO, window));
		edit.add(new Separator());
		edit.add(register(ActionFactory.CUT, window));
		edit.add(register(ActionFactory.COPY, window));
		edit.add(register(ActionFactory.PASTE, window));
		edit.add(new Separator());
		edit.add(register(ActionFactory.DELETE, window));
		edit.add(register(ActionFactory.RENAME, window));
		edit.add(register(ActionFactory.SELECT_ALL, window));
		edit.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
		menuBar.add(edit);

		menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));

		MenuManager windowMenu = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
		MenuManager showView = new MenuManager("Show &View");
		showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(window));
		windowMenu.add(showView);
		windowMenu.add(register(ActionFactory.RESET_PERSPECTIVE, window));
		windowMenu.add(new Separator());
		windowMenu.add(register(ActionFactory.PREFERENCES, window));
		menuBar.add(windowMenu);

		MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
		help.add(new GroupMarker(IWorkbenchActionConstants.HELP_START));
		help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
		help.add(new GroupMarker(IWorkbenchActionConstants.HELP_END));
		help.add(new Separator());
		help.add(register(ActionFactory.ABOUT, window));
		menuBar.add(help);
	}
}
