package org.deployforge.plugins.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deployforge.core.ImageHandler;
import org.deployforge.core.ImageService;
import org.deployforge.plugins.PluginFeature;
import org.deployforge.plugins.PluginService;
import org.deployforge.tests.common.Fixtures;
import org.deployforge.tests.common.Tools;
import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.images.ImagesUi;
import org.deployforge.ui.images.internal.ImageEditor;
import org.deployforge.ui.images.internal.ImportImagesWizard;
import org.deployforge.workspace.DeploymentProjects;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The plug-in dialog end to end in a running workbench that is a p2-installed DeployForge product: the test runtime
 * is provisioned by the p2 director from the product IU ({@code testRuntime=p2Installed}), so it has the profile
 * {@code DefaultProfile}, a {@code bundles.info} of the simple configurator and the same {@code PluginService} as an
 * installed product. Through Help > Install New Software... the CAB feature is installed from the update site this
 * build made: refused without "Allow unsigned content" (the dialog says what and why, nothing changes), installed
 * with it; a cabinet then opens in the image editor with the files {@code cabextract -l} lists. Through Help >
 * Installed Plug-ins... it is uninstalled: the editor on the cabinet closes and opening it again says no handler is
 * installed for CAB. All in one running workbench, no restart.
 */
class PluginsDialogTest {

	private static final String TITLE = "DeployForge Plug-ins";
	private static final String FEATURE = "org.deployforge.handler.cab.feature";
	private static final String BUNDLE = "org.deployforge.handler.cab";
	private static final Pattern LISTING_LINE = Pattern
			.compile("^\\s*(\\d+) \\| \\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d \\| (.*)$");

	@TempDir
	Path temp;

	private final BundleContext context = FrameworkUtil.getBundle(PluginsDialogTest.class).getBundleContext();

	// ---- the dialog's widgets ----

	/** @return the plug-in dialog (the window titled {@value #TITLE} holding the features table), or null */
	private static Shell plugins() {
		for (Shell shell : UiHarness.display().getShells()) {
			if (!shell.isDisposed() && shell.isVisible() && TITLE.equals(shell.getText())
					&& !UiHarness.findAll(shell, Table.class).isEmpty()) {
				return shell;
			}
		}
		return null;
	}

	/** @return a visible window opened over {@code parent} (a progress or message dialog), or null */
	private static Shell over(Shell parent) {
		for (Shell shell : UiHarness.display().getShells()) {
			if (!shell.isDisposed() && shell.isVisible() && shell.getParent() == parent) {
				return shell;
			}
		}
		return null;
	}

	/** @return whether the plug-in dialog is open and idle (no progress or message dialog over it) */
	private static boolean idle() {
		Shell shell = plugins();
		return shell != null && over(shell) == null;
	}

	private static Table table(Shell shell) {
		return UiHarness.findAll(shell, Table.class).get(0);
	}

	/** @return the rows of the features table as "id | version | state" */
	private static List<String> rows(Shell shell) {
		List<String> rows = new ArrayList<>();
		for (TableItem item : table(shell).getItems()) {
			rows.add(item.getText(0) + " | " + item.getText(1) + " | " + item.getText(2));
		}
		return rows;
	}

	private static TableItem row(Shell shell, String id) {
		return Arrays.stream(table(shell).getItems()).filter(item -> item.getText(0).equals(id)).findFirst()
				.orElse(null);
	}

	/** @return the dialog's status line (the label under the "Allow unsigned content" check box) */
	private static String status(Shell shell) {
		List<Label> labels = UiHarness.findAll(shell, Label.class);
		return labels.get(labels.size() - 1).getText();
	}

	private static Button checkBox(Shell shell, String prefix) {
		return UiHarness.findAll(shell, Button.class).stream()
				.filter(button -> (button.getStyle() & SWT.CHECK) != 0 && button.getText().startsWith(prefix))
				.findFirst().orElseThrow();
	}

	private static void select(Shell shell, String id) {
		Table table = table(shell);
		TableItem item = row(shell, id);
		assertNotNull(item, id + " is listed: " + rows(shell));
		table.setSelection(item);
		Event event = new Event();
		event.item = item;
		table.notifyListeners(SWT.Selection, event);
	}

	/** Clicks Help > {@code label}; returns when the dialog it opened is closed again. */
	private static void helpMenu(IWorkbenchWindow window, String label) {
		MenuItem help = Arrays.stream(window.getShell().getMenuBar().getItems())
				.filter(item -> item.getText().replace("&", "").equals("Help")).findFirst().orElseThrow();
		Menu menu = help.getMenu();
		menu.notifyListeners(SWT.Show, new Event());
		UiHarness.processEvents();
		List<String> labels = Arrays.stream(menu.getItems()).map(item -> item.getText().replace("&", "")).toList();
		MenuItem item = Arrays.stream(menu.getItems()).filter(i -> i.getText().replace("&", "").startsWith(label))
				.findFirst().orElse(null);
		assertNotNull(item, "the Help menu holds " + label + ": " + labels);
		menu.notifyListeners(SWT.Hide, new Event());
		item.notifyListeners(SWT.Selection, new Event());
	}

	// ---- the running installation ----

	private <T> T service(Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T service = tracker.waitForService(20_000);
		assertNotNull(service, type.getSimpleName() + " is running");
		return service;
	}

	private Bundle handlerBundle() {
		return Arrays.stream(context.getBundles()).filter(bundle -> BUNDLE.equals(bundle.getSymbolicName()))
				.findFirst().orElse(null);
	}

	private static Path bundlesInfo() throws Exception {
		Path configuration = Path.of(new URL(System.getProperty("osgi.configuration.area")).toURI());
		return configuration.resolve("org.eclipse.equinox.simpleconfigurator/bundles.info");
	}

	/** @return the bundle lines of a bundles.info (comments left out), sorted */
	private static List<String> bundleLines(byte[] bundlesInfo) {
		return new String(bundlesInfo, java.nio.charset.StandardCharsets.UTF_8).lines()
				.filter(line -> !line.isBlank() && !line.startsWith("#")).sorted().toList();
	}

	private static boolean hasCab(ImageService images) {
		return images.handlers().stream().map(ImageHandler::id).anyMatch("cab"::equals);
	}

	// ---- the workbench ----

	private static IProject project(String name) throws Exception {
		IProject old = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
		if (old.exists()) {
			old.delete(true, true, new NullProgressMonitor());
		}
		return DeploymentProjects.create(ResourcesPlugin.getWorkspace(), name, null, new NullProgressMonitor());
	}

	private static IFile importFile(Path file, IProject project) {
		UiHarness.waitForJob(ImportImagesWizard.schedule(List.of(file), project, false), 60_000);
		IFile imported = project.getFile(file.getFileName().toString());
		assertTrue(imported.exists(), "imported " + imported);
		return imported;
	}

	private static ImageEditor open(IWorkbenchPage page, IFile file) throws Exception {
		ImageEditor editor = (ImageEditor) IDE.openEditor(page, file, ImagesUi.EDITOR_ID);
		UiHarness.waitUntil("the editor to open " + file.getName(), 30_000,
				() -> editor.info() != null || editor.openFailure() != null);
		return editor;
	}

	private static boolean isOpen(IWorkbenchPage page, ImageEditor editor) {
		for (IEditorReference reference : page.getEditorReferences()) {
			if (reference.getEditor(false) == editor) {
				return true;
			}
		}
		return false;
	}

	/** @return what {@code cabextract -l} lists: every file and the folders above them, as /A, /A/b.txt */
	private static List<String> cabextractPaths(Path cabinet) throws Exception {
		TreeSet<String> paths = new TreeSet<>();
		for (String line : Tools.ok("cabextract", "-l", cabinet.toString()).stdout().split("\n")) {
			Matcher matcher = LISTING_LINE.matcher(line);
			if (matcher.matches()) {
				String path = "/" + matcher.group(2).strip();
				for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
					paths.add(path.substring(0, slash));
				}
				paths.add(path);
			}
		}
		return new ArrayList<>(paths);
	}

	/** @return the Files page's tree, fully expanded, as sorted paths */
	private static List<String> shownPaths(ImageEditor editor) {
		UiHarness.waitUntil("the Files page to show the tree", 30_000, () -> editor.filesPage().shownIndex() == 1
				&& Job.getJobManager().find(editor).length == 0);
		editor.filesPage().viewer().expandAll();
		UiHarness.processEvents();
		List<String> shown = new ArrayList<>(UiHarness.treePaths(editor.filesPage().viewer().getTree(), 0));
		shown.sort(null);
		return shown;
	}

	/** A cabinet built by gcab: two files at the root, one in a folder, MSZIP compressed. */
	private Path buildCabinet() throws Exception {
		Path source = Files.createDirectories(temp.resolve("cab-src/drivers"));
		Files.writeString(source.resolveSibling("readme.txt"), "DeployForge plug-in test\r\n");
		Files.writeString(source.resolveSibling("setup.inf"), "[Version]\r\nSignature=\"$Windows NT$\"\r\n");
		byte[] driver = new byte[64 * 1024];
		for (int i = 0; i < driver.length; i++) {
			driver[i] = (byte) (i * 31 + i / 7);
		}
		Files.write(source.resolve("net.sys"), driver);
		Path cabinet = temp.resolve("drivers.cab");
		Tools.run(temp.resolve("cab-src"), List.of("gcab", "-c", "-z", cabinet.toString(), "readme.txt", "setup.inf",
				"drivers/net.sys")).assertOk();
		return cabinet;
	}

	@Test
	void installFromTheDialogOpenACabinetUninstallAndTheFormatIsGone() throws Exception {
		Path site = Fixtures.repositoryRoot().resolve("releng/org.deployforge.product/target/repository");
		Assumptions.assumeTrue(Files.isRegularFile(site.resolve("content.jar"))
				|| Files.isRegularFile(site.resolve("content.xml")) || Files.isRegularFile(site.resolve("content.xml.xz")),
				() -> "skipped: the update site is built by releng/ before the tests (run the whole reactor): " + site);
		String siteUrl = site.toUri().toString(); // file:/.../repository/
		PluginService pluginService = service(PluginService.class);
		ImageService images = service(ImageService.class);
		if (pluginService.installed().stream().map(PluginFeature::id).anyMatch(FEATURE::equals)) {
			// a previous run of this test runtime was killed half-way: start from the product as built
			pluginService.uninstall(FEATURE, new NullProgressMonitor());
		}
		assertNull(handlerBundle(), "the CAB handler is not part of the product");
		assertFalse(hasCab(images), "no CAB handler at first");

		IWorkbenchWindow window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
		window.getShell().setSize(1400, 900);
		IWorkbenchPage page = window.getActivePage();
		IProject project = project("Plug-in test");
		Path built = buildCabinet();
		IFile cabinet = importFile(built, project);
		IFile simple = Fixtures.present() ? importFile(Fixtures.copy("cab/simple.cab", temp), project) : null;

		// the CAB format is not handled yet: the editor says so
		ImageEditor before = open(page, cabinet);
		assertNotNull(before.openFailure(), "the cabinet does not open without the handler");
		assertTrue(before.openFailure().contains("no handler installed for CAB"), before.openFailure());
		UiHarness.press(UiHarness.waitForShell("Cannot open image", 30_000), "OK");
		page.closeEditor(before, false);
		UiHarness.processEvents();

		Path bundlesInfo = bundlesInfo();
		byte[] bundlesBefore = Files.readAllBytes(bundlesInfo);
		String[] refusal = new String[2];
		String[] installed = new String[1];
		List<String> rowsAfterInstall = new ArrayList<>();

		// Help > Install New Software...: add the site, pick the feature, install
		new DialogScript().step("the dialog lists the installed features", 60_000,
				() -> idle() && row(plugins(), "org.deployforge.core.feature") != null, () -> {
					Shell dialog = plugins();
					assertEquals("part of the product", row(dialog, "org.deployforge.ui.feature").getText(2),
							rows(dialog).toString());
					assertNull(row(dialog, FEATURE), "the CAB feature is not installed: " + rows(dialog));
					UiHarness.findAll(dialog, Text.class).get(0).setText(siteUrl);
					UiHarness.press(dialog, "Load");
				}).step("the site's CAB feature is offered", 60_000,
						() -> idle() && row(plugins(), FEATURE) != null, () -> {
							Shell dialog = plugins();
							assertEquals("available", row(dialog, FEATURE).getText(2), rows(dialog).toString());
							assertFalse(checkBox(dialog, "Allow unsigned content").getSelection(),
									"unsigned content is not allowed by default");
							UiHarness.screenshot(dialog, "plugins-1-site-loaded");
							select(dialog, FEATURE);
							UiHarness.press(dialog, "Install"); // returns when the refusal is acknowledged
						})
				.step("the refusal of unsigned content", 120_000, () -> {
					Shell dialog = plugins();
					Shell message = dialog == null ? null : over(dialog);
					return message != null && TITLE.equals(message.getText())
							&& UiHarness.allText(message).contains("refused");
				}, () -> {
					Shell message = over(plugins());
					refusal[0] = UiHarness.allText(message);
					UiHarness.screenshot(message, "plugins-2-unsigned-refused");
					UiHarness.press(message, "OK");
				}).step("the status line repeats the refusal", 60_000,
						() -> idle() && status(plugins()).contains("refused"), () -> {
							Shell dialog = plugins();
							refusal[1] = status(dialog);
							assertTrue(Arrays.equals(bundlesBefore, Files.readAllBytes(bundlesInfo)),
									"bundles.info is unchanged after the refusal");
							assertNull(handlerBundle(), "nothing was installed");
							assertEquals("available", row(dialog, FEATURE).getText(2), rows(dialog).toString());
							Button unsigned = checkBox(dialog, "Allow unsigned content");
							unsigned.setSelection(true);
							unsigned.notifyListeners(SWT.Selection, new Event());
							select(dialog, FEATURE);
							UiHarness.press(dialog, "Install");
						})
				.step("the install to finish", 180_000, () -> idle() && status(plugins()).startsWith("Installed "), () -> {
					Shell dialog = plugins();
					installed[0] = status(dialog);
					rowsAfterInstall.addAll(rows(dialog));
					UiHarness.screenshot(dialog, "plugins-3-installed");
					UiHarness.press(dialog, "Close");
				}).run(() -> helpMenu(window, "Install New Software"), 300_000);

		for (String text : refusal) {
			assertTrue(text.contains("refused to install " + FEATURE), "says what was refused: " + text);
			assertTrue(text.contains("unsigned artifact(s)") && text.contains(BUNDLE),
					"names the unsigned artifacts: " + text);
			assertTrue(text.contains("nothing was changed"), text);
			assertTrue(text.contains("Allow unsigned content"), "says how to allow it in this dialog: " + text);
		}
		assertTrue(installed[0].startsWith("Installed " + FEATURE + " "), installed[0]);
		assertTrue(installed[0].contains("active now, no restart needed"), installed[0]);
		assertTrue(installed[0].contains("unsigned artifact(s) installed because \"Allow unsigned content\""),
				"the warning says unsigned content was installed on purpose: " + installed[0]);
		assertTrue(rowsAfterInstall.stream().anyMatch(row -> row.startsWith(FEATURE + " | ") && row.endsWith(
				" | installed")), rowsAfterInstall.toString());

		// the handler is in the running workbench: the cabinet opens and lists what cabextract lists
		assertSame(window, PlatformUI.getWorkbench().getWorkbenchWindows()[0], "the same workbench window, no restart");
		assertNotNull(handlerBundle(), "the handler bundle is installed in the running framework");
		// p2 applies the install in the background (simpleconfigurator: install, refresh, resolve, start); on a loaded
		// machine that took over 10 s once (CI rehearsal 2026-11-30), so wait as long as for the editors
		UiHarness.waitUntil("the CAB handler to bind into the ImageService", 60_000, () -> hasCab(images));
		ImageEditor editor = open(page, cabinet);
		assertNull(editor.openFailure(), "the cabinet opens: " + editor.openFailure());
		editor.showIndex(1);
		assertEquals(cabextractPaths(built), shownPaths(editor), "the Files page against cabextract -l");
		ImageEditor simpleEditor = null;
		if (simple != null) {
			simpleEditor = open(page, simple);
			assertNull(simpleEditor.openFailure(), "simple.cab opens: " + simpleEditor.openFailure());
			simpleEditor.showIndex(1);
			assertEquals(cabextractPaths(simple.getLocation().toPath()), shownPaths(simpleEditor),
					"simple.cab's Files page against cabextract -l");
			page.activate(editor);
		}
		// an image of another format stays open through the uninstall
		Path wimSource = Files.createDirectories(temp.resolve("wim-src"));
		Files.writeString(wimSource.resolve("unattend.xml"), "<unattend/>\n");
		Path wim = temp.resolve("other.wim");
		Tools.ok("wimlib-imagex", "capture", wimSource.toString(), wim.toString(), "Other");
		ImageEditor wimEditor = open(page, importFile(wim, project));
		assertNull(wimEditor.openFailure(), "the WIM opens: " + wimEditor.openFailure());
		page.activate(editor);
		UiHarness.processEvents();
		UiHarness.screenshot(window.getShell(), "plugins-4-cabinet-open");

		// Help > Installed Plug-ins...: uninstall; the editors on cabinets close
		String[] uninstalled = new String[1];
		List<String> rowsAfterUninstall = new ArrayList<>();
		new DialogScript().step("the dialog lists the CAB feature as installed", 60_000,
				() -> idle() && row(plugins(), FEATURE) != null, () -> {
					Shell dialog = plugins();
					assertEquals("installed", row(dialog, FEATURE).getText(2), rows(dialog).toString());
					select(dialog, FEATURE);
					UiHarness.press(dialog, "Uninstall");
				}).step("the uninstall to finish", 120_000,
						() -> idle() && status(plugins()).startsWith("Uninstalled "), () -> {
							Shell dialog = plugins();
							uninstalled[0] = status(dialog);
							rowsAfterUninstall.addAll(rows(dialog));
							UiHarness.screenshot(dialog, "plugins-5-uninstalled");
							UiHarness.press(dialog, "Close");
						})
				.run(() -> helpMenu(window, "Installed Plug-ins"), 300_000);

		assertTrue(uninstalled[0].startsWith("Uninstalled " + FEATURE + " "), uninstalled[0]);
		assertTrue(rowsAfterUninstall.stream().noneMatch(row -> row.startsWith(FEATURE + " | ")),
				rowsAfterUninstall.toString());
		ImageEditor closedSimple = simpleEditor;
		UiHarness.waitUntil("the editors on cabinets to close", 20_000,
				() -> !isOpen(page, editor) && (closedSimple == null || !isOpen(page, closedSimple)));
		assertTrue(isOpen(page, wimEditor) && wimEditor.openFailure() == null, "the editor on the WIM stays open");
		assertFalse(hasCab(images), "the CAB handler left the ImageService");
		assertNull(handlerBundle(), "the handler bundle left the running framework");
		assertEquals(bundleLines(bundlesBefore), bundleLines(Files.readAllBytes(bundlesInfo)),
				"bundles.info lists the bundles it listed before the install");
		assertSame(window, PlatformUI.getWorkbench().getWorkbenchWindows()[0], "the same workbench window, no restart");

		// the CAB format is no longer handled
		ImageEditor after = open(page, cabinet);
		assertNotNull(after.openFailure(), "the cabinet no longer opens");
		assertTrue(after.openFailure().contains("no handler installed for CAB"), after.openFailure());
		Shell error = UiHarness.waitForShell("Cannot open image", 30_000);
		assertTrue(UiHarness.allText(error).contains("no handler installed for CAB"), UiHarness.allText(error));
		UiHarness.screenshot(window.getShell(), "plugins-6-no-handler-after-uninstall");
		UiHarness.screenshot(error, "plugins-7-no-handler-message");
		UiHarness.press(error, "OK");
		page.closeAllEditors(false);
		UiHarness.processEvents();
	}
}
