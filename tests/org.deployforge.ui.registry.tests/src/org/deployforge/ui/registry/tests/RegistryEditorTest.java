package org.deployforge.ui.registry.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.registry.EmptyHive;
import org.deployforge.registry.Hive;
import org.deployforge.registry.RegValue;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.images.ImagesUi;
import org.deployforge.ui.images.internal.ImageEditor;
import org.deployforge.ui.registry.RegistryUi;
import org.deployforge.ui.registry.internal.ImageHiveEditorInput;
import org.deployforge.ui.registry.internal.RegistryEditor;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.content.IContentType;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.navigator.CommonNavigator;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Registry editor as an engineer uses it, on hives the test builds with the engine's empty-hive writer, on the
 * shared fixture {@code hive/minimal}, and on a hive inside a WIM captured with the real {@code wimlib-imagex}: every
 * change goes through the editor's actions and dialogs (their widgets driven as a person would), and what Save wrote
 * is read with the real {@code hivexget} (and {@code wimextract} for the image).
 */
class RegistryEditorTest {

	@TempDir
	Path temp;

	@BeforeEach
	@AfterEach
	void cleanUp() {
		Steps.cleanUp();
	}

	/** A new hive built by the engine (hivex cannot create one): always available. */
	private Path newHive(String name) throws Exception {
		Path folder = Files.createDirectories(temp.resolve("new-" + System.nanoTime()));
		Path hive = folder.resolve(name);
		EmptyHive.create(hive, EmptyHive.DEFAULT_ROOT_NAME);
		return hive;
	}

	/** Opens a workspace file with its default editor, as a double-click in the Project Explorer does. */
	private static RegistryEditor openDefault(IFile file) throws Exception {
		IEditorPart part = IDE.openEditor(Steps.page(), file, true);
		assertInstanceOf(RegistryEditor.class, part, file.getName() + " opens in the Registry editor by default");
		return Steps.waitOpen((RegistryEditor) part);
	}

	/**
	 * New Key under the selected key and New DWORD value in it, through the real actions and dialogs: the DWORD dialog
	 * first gets text that is not a number (OK must be disabled, with a message), then 42 typed in decimal.
	 */
	private static void addKeyAndDword(RegistryEditor editor, String parentPath, String key, String valueName) {
		assertTrue(editor.selectKey(parentPath), "parent key " + parentPath);
		editor.focusValues(false);
		Steps.answer("New Key", shell -> {
			Steps.type(Steps.text(shell, ""), key);
			Steps.press(shell, "OK");
		});
		editor.newKeyAction.run();
		Steps.rethrow();
		String keyPath = parentPath.isEmpty() ? key : parentPath + "\\" + key;
		assertEquals(keyPath, editor.selection().keyPath(), "the new key is selected");

		String[] problem = new String[1];
		Steps.answer("New DWORD (32-bit) Value", shell -> {
			Steps.type(Steps.text(shell, "valueName"), valueName);
			Steps.type(Steps.text(shell, "data"), "zz");
			problem[0] = UiHarness.allText(shell);
			assertFalse(Steps.button(shell, "OK").isEnabled(), "OK is disabled while the data is not a number");
			Steps.clickRadio(shell, "Decimal");
			Steps.type(Steps.text(shell, "data"), "42");
			assertTrue(Steps.button(shell, "OK").isEnabled(), "42 in decimal is a DWORD");
			Steps.screenshot(shell, "dword-dialog");
			Steps.press(shell, "OK");
		});
		editor.newDwordAction.run();
		Steps.rethrow();
		assertTrue(problem[0].contains("'zz' is not a hexadecimal DWORD (32-bit) number"), problem[0]);
		assertTrue(editor.valueRows().contains(valueName + " | REG_DWORD | 0x0000002a (42)"), editor.valueRows()
				.toString());
		assertTrue(editor.isDirty(), "a staged change makes the editor dirty");
	}

	private static void save(RegistryEditor editor) {
		Steps.page().saveEditor(editor, false);
		Steps.settle(editor);
		assertFalse(editor.isDirty(), "saved: " + editor.header());
	}

	@Test
	void ownHiveAddKeyAndDwordThroughDialogsSaveThenHivexgetReadsIt() throws Exception {
		IProject project = Steps.project("Registry A");
		IFile file = Steps.copyInto(project, newHive("SOFTWARE"), "SOFTWARE");
		IContentType type = file.getContentDescription().getContentType();
		assertEquals(RegistryUi.HIVE_CONTENT_TYPE, type.getId(), "SOFTWARE with the regf signature is a hive");

		RegistryEditor editor = openDefault(file);
		assertTrue(editor.header().contains("HKEY_LOCAL_MACHINE\\SOFTWARE"), editor.header());
		assertTrue(editor.header().contains("the hive is clean (sequence numbers 1 = 1)"), editor.header());
		assertEquals(List.of("(Default) | REG_SZ | (value not set)"), editor.valueRows(), "the root has no values");

		addKeyAndDword(editor, "", "DeployForge", "Answer");
		Steps.screenshot(Steps.window().getShell(), "own-hive-before-save");
		save(editor);
		assertTrue(editor.header().contains("Saved 2 change(s); 2 read back"), editor.header());
		assertTrue(editor.header().contains("the hive is clean (sequence numbers 2 = 2)"),
				"hivex counts the write in the base block: " + editor.header());

		Path hive = file.getLocation().toPath();
		assertEquals("42", Tools.ok("hivexget", hive.toString(), "DeployForge", "Answer").stdout().strip(),
				"hivexget reads the DWORD the editor saved");
		Steps.screenshot(Steps.window().getShell(), "own-hive-saved");
	}

	@Test
	void fixtureHiveMinimalOpensEditsAndSaves() throws Exception {
		Path fixture = Fixtures.copy("hive/minimal", temp);
		IProject project = Steps.project("Registry B");
		IFile file = Steps.copyInto(project, fixture, "minimal.hiv");
		RegistryEditor editor = openDefault(file);
		assertTrue(editor.header().contains("minimal.hiv"), editor.header());
		addKeyAndDword(editor, "", "Tools", "Level");
		addKeyAndDword(editor, "Tools", "Nested", "Depth");
		Steps.screenshot(Steps.window().getShell(), "fixture-minimal-edited");
		save(editor);
		Path hive = file.getLocation().toPath();
		assertEquals("42", Tools.ok("hivexget", hive.toString(), "Tools", "Level").stdout().strip());
		assertEquals("42", Tools.ok("hivexget", hive.toString(), "Tools\\Nested", "Depth").stdout().strip());
	}

	@Test
	void systemHiveHeaderShowsTheCurrentControlSet() throws Exception {
		Path system = newHive("SYSTEM");
		try (Hive hive = Hive.openForWrite(system, false)) {
			hive.createKey("Select");
			hive.setValue("Select", RegValue.dword("Current", 1));
			hive.createKey("ControlSet001\\Services\\Tcpip");
			hive.setValue("ControlSet001\\Services\\Tcpip", RegValue.dword("Start", 1));
			hive.setValue("ControlSet001\\Services\\Tcpip", RegValue.expandString("ImagePath",
					"System32\\drivers\\tcpip.sys"));
			hive.setValue("ControlSet001\\Services\\Tcpip", RegValue.multiString("DependOnService", List.of("a", "b")));
			hive.setValue("ControlSet001\\Services\\Tcpip", RegValue.binary("Blob", new byte[] { 1, 2, (byte) 0xff }));
			hive.setValue("ControlSet001\\Services\\Tcpip", RegValue.qword("Big", 255));
			hive.commit();
		}
		IProject project = Steps.project("Registry C");
		IFile file = Steps.copyInto(project, system, "SYSTEM");
		// double-click in the Project Explorer
		CommonNavigator explorer = (CommonNavigator) Steps.page().showView(IPageLayout.ID_PROJECT_EXPLORER);
		explorer.getCommonViewer().refresh();
		explorer.getCommonViewer().setExpandedState(project, true);
		explorer.getCommonViewer().setSelection(new StructuredSelection(file), true);
		UiHarness.processEvents();
		TreeItem[] items = explorer.getCommonViewer().getTree().getSelection();
		assertEquals(1, items.length, "SYSTEM selected in the Project Explorer");
		Event open = new Event();
		open.item = items[0];
		explorer.getCommonViewer().getTree().notifyListeners(SWT.DefaultSelection, open);
		UiHarness.waitUntil("the Registry editor on SYSTEM", 30_000,
				() -> Steps.page().getActiveEditor() instanceof RegistryEditor);
		RegistryEditor editor = Steps.waitOpen((RegistryEditor) Steps.page().getActiveEditor());
		assertEquals(file, editor.getEditorInput().getAdapter(IFile.class));
		assertTrue(editor.header().contains("CurrentControlSet = ControlSet001 (Select\\Current = 1)"),
				editor.header());
		assertTrue(editor.selectKey("ControlSet001\\Services\\Tcpip"));
		assertEquals(List.of("(Default) | REG_SZ | (value not set)", "Big | REG_QWORD | 0x00000000000000ff (255)",
				"Blob | REG_BINARY | 01 02 ff", "DependOnService | REG_MULTI_SZ | a b",
				"ImagePath | REG_EXPAND_SZ | System32\\drivers\\tcpip.sys", "Start | REG_DWORD | 0x00000001 (1)"),
				editor.valueRows(), "Data as regedit shows it");
		Steps.screenshot(Steps.window().getShell(), "system-hive-controlset");
	}

	/**
	 * A hive with a transaction log holding newer entries (HvLE with a sequence number at the hive's secondary one, the
	 * Windows 8.1+ log format) is dirty: the editor says so, as the engine reports it, and opens it read-only.
	 */
	@Test
	void dirtyHiveOpensReadOnlyAndSaysWhy() throws Exception {
		Path hive = newHive("DEFAULT");
		byte[] log = new byte[1024];
		System.arraycopy(Files.readAllBytes(hive), 0, log, 0, 512);
		log[512] = 'H';
		log[513] = 'v';
		log[514] = 'L';
		log[515] = 'E';
		log[512 + 12] = 1; // sequence number 1 = the hive's secondary sequence number
		Path logFile = Files.write(hive.resolveSibling("DEFAULT.LOG1"), log);
		IProject project = Steps.project("Registry F");
		IFile file = Steps.copyInto(project, hive, "DEFAULT");
		Steps.copyInto(project, logFile, "DEFAULT.LOG1");
		RegistryEditor editor = openDefault(file);
		String header = editor.header();
		assertTrue(header.contains("HKEY_USERS\\.DEFAULT"), header);
		assertTrue(header.contains("Dirty: the hive is dirty: DEFAULT.LOG1 hold changes not yet written into the hive"),
				header);
		assertTrue(header.contains("Read-only:"), header);
		assertTrue(editor.selectKey(""));
		assertFalse(editor.newKeyAction.isEnabled(), "no changes to a dirty hive");
		assertFalse(editor.importAction.isEnabled());
		assertTrue(editor.exportHiveAction.isEnabled(), "reading is fine");
		Steps.screenshot(Steps.window().getShell(), "dirty-hive");
	}

	@Test
	void findImportExportAndTheBinaryAndMultiStringDialogs() throws Exception {
		IProject project = Steps.project("Registry D");
		IFile file = Steps.copyInto(project, newHive("SOFTWARE"), "SOFTWARE");
		RegistryEditor editor = openDefault(file);

		// a malformed .reg changes nothing and says which line
		Path bad = temp.resolve("bad.reg");
		Files.writeString(bad, "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Bad]\r\n"
				+ "\"X\"=dword:zz\r\n", StandardCharsets.UTF_8);
		Steps.settle(editor.importReg(bad));
		Steps.settle(editor);
		Shell error = UiHarness.waitForShell("Import failed", 10_000);
		String message = UiHarness.allText(error);
		assertTrue(message.contains("line 4"), message);
		Steps.screenshot(error, "import-error");
		error.close();
		assertFalse(editor.isDirty(), "a bad .reg file changes nothing");

		Path good = temp.resolve("vendor.reg");
		Files.writeString(good, """
				Windows Registry Editor Version 5.00

				[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor]
				@="default text"
				"Greeting"="hello needle"
				"Paths"=hex(7):61,00,00,00,62,00,00,00,00,00
				"Blob"=hex:01,02,ff
				"Count"=dword:0000002a

				[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\NeedleKey]
				"Other"="x"
				""".replace("\n", "\r\n"), StandardCharsets.UTF_8);
		Steps.settle(editor.importReg(good));
		Steps.settle(editor);
		assertTrue(editor.isDirty(), "the import is staged");
		assertTrue(editor.selectKey("Vendor"));
		assertEquals(List.of("(Default) | REG_SZ | default text", "Blob | REG_BINARY | 01 02 ff",
				"Count | REG_DWORD | 0x0000002a (42)", "Greeting | REG_SZ | hello needle", "Paths | REG_MULTI_SZ | a b"),
				editor.valueRows());

		// Find (Ctrl+F dialog): the first match in data, then F3 finds the key name, then wraps
		assertTrue(editor.selectKey(""));
		editor.focusValues(false);
		editor.findAction.run();
		Shell find = UiHarness.waitForShell("Find", 10_000);
		Steps.type(Steps.text(find, "findText"), "NEEDLE");
		Steps.screenshot(find, "find-dialog");
		Steps.press(find, "Find Next");
		Steps.settle(editor);
		assertEquals(new RegistryEditor.Match("Vendor", "Greeting"), editor.selection(), "data 'hello needle'");
		find.close();
		Event f3 = new Event();
		f3.keyCode = SWT.F3;
		editor.valuesViewer().getTable().notifyListeners(SWT.KeyDown, f3);
		Steps.settle(editor);
		assertEquals(new RegistryEditor.Match("Vendor\\NeedleKey", null), editor.selection(), "key name NeedleKey");
		editor.keysViewer().getTree().notifyListeners(SWT.KeyDown, f3);
		Steps.settle(editor);
		assertEquals(new RegistryEditor.Match("Vendor", "Greeting"), editor.selection(), "wrapped to the first");

		// Modify (Enter) the binary value in the hex dump, with a bad byte first
		assertTrue(editor.selectKey("Vendor"));
		assertTrue(editor.selectValue("Blob"));
		String[] problem = new String[1];
		Steps.answer("Edit Binary Value", shell -> {
			Steps.type(Steps.text(shell, "data"), "0000:  01 02 zz");
			problem[0] = UiHarness.allText(shell);
			assertFalse(Steps.button(shell, "OK").isEnabled());
			Steps.type(Steps.text(shell, "data"), "0000:  de ad be ef 00 01 02 03\n0008:  04");
			Steps.screenshot(shell, "binary-dialog");
			Steps.press(shell, "OK");
		});
		Event enter = new Event();
		enter.keyCode = SWT.CR;
		editor.valuesViewer().getTable().notifyListeners(SWT.KeyDown, enter);
		Steps.rethrow();
		assertTrue(problem[0].contains("Line 1: 'zz' is not a byte"), problem[0]);
		assertTrue(editor.valueRows().contains("Blob | REG_BINARY | de ad be ef 00 01 02 03 04"),
				editor.valueRows().toString());

		// Modify the multi-string: one string per line, empty lines dropped
		assertTrue(editor.selectValue("Paths"));
		Steps.answer("Edit Multi-String", shell -> {
			Steps.type(Steps.text(shell, "data"), "C:\\Drivers\n\nD:\\More");
			Steps.press(shell, "OK");
		});
		editor.modifyAction.run();
		Steps.rethrow();
		assertTrue(editor.valueRows().contains("Paths | REG_MULTI_SZ | C:\\Drivers D:\\More"),
				editor.valueRows().toString());
		Steps.screenshot(Steps.window().getShell(), "vendor-values");

		// Export the key as regedit would, then save and read the file with hivexget
		Path exported = temp.resolve("out.reg");
		Steps.settle(editor.exportReg("Vendor", exported));
		byte[] bytes = Files.readAllBytes(exported);
		assertEquals((byte) 0xFF, bytes[0], "UTF-16LE with BOM, as regedit writes");
		String text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
		assertTrue(text.startsWith("Windows Registry Editor Version 5.00\r\n"), text);
		assertTrue(text.contains("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\NeedleKey]\r\n\"Other\"=\"x\""), text);
		assertTrue(text.contains("\"Blob\"=hex:de,ad,be,ef,00,01,02,03,04"), text);

		// Rename a value (F2 in the values), delete a key (Del in the keys, confirmed), copy a key's name
		assertTrue(editor.selectValue("Greeting"));
		Steps.answer("Rename Value", shell -> {
			Steps.type(Steps.text(shell, ""), "Hello");
			Steps.press(shell, "OK");
		});
		Event f2 = new Event();
		f2.keyCode = SWT.F2;
		editor.valuesViewer().getTable().notifyListeners(SWT.KeyDown, f2);
		Steps.rethrow();
		assertTrue(editor.valueRows().contains("Hello | REG_SZ | hello needle"), editor.valueRows().toString());
		assertTrue(editor.selectKey("Vendor\\NeedleKey"));
		Steps.answer("Confirm Key Delete", shell -> Steps.press(shell, "OK"));
		Event del = new Event();
		del.keyCode = SWT.DEL;
		editor.keysViewer().getTree().notifyListeners(SWT.KeyDown, del);
		Steps.rethrow();
		assertEquals("Vendor", editor.selection().keyPath(), "the parent is selected after the delete");
		assertEquals(null, UiHarness.findItem(editor.keysViewer().getTree(), "NeedleKey"), "the key is gone");
		editor.copyKeyNameAction.run();
		org.eclipse.swt.dnd.Clipboard clipboard = new org.eclipse.swt.dnd.Clipboard(UiHarness.display());
		try {
			assertEquals("HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor",
					clipboard.getContents(org.eclipse.swt.dnd.TextTransfer.getInstance()));
		} finally {
			clipboard.dispose();
		}

		save(editor);
		Path hive = file.getLocation().toPath();
		assertEquals("hello needle", Tools.ok("hivexget", hive.toString(), "Vendor", "Hello").stdout().strip());
		assertTrue(Tools.run("hivexget", hive.toString(), "Vendor\\NeedleKey").exitCode() != 0,
				"hivexget finds no deleted key");
		String vendor = Tools.ok("hivexget", hive.toString(), "Vendor").stdout();
		assertTrue(vendor.contains("\"Blob\"=hex(3):de,ad,be,ef,00,01,02,03,04")
				|| vendor.contains("\"Blob\"=hex:de,ad,be,ef,00,01,02,03,04"), vendor);
		assertEquals("42", Tools.ok("hivexget", hive.toString(), "Vendor", "Count").stdout().strip());
	}

	@Test
	void hiveInsideAWimOpenedFromTheFilesPageSavedThroughTheImage() throws Exception {
		// a tree with Windows/System32/config/SOFTWARE written by the engine's empty-hive writer, captured by wimlib
		Path tree = temp.resolve("tree");
		Path config = Files.createDirectories(tree.resolve("Windows/System32/config"));
		EmptyHive.create(config.resolve("SOFTWARE"), EmptyHive.DEFAULT_ROOT_NAME);
		Files.writeString(tree.resolve("Windows/win.ini"), "[fonts]\r\n");
		Path wim = temp.resolve("install.wim");
		Tools.ok("wimlib-imagex", "capture", tree.toString(), wim.toString(), "Test Edition");
		IProject project = Steps.project("Registry E");
		IFile image = Steps.copyInto(project, wim, "install.wim");

		ImageEditor imageEditor = (ImageEditor) IDE.openEditor(Steps.page(), image, ImagesUi.EDITOR_ID);
		UiHarness.waitUntil("the image to open", 30_000, () -> imageEditor.info() != null
				|| imageEditor.openFailure() != null);
		imageEditor.showIndex(1);
		UiHarness.waitUntil("the whole tree of image 1", 30_000, () -> imageEditor.filesPage().shownIndex() == 1
				&& imageEditor.filesPage().complete());
		Steps.settle(imageEditor);
		assertNotNull(imageEditor.filesPage().select("/Windows/System32/config/SOFTWARE"), "the hive in the tree");
		UiHarness.processEvents();
		TreeItem[] selected = imageEditor.filesPage().viewer().getTree().getSelection();
		assertEquals(1, selected.length);
		Event doubleClick = new Event();
		doubleClick.item = selected[0];
		imageEditor.filesPage().viewer().getTree().notifyListeners(SWT.DefaultSelection, doubleClick);
		UiHarness.waitUntil("the Registry editor on the hive in the image", 30_000,
				() -> Steps.page().getActiveEditor() instanceof RegistryEditor);
		RegistryEditor editor = Steps.waitOpen((RegistryEditor) Steps.page().getActiveEditor());
		assertInstanceOf(ImageHiveEditorInput.class, editor.getEditorInput());
		assertTrue(editor.header().contains("install.wim::Windows/System32/config/SOFTWARE (index 1)"),
				editor.header());

		// staged, then the image editor's Revert: the Registry editor reads the hive from the image again
		addKeyAndDword(editor, "", "Dropped", "Gone");
		save(editor);
		Steps.settle(imageEditor);
		assertTrue(imageEditor.isDirty(), "staged into the image");
		Steps.settle(imageEditor.revert());
		Steps.settle(imageEditor);
		UiHarness.waitUntil("the Registry editor to read the hive again", 30_000, () -> editor.hiveLabel() != null);
		Steps.settle(editor);
		assertFalse(imageEditor.isDirty());
		assertTrue(editor.selectKey(""));
		assertEquals(null, UiHarness.findItem(editor.keysViewer().getTree(), "Dropped"), "the revert dropped the key");

		addKeyAndDword(editor, "", "DeployForge", "Answer");
		Steps.screenshot(Steps.window().getShell(), "image-hive-edited");
		save(editor);
		Steps.settle(imageEditor);
		assertTrue(editor.header().contains("Staged 2 change(s) into install.wim"), editor.header());
		assertTrue(imageEditor.isDirty(), "the hive is staged into the image: the image editor is dirty");
		assertTrue(imageEditor.filesPage().pendingRows().stream().anyMatch(row -> row.contains("SOFTWARE")),
				imageEditor.filesPage().pendingRows().toString());
		Steps.page().activate(imageEditor);
		Steps.screenshot(Steps.window().getShell(), "image-editor-pending-hive");

		Steps.settle(imageEditor.save());
		Steps.settle(imageEditor);
		assertFalse(imageEditor.isDirty(), "the image was saved");
		Path out = Files.createDirectories(temp.resolve("extracted"));
		Tools.ok("wimextract", image.getLocation().toString(), "1", "/Windows/System32/config/SOFTWARE",
				"--dest-dir=" + out);
		assertEquals("42", Tools.ok("hivexget", out.resolve("SOFTWARE").toString(), "DeployForge", "Answer").stdout()
				.strip(), "the value is in the hive inside the saved WIM");
	}
}
