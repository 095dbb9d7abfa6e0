package org.deployforge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.DeployForgeUi;
import org.deployforge.workspace.SampleWorkspace;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.navigator.CommonNavigator;
import org.junit.jupiter.api.Test;

/** The workbench starts as a newcomer sees it: DeployForge perspective, Project Explorer, the sample project. */
class WorkbenchStartTest {

	@Test
	void startsWithTheDeployForgePerspectiveProjectExplorerAndSampleProject() throws Exception {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
		IWorkbenchPage page = window.getActivePage();
		assertNotNull(page, "the window has a page");
		assertEquals(DeployForgeUi.PERSPECTIVE_ID, page.getPerspective().getId());
		assertEquals("DeployForge", page.getPerspective().getLabel());

		IViewPart explorer = page.findView(DeployForgeUi.PROJECT_EXPLORER_ID);
		assertInstanceOf(CommonNavigator.class, explorer, "the Project Explorer is open in the perspective");

		IProject sample = ResourcesPlugin.getWorkspace().getRoot().getProject(SampleWorkspace.SAMPLE_PROJECT);
		UiHarness.waitUntil("the sample project to be created", 30_000,
				() -> sample.exists() && sample.getFile("README.md").exists());
		Tree tree = ((CommonNavigator) explorer).getCommonViewer().getTree();
		UiHarness.waitUntil("the Project Explorer to show the sample project", 10_000,
				() -> UiHarness.topLevelItems(tree).contains(SampleWorkspace.SAMPLE_PROJECT));
		List<String> shown = UiHarness.topLevelItems(tree);
		assertTrue(shown.contains(SampleWorkspace.SAMPLE_PROJECT), "Project Explorer shows " + shown);

		window.getShell().setSize(1280, 800);
		page.activate(explorer);
		((CommonNavigator) explorer).getCommonViewer().expandToLevel(2);
		Path png = UiHarness.screenshot(window.getShell(), "workbench-start");
		assertTrue(Files.size(png) > 10_000, "a screenshot with content was saved: " + png);
	}
}
