package org.deployforge.tests.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.Assertions;

/**
 * Small helpers for UI tests that run on the UI thread under Tycho's UI harness (no SWTBot on Maven Central): wait
 * while dispatching events, find widgets, save screenshots. Modelled on Eclipse Platform UI's own test harness.
 */
public final class UiHarness {

	private UiHarness() {
	}

	public static Display display() {
		return Display.getDefault();
	}

	/** Dispatches pending UI events until none is left. */
	public static void processEvents() {
		Display display = display();
		while (display.readAndDispatch()) {
			// keep dispatching
		}
	}

	/**
	 * Dispatches events until {@code condition} holds, failing the test after {@code timeoutMillis}.
	 *
	 * @param what what is awaited, for the failure message
	 */
	public static void waitUntil(String what, long timeoutMillis, BooleanSupplier condition) {
		Display display = display();
		long deadline = System.currentTimeMillis() + timeoutMillis;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > deadline) {
				Assertions.fail("timed out after " + timeoutMillis + " ms waiting for " + what);
			}
			if (!display.readAndDispatch()) {
				display.timerExec(20, () -> {
					// wake the sleeping UI thread
				});
				display.sleep();
			}
		}
		processEvents();
	}

	/** Waits until no job of {@code family} (null: any job) is running or waiting. */
	public static void waitForJobs(Object family, long timeoutMillis) {
		waitUntil("background jobs to finish", timeoutMillis, () -> Job.getJobManager().find(family).length == 0
				|| java.util.Arrays.stream(Job.getJobManager().find(family)).allMatch(job -> job.getState() == Job.SLEEPING
						|| job.isSystem()));
	}

	/** @return every control of type {@code type} below {@code root}, depth first */
	public static <T extends Control> List<T> findAll(Control root, Class<T> type) {
		List<T> found = new ArrayList<>();
		collect(root, type, found);
		return found;
	}

	private static <T extends Control> void collect(Control control, Class<T> type, List<T> found) {
		if (type.isInstance(control)) {
			found.add(type.cast(control));
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				collect(child, type, found);
			}
		}
	}

	/** @return the texts of a tree's top-level items */
	public static List<String> topLevelItems(Tree tree) {
		List<String> texts = new ArrayList<>();
		for (TreeItem item : tree.getItems()) {
			texts.add(item.getText());
		}
		return texts;
	}

	/** @return the folder screenshots go to: system property {@code deployforge.screenshots}, else target/screenshots */
	public static Path screenshotFolder() {
		String property = System.getProperty("deployforge.screenshots");
		return Path.of(property != null ? property : "target/screenshots").toAbsolutePath();
	}

	/**
	 * Saves a PNG of the screen area of {@code shell} (with everything painted) as {@code NAME.png} in the screenshot folder.
	 *
	 * @return the file written
	 */
	public static Path screenshot(Shell shell, String name) throws IOException {
		shell.forceActive();
		shell.redraw();
		shell.update();
		processEvents();
		Display display = shell.getDisplay();
		Rectangle bounds = shell.getBounds();
		Image image = new Image(display, bounds.width, bounds.height);
		GC gc = new GC(display);
		try {
			gc.copyArea(image, bounds.x, bounds.y);
			ImageData data = image.getImageData();
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { data };
			Path folder = Files.createDirectories(screenshotFolder());
			Path file = folder.resolve(name + ".png");
			loader.save(file.toString(), SWT.IMAGE_PNG);
			return file;
		} finally {
			gc.dispose();
			image.dispose();
		}
	}

	/** Waits until {@code job} has finished, dispatching events meanwhile; returns its result. */
	public static org.eclipse.core.runtime.IStatus waitForJob(Job job, long timeoutMillis) {
		waitUntil("job '" + job.getName() + "' to finish", timeoutMillis,
				() -> job.getResult() != null && job.getState() == Job.NONE);
		return job.getResult();
	}

	/** @return the open shell whose title contains {@code title}, or null; finds dialogs behind the main window too */
	public static Shell findShell(String title) {
		for (Shell shell : display().getShells()) {
			if (!shell.isDisposed() && shell.isVisible() && shell.getText() != null && shell.getText().contains(title)) {
				return shell;
			}
		}
		return null;
	}

	/** Waits for a visible shell titled exactly {@code title}. */
	public static Shell waitForShellExactly(String title, long timeoutMillis) {
		Shell[] found = new Shell[1];
		waitUntil("a window titled exactly '" + title + "'", timeoutMillis, () -> {
			for (Shell shell : display().getShells()) {
				if (!shell.isDisposed() && shell.isVisible() && title.equals(shell.getText())) {
					found[0] = shell;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	/** Waits for a shell whose title contains {@code title}. */
	public static Shell waitForShell(String title, long timeoutMillis) {
		Shell[] found = new Shell[1];
		waitUntil("a window titled '" + title + "'", timeoutMillis, () -> (found[0] = findShell(title)) != null);
		return found[0];
	}

	/** @return the texts of every Label, Text, StyledText and Link below {@code root}, joined by new lines */
	public static String allText(Control root) {
		StringBuilder text = new StringBuilder();
		for (Control control : findAll(root, Control.class)) {
			String value = null;
			if (control instanceof org.eclipse.swt.widgets.Label label) {
				value = label.getText();
			} else if (control instanceof org.eclipse.swt.widgets.Text field) {
				value = field.getText();
			} else if (control instanceof org.eclipse.swt.custom.StyledText styled) {
				value = styled.getText();
			} else if (control instanceof org.eclipse.swt.widgets.Link link) {
				value = link.getText();
			}
			if (value != null && !value.isEmpty()) {
				text.append(value).append('\n');
			}
		}
		return text.toString();
	}

	/** Clicks the push button labelled {@code label} (mnemonics ignored) below {@code root}. */
	public static void press(Control root, String label) {
		for (org.eclipse.swt.widgets.Button button : findAll(root, org.eclipse.swt.widgets.Button.class)) {
			if (button.getText().replace("&", "").equals(label)) {
				Assertions.assertTrue(button.isEnabled(), "button '" + label + "' is disabled");
				button.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
				processEvents();
				return;
			}
		}
		Assertions.fail("no button '" + label + "' in " + root);
	}

	/**
	 * Expands every item of a tree (virtual trees materialise their items) and returns the path of each item built
	 * from the texts of column {@code column}: {@code /B}, {@code /B/C.txt}.
	 */
	public static List<String> treePaths(Tree tree, int column) {
		List<String> paths = new ArrayList<>();
		for (TreeItem item : tree.getItems()) {
			collectPaths(item, "", column, paths);
		}
		return paths;
	}

	private static void collectPaths(TreeItem item, String parent, int column, List<String> paths) {
		String path = parent + "/" + item.getText(column);
		paths.add(path);
		if (item.getItemCount() > 0) {
			if (!item.getExpanded()) {
				Event event = new Event();
				event.item = item;
				item.getParent().notifyListeners(SWT.Expand, event);
				item.setExpanded(true);
				processEvents();
			}
			for (TreeItem child : item.getItems()) {
				collectPaths(child, path, column, paths);
			}
		}
	}

	/** @return the first tree item (depth first) whose text starts with {@code prefix}, or null */
	public static TreeItem findItem(Tree tree, String prefix) {
		for (TreeItem item : tree.getItems()) {
			TreeItem found = findItem(item, prefix);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	private static TreeItem findItem(TreeItem item, String prefix) {
		if (item.getText().startsWith(prefix)) {
			return item;
		}
		if (item.getExpanded()) {
			for (TreeItem child : item.getItems()) {
				TreeItem found = findItem(child, prefix);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/**
	 * Answers a dialog that a later step opens modally (its {@code open()} blocks in a nested event loop): polls for a
	 * visible shell titled {@code title} and runs {@code answer} on it once, inside that loop.
	 *
	 * @return a flag set when the answer ran (check it after the step)
	 */
	public static java.util.concurrent.atomic.AtomicBoolean onShell(String title, long timeoutMillis,
			java.util.function.Consumer<Shell> answer) {
		java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
		long deadline = System.currentTimeMillis() + timeoutMillis;
		Display display = display();
		Runnable[] poll = new Runnable[1];
		poll[0] = () -> {
			if (done.get() || System.currentTimeMillis() > deadline) {
				return;
			}
			Shell shell = findShell(title);
			if (shell == null) {
				display.timerExec(50, poll[0]);
				return;
			}
			done.set(true);
			answer.accept(shell);
		};
		display.timerExec(50, poll[0]);
		return done;
	}

	/** Types {@code text} into a text field (sets it and sends Modify, as typing does). */
	public static void type(org.eclipse.swt.widgets.Text field, String text) {
		field.setFocus();
		field.setText(text);
		processEvents();
	}

	/** Sends a key press (e.g. {@code SWT.ESC}) to {@code control}'s key listeners. */
	public static void key(Control control, int keyCode) {
		Event event = new Event();
		event.keyCode = keyCode;
		event.character = keyCode == SWT.ESC ? (char) 27 : (char) 0;
		event.doit = true;
		control.notifyListeners(SWT.KeyDown, event);
		processEvents();
	}

	/**
	 * Chooses {@code label} (mnemonics and accelerator text ignored) in the context menu of {@code control}, as a
	 * right-click would: the menu is shown (menu managers fill it then) and the item selected.
	 */
	public static void contextMenu(Control control, String label) {
		org.eclipse.swt.widgets.Menu menu = control.getMenu();
		Assertions.assertNotNull(menu, control + " has no context menu");
		menu.notifyListeners(SWT.Show, new Event());
		processEvents();
		for (org.eclipse.swt.widgets.MenuItem item : menu.getItems()) {
			String text = item.getText().replace("&", "");
			int tab = text.indexOf('\t');
			if ((tab < 0 ? text : text.substring(0, tab)).equals(label)) {
				Assertions.assertTrue(item.isEnabled(), "menu item '" + label + "' is disabled");
				item.notifyListeners(SWT.Selection, new Event());
				menu.notifyListeners(SWT.Hide, new Event());
				processEvents();
				return;
			}
		}
		Assertions.fail("no menu item '" + label + "' in the context menu of " + control);
	}

	/**
	 * Before and after a UI test: the first start's work is done (the sample project exists and no start-up job is
	 * running), every dialog is closed and every editor closed without saving.
	 */
	public static void resetWorkbench() {
		org.eclipse.core.resources.IFile sample = org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot()
				.getProject("Sample Deployment").getFile("images/Sample.wim");
		waitUntil("the sample workspace", 30_000, sample::exists);
		waitUntil("start-up jobs", 60_000, () -> java.util.Arrays.stream(Job.getJobManager().find(null))
				.allMatch(job -> job.getState() == Job.SLEEPING));
		processEvents();
		org.eclipse.ui.IWorkbenchWindow window = org.eclipse.ui.PlatformUI.getWorkbench().getWorkbenchWindows()[0];
		for (Shell shell : display().getShells()) {
			if (shell != window.getShell() && !shell.isDisposed()) {
				shell.close();
			}
		}
		window.getActivePage().closeAllEditors(false);
		processEvents();
	}
}
