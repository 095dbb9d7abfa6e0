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
}
