package org.deployforge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.deployforge.core.capability.IsoBuildCapability;
import org.deployforge.tests.common.Tools;
import org.deployforge.tests.common.Xorriso;
import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.images.internal.EntryNodeAccess;
import org.deployforge.ui.images.internal.ImageEditor;
import org.deployforge.ui.images.internal.NestedImageInput;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows-like install media (built in the test with mkfs.vfat/mtools, wimlib-imagex and the ISO handler's
 * genisoimage build): the Overview lists the editions of install.wim; "Open in Editor" on {@code sources/install.wim}
 * opens it in a nested image editor; a file added there and saved is staged into the ISO as a replacement; saving
 * the ISO writes it, checked with xorriso (the extracted install.wim, listed by wimlib-imagex; both El Torito
 * entries).
 */
class NestedImageEditorTest {

	@TempDir
	Path temp;

	@BeforeEach
	@AfterEach
	void closeEditorsAndDialogs() {
		Workbench.reset();
	}

	/** Windows-like media: etfsboot.com, a FAT efisys.bin, install.wim with two editions, setup.exe. */
	private Path media() throws Exception {
		Path tree = Files.createDirectories(temp.resolve("media"));
		Path boot = Files.createDirectories(tree.resolve("boot"));
		byte[] etfsboot = new byte[4096];
		new Random(42).nextBytes(etfsboot);
		Files.write(boot.resolve("etfsboot.com"), etfsboot);
		Path efisys = Files.createDirectories(tree.resolve("efi/microsoft/boot")).resolve("efisys.bin");
		Tools.ok("mkfs.vfat", "-C", "-n", "EFISECTORS", efisys.toString(), "1440");
		Path bootx64 = Files.writeString(temp.resolve("BOOTX64.EFI"), "not really an EFI application\n");
		Tools.ok("mmd", "-i", efisys.toString(), "::/EFI", "::/EFI/BOOT");
		Tools.ok("mcopy", "-i", efisys.toString(), bootx64.toString(), "::/EFI/BOOT/BOOTX64.EFI");
		Path capture = Files.createDirectories(temp.resolve("capture/Windows/System32"));
		Files.writeString(capture.resolve("notepad.exe"), "MZ fake notepad\n");
		byte[] payload = new byte[512 * 1024];
		new Random(7).nextBytes(payload);
		Files.write(capture.resolve("payload.bin"), payload);
		Path wim = Files.createDirectories(tree.resolve("sources")).resolve("install.wim");
		Tools.ok("wimlib-imagex", "capture", temp.resolve("capture").toString(), wim.toString(), "Windows 11 Pro");
		Tools.ok("wimlib-imagex", "append", temp.resolve("capture").toString(), wim.toString(), "Windows 11 Home");
		Tools.ok("wimlib-imagex", "info", wim.toString(), "1", "--image-property", "WINDOWS/EDITIONID=Professional",
				"--image-property", "WINDOWS/ARCH=9");
		Tools.ok("wimlib-imagex", "info", wim.toString(), "2", "--image-property", "WINDOWS/EDITIONID=Core",
				"--image-property", "WINDOWS/ARCH=9");
		Files.writeString(tree.resolve("setup.exe"), "MZ fake setup\n");
		Path iso = temp.resolve("Win11.iso");
		Workbench.sessions().imageService().handler("iso").orElseThrow().capability(IsoBuildCapability.class)
				.orElseThrow().build(tree, iso, "WIN11_TEST", new NullProgressMonitor());
		return iso;
	}

	/** Chooses {@code label} in the Files tree's context menu, as a person would. */
	private static void contextMenu(ImageEditor editor, String label) {
		Menu menu = editor.filesPage().viewer().getTree().getMenu();
		menu.notifyListeners(SWT.Show, new Event());
		UiHarness.processEvents();
		for (MenuItem item : menu.getItems()) {
			if (item.getText().replace("&", "").startsWith(label)) {
				assertTrue(item.isEnabled(), label + " is enabled");
				item.notifyListeners(SWT.Selection, new Event());
				menu.notifyListeners(SWT.Hide, new Event());
				UiHarness.processEvents();
				return;
			}
		}
		throw new AssertionError("no '" + label + "' in the context menu");
	}

	/** Lets the window paint everything (Xvfb paints asynchronously), then saves a screenshot. */
	private static void shot(String name) throws Exception {
		long until = System.currentTimeMillis() + 600;
		while (System.currentTimeMillis() < until) {
			UiHarness.processEvents();
			Thread.sleep(30);
		}
		Workbench.window().getShell().redraw();
		UiHarness.screenshot(Workbench.window().getShell(), name);
	}

	@Test
	void installWimOpensNestedAndSavesBackIntoTheIso() throws Exception {
		Path built = media();
		List<String> bootBefore = Xorriso.bootEntries(built);
		assertEquals(List.of("BIOS none 8 /boot/etfsboot.com", "UEFI none 2880 /efi/microsoft/boot/efisys.bin"), bootBefore);
		IProject project = Workbench.project("Deployment ISO");
		IFile isoFile = Workbench.importFile(built, project, false);
		Path iso = isoFile.getLocation().toPath();

		ImageEditor parent = Workbench.open(isoFile);
		Workbench.settle(parent);
		String overview = UiHarness.allText(parent.overviewPage().getPartControl());
		assertTrue(overview.contains("Windows 11 Pro (Professional, x64)"), overview);
		assertTrue(overview.contains("Windows 11 Home (Core, x64)"), overview);
		for (org.eclipse.swt.widgets.Label label : UiHarness.findAll(parent.overviewPage().getPartControl(),
				org.eclipse.swt.widgets.Label.class)) {
			if (label.getText().equals("Edition 2:")) {
				org.eclipse.ui.forms.widgets.FormToolkit.ensureVisible(label);
			}
		}
		var reference = Workbench.page().getReference(parent);
		Workbench.page().setPartState(reference, org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
		UiHarness.processEvents();
		shot("iso-overview-editions");
		Workbench.page().setPartState(reference, org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);
		UiHarness.processEvents();

		parent.showIndex(1);
		UiHarness.waitUntil("the ISO's whole tree", 30_000, () -> parent.filesPage().complete());
		parent.filesPage().viewer().expandToLevel(2);
		assertNotNull(parent.filesPage().select("/sources/install.wim"));
		UiHarness.processEvents();
		contextMenu(parent, "Open in Editor");
		UiHarness.waitUntil("the nested editor", 60_000, () -> parent.childEditors().size() == 1);
		IEditorPart child = parent.childEditors().get(0);
		ImageEditor nested = (ImageEditor) child;
		assertEquals("install.wim (in Win11.iso)", nested.getPartName());
		assertTrue(nested.getEditorInput() instanceof NestedImageInput);
		Path workArea = parent.workArea();
		assertNotNull(workArea);
		Path metadata = ResourcesPlugin.getWorkspace().getRoot().getLocation().toPath().resolve(".metadata");
		assertTrue(workArea.startsWith(metadata), "the work area is in the workspace's metadata: " + workArea);
		UiHarness.waitUntil("the nested image to open", 60_000, () -> nested.info() != null || nested.openFailure() != null);
		assertEquals(2, nested.info().imageCount(), "both editions of install.wim");
		nested.showIndex(1);
		UiHarness.waitUntil("install.wim's tree", 30_000, () -> nested.filesPage().complete());
		Workbench.settle(nested);

		Path added = Files.writeString(temp.resolve("added.txt"), "added in the nested editor\r\n");
		nested.stageAdd(EntryNodeAccess.node(nested, "/Windows"), List.of(added));
		Workbench.settle(nested);
		assertTrue(nested.isDirty());
		assertTrue(parent.isDirty(), "the ISO counts as dirty while its nested editor is");
		List<String> nestedShown = UiHarness.treePaths(nested.filesPage().viewer().getTree(), 0);
		assertTrue(nestedShown.contains("/Windows/added.txt  (new)"), nestedShown.toString());
		assertNotNull(nested.filesPage().select("/Windows/added.txt"));
		UiHarness.processEvents();
		shot("nested-install-wim-staged");

		// closing the ISO while the nested editor is dirty asks first; Cancel keeps both open
		Shell[] asked = new Shell[1];
		UiHarness.display().timerExec(300, () -> {
			asked[0] = UiHarness.findShell("Unsaved Nested Editor");
			if (asked[0] != null) {
				try {
					UiHarness.screenshot(asked[0], "nested-close-prompt");
				} catch (java.io.IOException e) {
					throw new IllegalStateException(e);
				}
				UiHarness.press(asked[0], "Cancel");
			}
		});
		boolean closed = Workbench.page().closeEditor(parent, true);
		assertNotNull(asked[0], "closing the ISO asked about the unsaved nested editor");
		assertFalse(closed, "Cancel keeps the ISO open");
		assertEquals(1, parent.childEditors().size(), "and the nested editor");

		UiHarness.waitForJob(nested.save(), 120_000);
		Workbench.settle(nested);
		UiHarness.waitUntil("the saved install.wim staged into the ISO", 30_000,
				() -> parent.filesPage().pendingRows().size() == 1);
		Workbench.settle(parent);
		assertFalse(nested.isDirty());
		String row = parent.filesPage().pendingRows().get(0);
		assertTrue(row.startsWith("add ") && row.endsWith(" as /sources/install.wim (index 1)"), row);
		assertTrue(parent.isDirty());
		parent.filesPage().select("/sources/install.wim");
		UiHarness.processEvents();
		List<String> shown = UiHarness.treePaths(parent.filesPage().viewer().getTree(), 0);
		assertTrue(shown.contains("/sources/install.wim  (changed)"), shown.toString());
		Workbench.page().activate(parent);
		shot("iso-staged-from-nested");

		// closed and opened again before the ISO is saved, the nested editor shows the staged copy, not the old WIM
		assertTrue(Workbench.page().closeEditor(nested, true));
		UiHarness.waitUntil("the nested editor to close", 30_000, () -> parent.childEditors().isEmpty());
		Workbench.settle(parent);
		assertTrue(Files.isDirectory(workArea.resolve("1")), "the staged copy is kept until the ISO is saved or closed");
		parent.filesPage().select("/sources/install.wim");
		UiHarness.processEvents();
		contextMenu(parent, "Open in Editor");
		UiHarness.waitUntil("the nested editor again", 60_000, () -> parent.childEditors().size() == 1);
		ImageEditor again = (ImageEditor) parent.childEditors().get(0);
		UiHarness.waitUntil("the nested image to open again", 60_000, () -> again.entryPaths(1) != null);
		assertTrue(again.entryPaths(1).contains("/Windows/added.txt"), again.entryPaths(1).toString());
		Workbench.page().activate(parent);
		Workbench.settle(parent);

		UiHarness.waitForJob(parent.save(), 180_000);
		Workbench.settle(parent);
		assertFalse(parent.isDirty(), "saved");
		Path out = temp.resolve("install-out.wim");
		Tools.ok("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/sources/install.wim",
				out.toString());
		String dir = Tools.ok("wimlib-imagex", "dir", out.toString(), "1").stdout();
		assertTrue(dir.lines().anyMatch(line -> line.strip().equals("/Windows/added.txt")), dir);
		assertTrue(Tools.ok("wimlib-imagex", "info", out.toString()).stdout().contains("Windows 11 Home"),
				"the second edition is still there");
		assertEquals(bootBefore, Xorriso.bootEntries(iso), "both El Torito entries are kept");
		UiHarness.waitUntil("the ISO's tree read again", 30_000, () -> parent.filesPage().complete());
		Workbench.settle(parent);
		parent.filesPage().select("/sources/install.wim");
		UiHarness.processEvents();
		shot("iso-saved-with-nested-change");

		// closing the ISO closes the nested editor and deletes the work area
		assertTrue(Workbench.page().closeEditor(parent, true));
		UiHarness.waitUntil("the nested editor to close", 30_000,
				() -> Workbench.page().findEditor(again.getEditorInput()) == null);
		UiHarness.waitUntil("the work area to be deleted", 30_000, () -> !Files.exists(workArea));
	}
}
