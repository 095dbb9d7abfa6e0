package org.deployforge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.tests.common.Tools;
import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.images.internal.EntryNodeAccess;
import org.deployforge.ui.images.internal.ImageEditor;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbench under the dark theme (Window > Preferences > Appearance > Dark): the image editor's pages are dark and
 * every text on them stays readable (WCAG contrast of at least 3:1 between a label's colours, and for the staged-change
 * colours of the Files tree).
 */
class DarkThemeTest {

	static final String DARK = "org.eclipse.e4.ui.css.theme.e4_dark";
	static final String LIGHT = "org.eclipse.e4.ui.css.theme.e4_default";

	@TempDir
	Path temp;

	@BeforeEach
	@AfterEach
	void closeEditorsAndDialogs() {
		Workbench.reset();
	}

	static double luminance(Color color) {
		double[] rgb = { color.getRed() / 255.0, color.getGreen() / 255.0, color.getBlue() / 255.0 };
		for (int i = 0; i < 3; i++) {
			rgb[i] = rgb[i] <= 0.03928 ? rgb[i] / 12.92 : Math.pow((rgb[i] + 0.055) / 1.055, 2.4);
		}
		return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
	}

	static double contrast(Color a, Color b) {
		double la = luminance(a);
		double lb = luminance(b);
		return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
	}

	/** @return "text (fg on bg, ratio)" for every visible label below {@code root} whose contrast is under 3:1 */
	static List<String> unreadableLabels(Control root) {
		List<String> bad = new ArrayList<>();
		for (Label label : UiHarness.findAll(root, Label.class)) {
			if (!label.isVisible() || label.getText().isBlank()) {
				continue;
			}
			double ratio = contrast(label.getForeground(), label.getBackground());
			if (ratio < 3.0) {
				bad.add(label.getText() + " (" + label.getForeground() + " on " + label.getBackground() + ", "
						+ String.format("%.2f", ratio) + ")");
			}
		}
		return bad;
	}

	/** @return every visible composite below {@code root} (the root included) with a light background */
	static List<String> lightAreas(Control root) {
		List<String> light = new ArrayList<>();
		for (org.eclipse.swt.widgets.Composite composite : UiHarness.findAll(root,
				org.eclipse.swt.widgets.Composite.class)) {
			if (composite.isVisible() && luminance(composite.getBackground()) > 0.5) {
				light.add(composite.getClass().getSimpleName() + " " + composite.getBackground());
			}
		}
		return light;
	}

	@Test
	void theImageEditorIsDarkAndReadableUnderTheDarkTheme() throws Exception {
		IThemeEngine engine = (IThemeEngine) UiHarness.display().getData("org.eclipse.e4.ui.css.swt.theme");
		assertNotNull(engine, "the product runs the theme engine (product property cssTheme)");
		assertTrue(engine.getThemes().stream().anyMatch(theme -> theme.getId().equals(DARK)), "a dark theme is offered");

		// where a person switches: Window > Preferences > General > Appearance offers the themes
		var preferences = org.eclipse.ui.dialogs.PreferencesUtil.createPreferenceDialogOn(
				Workbench.window().getShell(), "org.eclipse.ui.preferencePages.Views", null, null);
		preferences.setBlockOnOpen(false);
		preferences.open();
		UiHarness.processEvents();
		try {
			boolean offered = UiHarness.findAll(preferences.getShell(), org.eclipse.swt.widgets.Combo.class).stream()
					.anyMatch(combo -> java.util.Arrays.asList(combo.getItems()).contains("Dark"));
			UiHarness.screenshot(preferences.getShell(), "preferences-appearance");
			assertTrue(offered, "the Appearance page offers the Dark theme");
		} finally {
			preferences.close();
		}

		Path content = Files.createDirectories(temp.resolve("content"));
		Files.writeString(Files.createDirectories(content.resolve("Windows/INF")).resolve("net.inf"), "[Version]");
		Files.writeString(content.resolve("setup.exe"), "MZ");
		Path wim = temp.resolve("Dark.wim");
		Tools.ok("wimlib-imagex", "capture", content.toString(), wim.toString(), "Dark Image");
		IProject project = Workbench.project("Dark Project");
		IFile image = Workbench.importFile(wim, project, true);
		try {
			engine.setTheme(DARK, false);
			UiHarness.processEvents();
			ImageEditor editor = Workbench.open(image);
			Workbench.settle(editor);
			editor.setActivePage("overview");
			UiHarness.processEvents();
			Control overview = editor.overviewPage().getPartControl();
			UiHarness.screenshot(Workbench.window().getShell(), "dark-overview");
			assertTrue(luminance(overview.getBackground()) < 0.2, "the Overview is dark: " + overview.getBackground());
			assertTrue(lightAreas(overview).isEmpty(), "light areas on the dark Overview: " + lightAreas(overview));
			List<String> bad = unreadableLabels(overview);
			assertTrue(bad.isEmpty(), "unreadable on the dark Overview: " + bad);

			editor.showIndex(1);
			UiHarness.waitUntil("image 1's tree", 30_000, () -> editor.filesPage().shownIndex() == 1);
			Workbench.settle(editor);
			Path added = Files.writeString(temp.resolve("added.txt"), "new");
			editor.stageAdd(EntryNodeAccess.node(editor, "/Windows"), List.of(added));
			Workbench.settle(editor);
			editor.stageRename(EntryNodeAccess.node(editor, "/setup.exe"), "install.exe");
			Workbench.settle(editor);
			editor.filesPage().viewer().expandAll();
			UiHarness.processEvents();
			Tree tree = editor.filesPage().viewer().getTree();
			assertTrue(luminance(tree.getBackground()) < 0.2, "the Files tree is dark: " + tree.getBackground());
			for (String name : List.of("added.txt", "install.exe", "INF")) {
				TreeItem item = UiHarness.findItem(tree, name);
				assertNotNull(item, name);
				double ratio = contrast(item.getForeground(0), tree.getBackground());
				assertTrue(ratio >= 3.0, name + ": " + item.getForeground(0) + " on " + tree.getBackground() + " = "
						+ ratio);
			}
			UiHarness.screenshot(Workbench.window().getShell(), "dark-files");
			Control files = editor.filesPage().getPartControl();
			assertTrue(lightAreas(files).isEmpty(), "light areas on the dark Files page: " + lightAreas(files));
			List<String> badFiles = unreadableLabels(files);
			assertTrue(badFiles.isEmpty(), "unreadable on the dark Files page: " + badFiles);
			UiHarness.waitForJob(editor.revert(), 30_000);
			Workbench.settle(editor);
		} finally {
			engine.setTheme(LIGHT, false);
			UiHarness.processEvents();
		}
	}
}
