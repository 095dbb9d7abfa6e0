package org.deployforge.ui.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.images.ImagesUi;
import org.deployforge.ui.images.internal.ImageEditor;
import org.deployforge.ui.images.internal.ImportImagesWizard;
import org.deployforge.workspace.DeploymentProjects;
import org.deployforge.workspace.ImageSessions;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.Assertions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/** Steps the image workbench tests share: projects, imports, editors, the real wimlib-imagex listing. */
final class Workbench {

	private Workbench() {
	}

	static IWorkbenchWindow window() {
		return PlatformUI.getWorkbench().getWorkbenchWindows()[0];
	}

	static IWorkbenchPage page() {
		return window().getActivePage();
	}

	static ImageSessions sessions() {
		BundleContext context = FrameworkUtil.getBundle(Workbench.class).getBundleContext();
		return context.getService(context.getServiceReference(ImageSessions.class));
	}

	/** @return a new deployment project (deleted first if a previous run left it) */
	static IProject project(String name) throws Exception {
		IProject old = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
		if (old.exists()) {
			old.delete(true, true, new NullProgressMonitor());
		}
		return DeploymentProjects.create(ResourcesPlugin.getWorkspace(), name, null, new NullProgressMonitor());
	}

	/** Copies a fixture to {@code temp} and imports it with the import wizard's job (copy or link). */
	static IFile importFixture(String fixture, Path temp, IProject project, boolean link) throws IOException {
		Path copy = Fixtures.copy(fixture, temp);
		return importFile(copy, project, link);
	}

	static IFile importFile(Path file, IProject project, boolean link) {
		Job job = ImportImagesWizard.schedule(List.of(file), project, link);
		UiHarness.waitForJob(job, 60_000);
		IFile imported = project.getFile(file.getFileName().toString());
		Assertions.assertTrue(imported.exists(), "imported " + imported);
		return imported;
	}

	static ImageEditor open(IFile file) throws Exception {
		ImageEditor editor = (ImageEditor) IDE.openEditor(page(), file, ImagesUi.EDITOR_ID);
		UiHarness.waitUntil("the editor to read " + file.getName(), 30_000, () -> editor.info() != null
				|| editor.openFailure() != null);
		return editor;
	}

	/** Waits until the editor's jobs (and the follow-up UI updates) are done. */
	static void settle(ImageEditor editor) {
		UiHarness.waitUntil("the editor's jobs to finish", 60_000,
				() -> Job.getJobManager().find(editor).length == 0);
		UiHarness.processEvents();
	}

	/** @return the paths {@code wimlib-imagex dir FILE INDEX} prints, without the root */
	static List<String> wimlibDir(Path wim, int index) throws Exception {
		return wimlibDir(wim, index, new String[0]);
	}

	/** @return the paths {@code wimlib-imagex dir FILE INDEX OPTIONS…} prints, without the root */
	static List<String> wimlibDir(Path wim, int index, String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of("wimlib-imagex", "dir", wim.toString(), Integer.toString(index)));
		command.addAll(List.of(options));
		String out = Tools.ok(command.toArray(String[]::new)).stdout();
		List<String> paths = new ArrayList<>(Arrays.stream(out.split("\n")).map(String::strip)
				.filter(line -> !line.isEmpty() && !line.equals("/")).toList());
		paths.sort(null);
		return paths;
	}

	static List<String> sorted(List<String> paths) {
		List<String> copy = new ArrayList<>(paths);
		copy.remove("/");
		copy.sort(null);
		return copy;
	}

	/** Before and after a test: the start-up work is done, dialogs and editors are closed. */
	static void reset() {
		UiHarness.resetWorkbench();
	}
}
