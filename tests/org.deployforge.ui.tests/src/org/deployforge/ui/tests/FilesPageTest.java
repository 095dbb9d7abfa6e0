package org.deployforge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.deployforge.tests.common.Tools;
import org.deployforge.tests.ui.Drops;
import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.DeployForgeUi;
import org.deployforge.ui.images.internal.EntryNodeAccess;
import org.deployforge.ui.images.internal.ImageEditor;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.navigator.CommonNavigator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Files page on images the test builds with the real {@code wimlib-imagex} (so it always runs): the tree read
 * folder by folder, the filter box, Open Read-Only (text and hex), Copy Path, and files dropped in from the file
 * manager. Every result is compared with what {@code wimlib-imagex dir} lists for the same file.
 */
class FilesPageTest {

	@TempDir
	Path temp;

	@BeforeEach
	@AfterEach
	void closeEditorsAndDialogs() {
		Workbench.reset();
	}

	/**
	 * 40 folders of 130 files (more than the editor reads in one walk) and a few .inf files deeper down: the tree is
	 * read one folder at a time.
	 */
	private Path largeImage() throws Exception {
		Path content = Files.createDirectories(temp.resolve("content"));
		for (int f = 0; f < 40; f++) {
			Path folder = Files.createDirectories(content.resolve(String.format("Folder%03d", f)));
			for (int i = 0; i < 130; i++) {
				Files.writeString(folder.resolve("file" + i + ".txt"), f + "/" + i);
			}
		}
		Files.writeString(Files.createDirectories(content.resolve("Folder007/drivers")).resolve("net.inf"), "[Version]");
		Files.writeString(Files.createDirectories(content.resolve("Folder021/Drivers")).resolve("Storage.INF"), "[Version]");
		Files.writeString(content.resolve("Folder021/Drivers/storage.sys"), "binary");
		Files.writeString(content.resolve("Folder003/setup.ini"), "[setup]");
		Path wim = temp.resolve("Large.wim");
		Tools.ok("wimlib-imagex", "capture", content.toString(), wim.toString(), "Large", "--compress=none");
		return wim;
	}

	/** @return the paths wimlib lists whose name matches {@code glob} (* and ?, any case), with their folders */
	private static List<String> expectedFilter(List<String> all, String glob) {
		Pattern pattern = Pattern.compile(glob.replace(".", "\\.").replace("*", ".*").replace("?", "."),
				Pattern.CASE_INSENSITIVE);
		TreeSet<String> shown = new TreeSet<>();
		for (String path : all) {
			if (pattern.matcher(path.substring(path.lastIndexOf('/') + 1)).matches()) {
				for (String up = path; !up.isEmpty(); up = up.substring(0, up.lastIndexOf('/'))) {
					shown.add(up);
				}
			}
		}
		return new ArrayList<>(shown);
	}

	private static void waitForFilter(ImageEditor editor) {
		UiHarness.waitUntil("the filter to apply", 60_000, () -> !editor.filesPage().filterPending()
				&& Job.getJobManager().find(editor).length == 0);
		UiHarness.processEvents();
	}

	@Test
	void aLargeTreeIsReadFolderByFolderAndTheFilterShowsMatchesWithTheirFoldersAndClearsWithEsc() throws Exception {
		Path wim = largeImage();
		List<String> wimlib = Workbench.wimlibDir(wim, 1);
		IProject project = Workbench.project("Filter Project");
		IFile image = Workbench.importFile(wim, project, true);
		ImageEditor editor = Workbench.open(image);
		editor.showIndex(1);
		UiHarness.waitUntil("image 1's tree", 30_000, () -> editor.filesPage().shownIndex() == 1);
		Workbench.settle(editor);
		Tree tree = editor.filesPage().viewer().getTree();

		// only the top folder is read: 40 folders, nothing below them yet
		assertEquals(40, tree.getItemCount());
		assertNull(editor.entryPaths(1), "the whole tree is not read at open");
		assertTrue(EntryNodeAccess.node(editor, "/Folder007").toString().equals("/Folder007"));

		// expanding a folder reads its children (and only them): the same as wimlib lists there
		editor.filesPage().viewer().setExpandedState(EntryNodeAccess.node(editor, "/Folder007"), true);
		UiHarness.waitUntil("the children of /Folder007", 30_000,
				() -> editor.filesPage().find("/Folder007/drivers") != null);
		Workbench.settle(editor);
		TreeItem folder7 = UiHarness.findItem(tree, "Folder007");
		List<String> shownChildren = new ArrayList<>();
		for (TreeItem child : folder7.getItems()) {
			shownChildren.add("/Folder007/" + child.getText());
		}
		shownChildren.sort(null);
		List<String> wimlibChildren = wimlib.stream()
				.filter(path -> path.startsWith("/Folder007/") && path.indexOf('/', 11) < 0).toList();
		assertEquals(wimlibChildren, shownChildren, "the children of /Folder007 against wimlib-imagex dir");
		assertNull(editor.entryPaths(1), "other folders are still not read");
		UiHarness.screenshot(Workbench.window().getShell(), "files-lazy-folder");

		// a pattern: every .inf in the image, any case, with its folders, though those folders were never expanded
		UiHarness.type(editor.filesPage().filterText(), "*.inf");
		waitForFilter(editor);
		List<String> shown = UiHarness.treePaths(tree, 0);
		assertEquals(expectedFilter(wimlib, "*.inf"), sorted(shown), "*.inf against wimlib-imagex dir");
		assertEquals(List.of("/Folder007", "/Folder007/drivers", "/Folder007/drivers/net.inf", "/Folder021",
				"/Folder021/Drivers", "/Folder021/Drivers/Storage.INF"), sorted(shown));
		assertEquals(wimlib, Workbench.sorted(editor.entryPaths(1)), "the filter read the whole tree");
		UiHarness.screenshot(Workbench.window().getShell(), "files-filter-glob");

		// part of a name, other case
		UiHarness.type(editor.filesPage().filterText(), "STORAGE");
		waitForFilter(editor);
		assertEquals(expectedFilter(wimlib, "*storage*"), sorted(UiHarness.treePaths(tree, 0)));
		assertEquals(List.of("/Folder021", "/Folder021/Drivers", "/Folder021/Drivers/Storage.INF",
				"/Folder021/Drivers/storage.sys"), sorted(UiHarness.treePaths(tree, 0)));

		// nothing matches: an empty tree and a message saying so
		UiHarness.type(editor.filesPage().filterText(), "no-such-name");
		waitForFilter(editor);
		assertEquals(0, tree.getItemCount());

		// Esc clears the filter: all 40 folders again
		UiHarness.type(editor.filesPage().filterText(), "setup");
		waitForFilter(editor);
		assertEquals(List.of("/Folder003", "/Folder003/setup.ini"), sorted(UiHarness.treePaths(tree, 0)));
		UiHarness.key(editor.filesPage().filterText(), SWT.ESC);
		assertEquals("", editor.filesPage().filterText().getText());
		waitForFilter(editor);
		assertEquals(40, tree.getItemCount());
		UiHarness.screenshot(Workbench.window().getShell(), "files-filter-cleared");
	}

	private static List<String> sorted(List<String> paths) {
		List<String> copy = new ArrayList<>(paths);
		copy.sort(null);
		return copy;
	}

	/** An image with a text file (UTF-16 with a byte order mark, as Windows writes .inf files) and a binary file. */
	private Path smallImage(byte[] binary) throws Exception {
		Path content = Files.createDirectories(temp.resolve("small"));
		Path drivers = Files.createDirectories(content.resolve("drivers"));
		byte[] bom = { (byte) 0xFF, (byte) 0xFE };
		byte[] text = "[Version]\r\nSignature=\"$Windows NT$\"\r\nClass=Net\r\n".getBytes(StandardCharsets.UTF_16LE);
		byte[] inf = new byte[bom.length + text.length];
		System.arraycopy(bom, 0, inf, 0, 2);
		System.arraycopy(text, 0, inf, 2, text.length);
		Files.write(drivers.resolve("setup.inf"), inf);
		Files.write(content.resolve("tool.bin"), binary);
		Path wim = temp.resolve("Small.wim");
		Tools.ok("wimlib-imagex", "capture", content.toString(), wim.toString(), "Small");
		return wim;
	}

	@Test
	void openReadOnlyShowsTextAndHexAndCopyPathPutsTheInImagePathOnTheClipboard() throws Exception {
		byte[] binary = new byte[300];
		new java.util.Random(7).nextBytes(binary);
		binary[0] = 'M';
		binary[1] = 'Z';
		Path wim = smallImage(binary);
		IProject project = Workbench.project("Viewer Project");
		IFile image = Workbench.importFile(wim, project, true);
		ImageEditor editor = Workbench.open(image);
		editor.showIndex(1);
		UiHarness.waitUntil("image 1's tree", 30_000, () -> editor.filesPage().shownIndex() == 1);
		Workbench.settle(editor);
		Tree tree = editor.filesPage().viewer().getTree();

		// a text file: decoded (UTF-16 with its byte order mark), exactly what wimlib extracts
		editor.filesPage().select("/drivers/setup.inf");
		UiHarness.contextMenu(tree, "Open Read-Only");
		Shell text = UiHarness.waitForShell("/drivers/setup.inf", 30_000);
		Path extracted = Files.createDirectories(temp.resolve("x"));
		Tools.ok("wimlib-imagex", "extract", wim.toString(), "1", "/drivers/setup.inf", "--dest-dir=" + extracted);
		byte[] real = Files.readAllBytes(extracted.resolve("setup.inf"));
		String expected = new String(real, 2, real.length - 2, StandardCharsets.UTF_16LE);
		StyledText shownText = UiHarness.findAll(text, StyledText.class).get(0);
		assertEquals(expected, shownText.getText());
		assertTrue(text.getText().contains("read-only"), text.getText());
		UiHarness.screenshot(text, "files-open-text");
		text.close();

		// any other file: a hex dump of its first bytes
		editor.filesPage().select("/tool.bin");
		UiHarness.contextMenu(tree, "Open Read-Only");
		Shell hex = UiHarness.waitForShell("/tool.bin", 30_000);
		String dump = UiHarness.findAll(hex, StyledText.class).get(0).getText();
		String[] lines = dump.split("\n");
		assertEquals((binary.length + 15) / 16, lines.length, "one line per 16 bytes");
		StringBuilder first = new StringBuilder("00000000  ");
		for (int i = 0; i < 16; i++) {
			first.append(String.format(Locale.ROOT, "%02x ", binary[i] & 0xFF));
		}
		assertTrue(lines[0].startsWith(first.toString()), lines[0] + " against " + first);
		assertTrue(lines[0].contains(" MZ"), "the printable column: " + lines[0]);
		UiHarness.screenshot(hex, "files-open-hex");
		hex.close();

		// Copy Path: the in-image path, Windows style
		editor.filesPage().select("/drivers/setup.inf");
		UiHarness.contextMenu(tree, "Copy Path");
		Clipboard clipboard = new Clipboard(tree.getDisplay());
		try {
			assertEquals("\\drivers\\setup.inf", clipboard.getContents(TextTransfer.getInstance(), DND.CLIPBOARD));
		} finally {
			clipboard.dispose();
		}
	}

	@Test
	void filesDroppedFromTheFileManagerAreStagedInTheFolderAndSavedIntoTheImage() throws Exception {
		Path wim = smallImage(new byte[] { 1, 2, 3 });
		IProject project = Workbench.project("Drop Project");
		IFile image = Workbench.importFile(wim, project, true);
		ImageEditor editor = Workbench.open(image);
		editor.showIndex(1);
		UiHarness.waitUntil("image 1's tree", 30_000, () -> editor.filesPage().shownIndex() == 1);
		Workbench.settle(editor);
		Tree tree = editor.filesPage().viewer().getTree();
		List<String> before = Workbench.wimlibDir(wim, 1);

		Path dropped = Files.createDirectories(temp.resolve("dropped"));
		Path unattend = Files.writeString(dropped.resolve("unattend.xml"), "<unattend/>");
		Path folder = Files.createDirectories(dropped.resolve("Extra"));
		Files.writeString(folder.resolve("readme.txt"), "dropped folder");
		TreeItem drivers = UiHarness.findItem(tree, "drivers");
		assertNotNull(drivers);
		int operation = Drops.dropFiles(tree, drivers, List.of(unattend, folder));
		assertEquals(DND.DROP_COPY, operation, "files from outside are copied in");
		Workbench.settle(editor);
		assertEquals(2, editor.filesPage().pendingRows().size(), editor.filesPage().pendingRows().toString());
		editor.filesPage().viewer().expandAll();
		UiHarness.processEvents();
		List<String> shown = UiHarness.treePaths(tree, 0);
		assertTrue(shown.contains("/drivers/unattend.xml  (new)"), shown.toString());
		assertTrue(shown.contains("/drivers/Extra  (new)/readme.txt  (new)"), shown.toString());
		assertEquals(before, Workbench.wimlibDir(wim, 1), "nothing is written before Save");
		UiHarness.screenshot(Workbench.window().getShell(), "files-dropped");

		// dropped on a file: lands in that file's folder (here the root)
		Path top = Files.writeString(dropped.resolve("top.cmd"), "@echo off");
		Drops.dropFiles(tree, UiHarness.findItem(tree, "tool.bin"), List.of(top));
		Workbench.settle(editor);

		UiHarness.waitForJob(editor.save(), 60_000);
		Workbench.settle(editor);
		List<String> expected = new ArrayList<>(before);
		expected.addAll(List.of("/drivers/unattend.xml", "/drivers/Extra", "/drivers/Extra/readme.txt", "/top.cmd"));
		expected.sort(null);
		assertEquals(expected, Workbench.wimlibDir(wim, 1), "wimlib-imagex dir after Save");
		Path out = Files.createDirectories(temp.resolve("out"));
		Tools.ok("wimlib-imagex", "extract", wim.toString(), "1", "/drivers/unattend.xml", "--dest-dir=" + out);
		assertEquals("<unattend/>", Files.readString(out.resolve("unattend.xml")));
	}

	@Test
	void anImageDroppedOnADeploymentProjectInTheProjectExplorerIsImported() throws Exception {
		Path wim = smallImage(new byte[] { 4, 5, 6 });
		IProject project = Workbench.project("Explorer Drop");
		CommonNavigator explorer = (CommonNavigator) Workbench.page().showView(DeployForgeUi.PROJECT_EXPLORER_ID);
		explorer.getCommonViewer().refresh();
		UiHarness.processEvents();
		Tree tree = explorer.getCommonViewer().getTree();
		TreeItem item = UiHarness.findItem(tree, "Explorer Drop");
		assertNotNull(item, "the project is shown");
		// the IDE's resource drop asks how to import (copy or link); answer as a person would: Copy files, OK
		var asked = UiHarness.onShell("File Operation", 30_000, shell -> {
			try {
				UiHarness.screenshot(shell, "explorer-drop-question");
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
			for (org.eclipse.swt.widgets.Button button : UiHarness.findAll(shell, org.eclipse.swt.widgets.Button.class)) {
				if (button.getText().replace("&", "").equals("Copy files")) {
					button.setSelection(true);
					button.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
				}
			}
			UiHarness.press(shell, "OK");
		});
		Drops.dropFiles(tree, item, List.of(wim));
		IFile imported = project.getFile("Small.wim");
		UiHarness.waitUntil("the dropped image to be imported", 60_000, imported::exists);
		assertTrue(asked.get(), "the copy-or-link question was answered");
		UiHarness.waitUntil("the copy to finish", 60_000, () -> {
			try {
				return Files.size(imported.getLocation().toPath()) == Files.size(wim);
			} catch (java.io.IOException e) {
				return false;
			}
		});
		assertFalse(imported.isLinked(), "copied into the project");
		assertEquals(-1, Files.mismatch(imported.getLocation().toPath(), wim), "the same bytes");
		assertEquals(Workbench.wimlibDir(wim, 1), Workbench.wimlibDir(imported.getLocation().toPath(), 1));
		explorer.getCommonViewer().setExpandedState(project, true);
		explorer.getCommonViewer().setExpandedState(imported, true);
		UiHarness.waitUntil("the image's index under it", 30_000, () -> {
			explorer.getCommonViewer().setExpandedState(imported, true);
			TreeItem image = UiHarness.findItem(tree, "Small.wim");
			return image != null && image.getItemCount() == 1 && image.getItem(0).getText().startsWith("1  Small");
		});
		UiHarness.screenshot(Workbench.window().getShell(), "explorer-dropped-image");
	}
}
