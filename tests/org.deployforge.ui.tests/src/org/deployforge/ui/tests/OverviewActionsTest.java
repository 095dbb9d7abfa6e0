package org.deployforge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deployforge.tests.common.Tools;
import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.images.internal.ImageEditor;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Overview page's actions, driven through their real buttons and dialogs on a two-image WIM the test builds with
 * {@code wimlib-imagex}: rename an image, set the boot image, verify, optimize, split. Each result is read back from
 * the file with the real {@code wimlib-imagex info}/{@code dir}/{@code verify}.
 */
class OverviewActionsTest {

	@TempDir
	Path temp;

	@BeforeEach
	@AfterEach
	void closeEditorsAndDialogs() {
		Workbench.reset();
	}

	private Path twoImages() throws Exception {
		Path one = Files.createDirectories(temp.resolve("one"));
		Random random = new Random(11);
		for (int i = 0; i < 4; i++) {
			byte[] data = new byte[700 * 1024];
			random.nextBytes(data);
			Files.write(one.resolve("data" + i + ".bin"), data);
		}
		Files.writeString(one.resolve("readme.txt"), "image one");
		Path two = Files.createDirectories(temp.resolve("two"));
		Files.writeString(two.resolve("notes.txt"), "image two");
		Path wim = temp.resolve("Two.wim");
		Tools.ok("wimlib-imagex", "capture", one.toString(), wim.toString(), "First");
		Tools.ok("wimlib-imagex", "append", two.toString(), wim.toString(), "Second");
		return wim;
	}

	private static String field(String info, String name) {
		Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + ":\\s*(.*)$").matcher(info);
		return matcher.find() ? matcher.group(1).strip() : null;
	}

	private static void selectImage(Table table, int row) {
		table.setSelection(row);
		Event event = new Event();
		event.item = table.getItem(row);
		table.notifyListeners(SWT.Selection, event);
		UiHarness.processEvents();
	}

	@Test
	void renameSetBootVerifyOptimizeAndSplitThroughTheOverviewDialogs() throws Exception {
		Path wim = twoImages();
		List<String> firstFiles = Workbench.wimlibDir(wim, 1);
		IProject project = Workbench.project("Overview Project");
		IFile image = Workbench.importFile(wim, project, true);
		ImageEditor editor = Workbench.open(image);
		Workbench.settle(editor);
		editor.setActivePage("overview");
		UiHarness.waitUntil("the images table", 30_000, () -> editor.overviewPage().imageRows().size() == 2);
		Control page = editor.overviewPage().getPartControl();
		Table table = UiHarness.findAll(page, Table.class).get(0);

		// Rename Image…: an input dialog with the current name
		selectImage(table, 1);
		var renamed = UiHarness.onShell("Rename Image", 10_000, shell -> {
			Text name = UiHarness.findAll(shell, Text.class).get(0);
			assertEquals("Second", name.getText());
			name.setText("Second Renamed");
			UiHarness.press(shell, "OK");
		});
		UiHarness.press(page, "Rename Image\u2026");
		assertTrue(renamed.get(), "the rename dialog was answered");
		Workbench.settle(editor);
		assertTrue(editor.isDirty(), "a staged rename makes the editor dirty");

		// Set as Boot Image: staged for the selected image
		UiHarness.press(page, "Set as Boot Image");
		Workbench.settle(editor);
		List<String> staged = editor.overviewPage().imageRows();
		assertTrue(staged.get(1).startsWith("2 | Second Renamed  (was Second) |"), staged.toString());
		assertTrue(staged.get(1).endsWith("| boot after Save"), staged.toString());
		UiHarness.screenshot(Workbench.window().getShell(), "overview-staged-rename-boot");
		assertEquals("0", field(Tools.ok("wimlib-imagex", "info", wim.toString()).stdout(), "Boot Index"),
				"nothing is written before Save");
		UiHarness.waitForJob(editor.save(), 60_000);
		Workbench.settle(editor);
		String info = Tools.ok("wimlib-imagex", "info", wim.toString()).stdout();
		assertEquals("2", field(info, "Boot Index"), info);
		assertEquals("Second Renamed", field(Tools.ok("wimlib-imagex", "info", wim.toString(), "2").stdout(), "Name"));
		UiHarness.waitUntil("the table read again", 30_000,
				() -> editor.overviewPage().imageRows().size() == 2
						&& editor.overviewPage().imageRows().get(1).contains("Second Renamed"));
		assertTrue(editor.overviewPage().imageRows().get(1).endsWith("| boot"), editor.overviewPage().imageRows().toString());

		// Verify: the outcome in a dialog, the same as wimlib-imagex verify
		UiHarness.press(page, "Verify");
		Shell verified = UiHarness.waitForShell("Verify", 60_000);
		String said = UiHarness.allText(verified);
		assertEquals(0, Tools.run("wimlib-imagex", "verify", wim.toString()).exitCode(), "wimlib-imagex verify");
		assertTrue(said.contains("Two.wim is intact"), said);
		UiHarness.screenshot(verified, "overview-verify-dialog");
		UiHarness.press(verified, "OK");

		// Optimize: the question, then a rebuilt file with the same content, no larger, still valid
		long before = Files.size(wim);
		var optimized = UiHarness.onShell("Optimize", 10_000, shell -> UiHarness.press(shell, "Rebuild"));
		UiHarness.press(page, "Optimize");
		assertTrue(optimized.get(), "the optimize question was answered");
		Workbench.settle(editor);
		assertTrue(Files.size(wim) <= before, "optimized " + before + " -> " + Files.size(wim));
		assertEquals(firstFiles, Workbench.wimlibDir(wim, 1), "the same files after Optimize");
		assertEquals("2", field(Tools.ok("wimlib-imagex", "info", wim.toString()).stdout(), "Boot Index"));
		assertEquals(0, Tools.run("wimlib-imagex", "verify", wim.toString()).exitCode(), "valid after Optimize");

		// Split…: part size and first part in one dialog; the parts form a set wimlib reads back whole
		Path parts = Files.createDirectories(temp.resolve("parts"));
		Path first = parts.resolve("Two.swm");
		var split = UiHarness.onShell("Split Two.wim", 10_000, shell -> {
			List<Text> fields = UiHarness.findAll(shell, Text.class);
			fields.get(0).setText("1");
			fields.get(1).setText(first.toString());
			try {
				UiHarness.screenshot(shell, "overview-split-dialog");
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
			UiHarness.press(shell, "Split");
		});
		UiHarness.press(page, "Split\u2026");
		assertTrue(split.get(), "the split dialog was answered");
		Shell splitDone = UiHarness.waitForShellExactly("Split", 60_000);
		String splitText = UiHarness.allText(splitDone);
		List<Path> written;
		try (var files = Files.list(parts)) {
			written = files.sorted().toList();
		}
		assertTrue(written.size() >= 2, "several parts: " + written);
		String partInfo = Tools.ok("wimlib-imagex", "info", first.toString()).stdout();
		assertEquals("1/" + written.size(), field(partInfo, "Part Number"), partInfo);
		for (Path part : written) {
			assertTrue(splitText.contains(part.toString()), "the dialog names " + part + ": " + splitText);
			assertTrue(Files.size(part) <= 1024 * 1024 + 64 * 1024 || written.size() == 1, part + " is about 1 MiB");
		}
		assertEquals(firstFiles, Workbench.wimlibDir(first, 1, "--ref=" + parts.resolve("Two*.swm")),
				"the split set holds the same files");
		UiHarness.press(splitDone, "OK");
		assertFalse(editor.isDirty());
		assertNotNull(editor.info());
	}
}
