package org.deployforge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.DeployForgeUi;
import org.deployforge.ui.images.internal.EntryNodeAccess;
import org.deployforge.ui.images.internal.ImageEditor;
import org.deployforge.ui.images.internal.NewDeploymentProjectWizard;
import org.deployforge.workspace.DeploymentNature;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.navigator.CommonNavigator;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image workbench as a deployment engineer uses it, on the real WIM handler (wimlib) and compared with the real
 * {@code wimlib-imagex}: projects, import, Project Explorer, Properties, the editor's Overview and Files pages, staged
 * changes with Save and Revert, a cancelled export, a damaged file, closing a project.
 */
class ImageWorkbenchTest {

	@TempDir
	Path temp;

	@BeforeEach
	@AfterEach
	void closeEditorsAndDialogs() {
		// the first start creates the sample project and opens its image: let that happen before a test starts
		Workbench.reset();
	}

	@Test
	void createProjectImportOpenOverviewAndFilesMatchWimlib() throws Exception {
		Fixtures.require("wim/MultiImage.wim");
		// New Deployment Project wizard, driven like a person: type the name, press Finish
		IProject old = ResourcesPlugin.getWorkspace().getRoot().getProject("Deployment A");
		if (old.exists()) {
			old.delete(true, true, new NullProgressMonitor());
		}
		NewDeploymentProjectWizard wizard = new NewDeploymentProjectWizard();
		wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
		WizardDialog dialog = new WizardDialog(Workbench.window().getShell(), wizard);
		dialog.setBlockOnOpen(false);
		dialog.open();
		Text name = UiHarness.findAll(dialog.getShell(), Text.class).get(0);
		name.setText("Deployment A");
		UiHarness.processEvents();
		UiHarness.screenshot(dialog.getShell(), "new-project-wizard");
		UiHarness.press(dialog.getShell(), "Finish");
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("Deployment A");
		UiHarness.waitUntil("the project to be created", 30_000, project::isOpen);
		assertTrue(project.hasNature(DeploymentNature.ID), "the wizard gives the deployment nature");

		IFile image = Workbench.importFixture("wim/MultiImage.wim", temp, project, false);
		assertFalse(image.isLinked(), "copied, not linked");
		assertEquals(-1, Files.mismatch(image.getLocation().toPath(), Fixtures.require("wim/MultiImage.wim")));

		// Project Explorer: the image with its three image indexes as children, read lazily in a job
		CommonNavigator explorer = (CommonNavigator) Workbench.page().showView(DeployForgeUi.PROJECT_EXPLORER_ID);
		explorer.getCommonViewer().setExpandedState(project, true);
		explorer.getCommonViewer().setExpandedState(image, true);
		Tree tree = explorer.getCommonViewer().getTree();
		UiHarness.waitUntil("the image indexes under MultiImage.wim", 30_000, () -> {
			explorer.getCommonViewer().setExpandedState(image, true);
			TreeItem item = UiHarness.findItem(tree, "MultiImage.wim");
			return item != null && item.getItemCount() == 3 && item.getItem(2).getText().startsWith("3  Delta");
		});
		TreeItem imageItem = UiHarness.findItem(tree, "MultiImage.wim");
		assertEquals("1  Base", imageItem.getItem(0).getText().substring(0, 7));
		assertTrue(imageItem.getItem(1).getText().startsWith("2  Changes"), imageItem.getItem(1).getText());
		assertNotNull(imageItem.getImage(), "the image has a format icon");

		// Properties: format, images
		explorer.getCommonViewer().setSelection(new StructuredSelection(image), true);
		IViewPart properties = Workbench.page().showView(IPageLayout.ID_PROP_SHEET);
		Workbench.page().activate(explorer);
		IPropertySource source = Adapters.adapt(image, IPropertySource.class);
		assertNotNull(source, "image files have properties");
		assertEquals("ImagePropertySource", source.getClass().getSimpleName(), "the image's own property source");
		UiHarness.waitUntil("the image facts in the Properties", 30_000,
				() -> "3".equals(property(Adapters.adapt(image, IPropertySource.class), "Images")));
		IPropertySource facts = Adapters.adapt(image, IPropertySource.class);
		assertEquals("Windows Imaging Format (WIM)", property(facts, "Format"));
		assertEquals("LZX", property(facts, "Compression"));
		assertNotNull(properties);
		UiHarness.screenshot(Workbench.window().getShell(), "explorer-and-properties");

		// the editor: Overview lists the 3 images
		ImageEditor editor = Workbench.open(image);
		UiHarness.waitUntil("the Overview's images table", 30_000, () -> editor.overviewPage().imageRows().size() == 3);
		List<String> rows = editor.overviewPage().imageRows();
		assertTrue(rows.get(0).startsWith("1 | Base"), rows.toString());
		assertTrue(rows.get(1).startsWith("2 | Changes"), rows.toString());
		assertTrue(rows.get(2).startsWith("3 | Delta"), rows.toString());
		Workbench.settle(editor);
		UiHarness.screenshot(Workbench.window().getShell(), "editor-overview");

		// Files page of image 2: the tree, entry for entry, is what wimlib-imagex dir lists
		editor.showIndex(2);
		UiHarness.waitUntil("the Files page to show image 2", 30_000, () -> editor.filesPage().shownIndex() == 2);
		Workbench.settle(editor);
		editor.filesPage().viewer().expandAll();
		UiHarness.processEvents();
		List<String> shown = UiHarness.treePaths(editor.filesPage().viewer().getTree(), 0);
		List<String> expected = Workbench.wimlibDir(image.getLocation().toPath(), 2);
		assertEquals(expected, Workbench.sorted(shown), "the Files tree of image 2 against wimlib-imagex dir");
		UiHarness.screenshot(Workbench.window().getShell(), "editor-files-image2");

	}

	/** @return how many open editors edit one of {@code files} */
	private static int editorsOn(List<IFile> files) {
		int count = 0;
		for (var reference : Workbench.page().getEditorReferences()) {
			try {
				if (reference.getEditorInput() instanceof org.eclipse.ui.IFileEditorInput input
						&& files.contains(input.getFile())) {
					count++;
				}
			} catch (org.eclipse.ui.PartInitException e) {
				throw new AssertionError(e);
			}
		}
		return count;
	}

	private static String property(IPropertySource source, String name) {
		if (source == null) {
			return null;
		}
		for (IPropertyDescriptor descriptor : source.getPropertyDescriptors()) {
			if (descriptor.getDisplayName().equals(name)) {
				Object value = source.getPropertyValue(descriptor.getId());
				return value == null ? null : value.toString();
			}
		}
		return null;
	}

	@Test
	void addRenameDeleteThenSaveMatchesWimlibAndRevertLeavesTheFileIdentical() throws Exception {
		Fixtures.require("wim/MultiImage.wim");
		IProject project = Workbench.project("Deployment B");
		IFile image = Workbench.importFixture("wim/MultiImage.wim", temp, project, false);
		Path wim = image.getLocation().toPath();
		ImageEditor editor = Workbench.open(image);
		editor.showIndex(2);
		UiHarness.waitUntil("image 2's tree", 30_000, () -> editor.filesPage().shownIndex() == 2);
		Workbench.settle(editor);

		Path added = Files.writeString(temp.resolve("added.txt"), "added by the workbench test\r\n");
		editor.stageAdd(EntryNodeAccess.node(editor, "/B"), List.of(added));
		Workbench.settle(editor);
		editor.stageRename(EntryNodeAccess.node(editor, "/Z.txt"), "Y.txt");
		Workbench.settle(editor);
		editor.stageRemove(List.of(EntryNodeAccess.node(editor, "/B/D.ini")));
		Workbench.settle(editor);

		assertTrue(editor.isDirty(), "staged changes make the editor dirty");
		List<String> pending = editor.filesPage().pendingRows();
		assertEquals(3, pending.size(), pending.toString());
		editor.filesPage().viewer().expandAll();
		UiHarness.processEvents();
		List<String> shown = UiHarness.treePaths(editor.filesPage().viewer().getTree(), 0);
		assertTrue(shown.contains("/B/added.txt  (new)"), shown.toString());
		assertTrue(shown.contains("/B/D.ini  (deleted)"), shown.toString());
		assertTrue(shown.contains("/Y.txt  (was Z.txt)"), shown.toString());
		assertEquals(Workbench.wimlibDir(Fixtures.require("wim/MultiImage.wim"), 2), Workbench.wimlibDir(wim, 2),
				"nothing is written before Save");
		UiHarness.screenshot(Workbench.window().getShell(), "editor-staged-changes");

		UiHarness.waitForJob(editor.save(), 60_000);
		Workbench.settle(editor);
		assertFalse(editor.isDirty(), "saved");
		assertEquals(List.of("/B", "/B/C.txt", "/B/added.txt", "/Y.txt"), Workbench.wimlibDir(wim, 2),
				"wimlib-imagex dir after Save");
		UiHarness.waitUntil("the tree read again", 30_000, () -> editor.entryPaths(2) != null);
		assertEquals(Workbench.wimlibDir(wim, 2), Workbench.sorted(editor.entryPaths(2)));
		assertEquals(Workbench.wimlibDir(Fixtures.require("wim/MultiImage.wim"), 1), Workbench.wimlibDir(wim, 1),
				"the other images are unchanged");
		UiHarness.screenshot(Workbench.window().getShell(), "editor-saved");

		// Revert: stage more, revert, and the file is byte-identical
		byte[] before = Files.readAllBytes(wim);
		editor.stageRemove(List.of(EntryNodeAccess.node(editor, "/B/C.txt")));
		Workbench.settle(editor);
		editor.stageRename(EntryNodeAccess.node(editor, "/Y.txt"), "X.txt");
		Workbench.settle(editor);
		assertTrue(editor.isDirty());
		UiHarness.waitForJob(editor.revert(), 60_000);
		Workbench.settle(editor);
		assertFalse(editor.isDirty(), "reverted");
		assertEquals(-1, java.util.Arrays.mismatch(before, Files.readAllBytes(wim)), "Revert leaves the file byte-identical");
		UiHarness.waitUntil("the tree read again", 30_000, () -> editor.entryPaths(2) != null);
		assertEquals(Workbench.wimlibDir(wim, 2), Workbench.sorted(editor.entryPaths(2)));
	}

	@Test
	void cancellingAnExportMidwayLeavesNoOutputFile() throws Exception {
		// an image big enough that an LZX export takes seconds: 256 MiB of incompressible data, stored uncompressed
		Path content = Files.createDirectories(temp.resolve("content"));
		java.util.Random random = new java.util.Random(42);
		byte[] block = new byte[1 << 20];
		for (int file = 0; file < 8; file++) {
			try (var out = Files.newOutputStream(content.resolve("data" + file + ".bin"))) {
				for (int i = 0; i < 32; i++) {
					random.nextBytes(block);
					out.write(block);
				}
			}
		}
		Path big = temp.resolve("Big.wim");
		org.deployforge.tests.common.Tools.ok("wimlib-imagex", "capture", content.toString(), big.toString(), "Big",
				"--compress=none");
		IProject project = Workbench.project("Deployment C");
		IFile image = Workbench.importFile(big, project, true);
		assertTrue(image.isLinked(), "linked, not copied");
		ImageEditor editor = Workbench.open(image);
		Workbench.settle(editor);

		Path outputFolder = Files.createDirectories(temp.resolve("out"));
		Path output = outputFolder.resolve("Big-LZX.wim");
		var job = editor.export(List.of(), output, new org.deployforge.core.capability.ExportCapability.ExportOptions(
				org.deployforge.core.capability.Compression.LZX, false, false));
		Workbench.page().showView(IPageLayout.ID_PROGRESS_VIEW);
		// mid-way means: the job runs and its partial output exists beside the destination (not a wall-clock guess,
		// which fails on a fast machine and passes on a slow one)
		UiHarness.waitUntil("the export to write its partial output", 60_000, () -> {
			try (var partial = Files.list(outputFolder)) {
				return job.getState() == org.eclipse.core.runtime.jobs.Job.RUNNING && partial.findAny().isPresent();
			} catch (java.io.IOException e) {
				return false;
			}
		});
		job.cancel();
		UiHarness.screenshot(Workbench.window().getShell(), "export-in-progress");
		var result = UiHarness.waitForJob(job, 60_000);
		assertEquals(org.eclipse.core.runtime.IStatus.CANCEL, result.getSeverity(), "the export was cancelled");
		try (var left = Files.list(outputFolder)) {
			List<Path> files = left.toList();
			assertEquals(List.of(), files, "no output file (nor a temporary one) remains");
		}
		assertTrue(Workbench.wimlibDir(big, 1).contains("/data0.bin"), "the source image is intact");
	}

	@Test
	void extractingTheDamagedFileShowsTheFileAndReasonAndTheWorkbenchStaysUsable() throws Exception {
		Fixtures.require("wim/corrupted_file_1.wim");
		IProject project = Workbench.project("Deployment D");
		IFile image = Workbench.importFixture("wim/corrupted_file_1.wim", temp, project, false);
		ImageEditor editor = Workbench.open(image);
		editor.showIndex(1);
		UiHarness.waitUntil("image 1's tree", 30_000, () -> editor.filesPage().shownIndex() == 1);
		Workbench.settle(editor);
		Path target = Files.createDirectories(temp.resolve("extracted"));
		editor.filesPage().select("/file");
		editor.extract(List.of(EntryNodeAccess.node(editor, "/file")), target);
		Shell error = UiHarness.waitForShell("Extract failed", 30_000);
		String message = UiHarness.allText(error);
		assertTrue(message.contains("corrupted_file_1.wim"), "names the image: " + message);
		assertTrue(message.contains("/file"), "names the damaged file: " + message);
		assertTrue(message.toLowerCase().contains("sha-1") || message.toLowerCase().contains("corrupt")
				|| message.toLowerCase().contains("damaged"), "says why: " + message);
		assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
		UiHarness.screenshot(Workbench.window().getShell(), "extract-error-workbench");
		UiHarness.screenshot(error, "extract-error-dialog");
		UiHarness.press(error, "OK");
		UiHarness.waitUntil("the dialog to close", 10_000, () -> error.isDisposed());
		try (var left = Files.list(target)) {
			assertEquals(List.of(), left.toList(), "no partial file remains");
		}
		// still usable: the editor answers, another image opens and lists
		Fixtures.require("wim/MultiImage.wim");
		IFile other = Workbench.importFixture("wim/MultiImage.wim", temp, project, false);
		ImageEditor second = Workbench.open(other);
		UiHarness.waitUntil("the second image's overview", 30_000, () -> second.overviewPage().imageRows().size() == 3);
		assertEquals(List.of("/file"), Workbench.sorted(editor.entryPaths(1)));
	}

	@Test
	void severalImagesInSeveralProjectsAndClosingAProjectClosesItsSessions() throws Exception {
		Fixtures.require("wim/MultiImage.wim");
		IProject first = Workbench.project("Deployment E");
		IProject second = Workbench.project("Deployment F");
		Path a = Files.createDirectories(temp.resolve("a"));
		Path b = Files.createDirectories(temp.resolve("b"));
		IFile one = Workbench.importFixture("wim/MultiImage.wim", a, first, false);
		IFile two = Workbench.importFixture("wim/MultiImage.wim", b, second, false);
		IFile three = Workbench.importFixture("wim/LZX.wim", b, second, false);
		ImageEditor editorOne = Workbench.open(one);
		ImageEditor editorTwo = Workbench.open(two);
		ImageEditor editorThree = Workbench.open(three);
		Workbench.settle(editorOne);
		Workbench.settle(editorTwo);
		Workbench.settle(editorThree);
		List<IFile> open = new ArrayList<>(Workbench.sessions().openFiles());
		assertTrue(open.containsAll(List.of(one, two, three)), "three sessions open: " + open);
		assertEquals(3, editorsOn(List.of(one, two, three)), "three editors open");
		UiHarness.screenshot(Workbench.window().getShell(), "three-images-two-projects");

		second.close(new NullProgressMonitor());
		UiHarness.waitUntil("the editors of the closed project to close", 30_000,
				() -> editorsOn(List.of(two, three)) == 0);
		assertEquals(1, editorsOn(List.of(one)), "the first project's editor stays open");
		UiHarness.waitUntil("the closed project's sessions to close", 10_000,
				() -> !Workbench.sessions().openFiles().contains(two) && !Workbench.sessions().openFiles().contains(three));
		assertTrue(Workbench.sessions().openFiles().contains(one), "the first project's session stays open");
		assertTrue(editorOne.getSite().getPage().getEditorReferences().length >= 1);
	}

	@Test
	void anImageChangedOnDiskByAnotherProgramIsOfferedForReloadOnActivation() throws Exception {
		Fixtures.require("wim/MultiImage.wim");
		IProject project = Workbench.project("Deployment G");
		IFile image = Workbench.importFixture("wim/MultiImage.wim", temp, project, false);
		Path wim = image.getLocation().toPath();
		ImageEditor editor = Workbench.open(image);
		editor.showIndex(1);
		UiHarness.waitUntil("image 1's tree", 30_000, () -> editor.filesPage().shownIndex() == 1);
		Workbench.settle(editor);

		// another program adds a file to image 1
		Path extra = Files.writeString(temp.resolve("extra.txt"), "written by wimlib-imagex update");
		org.deployforge.tests.common.Tools.ok("wimlib-imagex", "update", wim.toString(), "1",
				"--command=add " + extra + " /extra.txt");
		IViewPart explorer = Workbench.page().showView(DeployForgeUi.PROJECT_EXPLORER_ID);
		Workbench.page().activate(explorer);
		Workbench.page().activate(editor);
		Shell ask = UiHarness.waitForShell("Image changed on disk", 10_000);
		assertTrue(UiHarness.allText(ask).contains("MultiImage.wim"), UiHarness.allText(ask));
		UiHarness.screenshot(Workbench.window().getShell(), "reload-question");
		UiHarness.press(ask, "Reload");
		UiHarness.waitUntil("the reloaded tree with /extra.txt", 30_000,
				() -> editor.entryPaths(1) != null && editor.entryPaths(1).contains("/extra.txt"));
		assertEquals(Workbench.wimlibDir(wim, 1), Workbench.sorted(editor.entryPaths(1)));
	}
}
