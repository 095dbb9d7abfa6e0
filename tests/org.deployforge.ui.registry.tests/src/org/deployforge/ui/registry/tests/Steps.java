package org.deployforge.ui.registry.tests;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.deployforge.tests.ui.UiHarness;
import org.deployforge.ui.registry.internal.RegistryEditor;
import org.deployforge.workspace.DeploymentProjects;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Assertions;

/** Steps the Registry editor tests share: projects, files, driving modal dialogs, waiting for the editor's jobs. */
final class Steps {

	private Steps() {
	}

	static IWorkbenchWindow window() {
		return PlatformUI.getWorkbench().getWorkbenchWindows()[0];
	}

	static IWorkbenchPage page() {
		return window().getActivePage();
	}

	/** Lets the first start finish (sample project), closes dialogs and editors. */
	static void cleanUp() {
		UiHarness.resetWorkbench();
	}

	/** @return a new deployment project (deleted first if a previous run left it) */
	static IProject project(String name) throws Exception {
		IProject old = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
		if (old.exists()) {
			old.delete(true, true, new NullProgressMonitor());
		}
		return DeploymentProjects.create(ResourcesPlugin.getWorkspace(), name, null, new NullProgressMonitor());
	}

	/** Copies a host file into the project under {@code name}, as a drag from the file manager would. */
	static IFile copyInto(IProject project, Path source, String name) throws Exception {
		IFile file = project.getFile(name);
		try (InputStream in = Files.newInputStream(source)) {
			file.create(in, true, new NullProgressMonitor());
		}
		return file;
	}

	/**
	 * Answers the modal dialog titled {@code title} that the next call opens: {@code drive} runs inside the dialog's
	 * event loop once the dialog shows (modal dialogs block the caller, so the answer is queued before).
	 */
	static void answer(String title, Consumer<Shell> drive) {
		FAILURES.clear();
		answered = false;
		expected = title;
		Display display = UiHarness.display();
		long deadline = System.currentTimeMillis() + 20_000;
		Runnable[] poll = new Runnable[1];
		poll[0] = () -> {
			Shell shell = UiHarness.findShell(title);
			if (shell != null && shell != window().getShell()) {
				answered = true;
				try {
					drive.accept(shell);
				} catch (Throwable e) {
					// the dialog's event loop would swallow it: keep it for rethrow(), close the dialog
					FAILURES.add(e);
					if (!shell.isDisposed()) {
						shell.close();
					}
				}
			} else if (System.currentTimeMillis() < deadline && expected == title) {
				display.timerExec(50, poll[0]);
			}
		};
		display.timerExec(50, poll[0]);
	}

	private static final java.util.List<Throwable> FAILURES = new java.util.ArrayList<>();

	private static boolean answered;
	private static String expected;

	/** Rethrows what failed while a dialog was answered; fails when the dialog never showed. */
	static void rethrow() {
		String title = expected;
		expected = null;
		if (!answered && FAILURES.isEmpty()) {
			throw new AssertionError("no dialog titled '" + title + "' showed (was the action enabled?)");
		}
		if (!FAILURES.isEmpty()) {
			Throwable first = FAILURES.get(0);
			FAILURES.clear();
			if (first instanceof Error error) {
				throw error;
			}
			throw new AssertionError(first);
		}
	}

	/** @return the Text of a dialog tagged {@code setData("name", name)}, else the only Text */
	static Text text(Shell shell, String name) {
		for (Text text : UiHarness.findAll(shell, Text.class)) {
			if (name.equals(text.getData("name"))) {
				return text;
			}
		}
		var editable = UiHarness.findAll(shell, Text.class).stream().filter(text -> text.getEditable()).toList();
		Assertions.assertEquals(1, editable.size(), "one editable text field in " + shell.getText());
		return editable.get(0);
	}

	/** Types into a text field as a person does (the field sends Modify). */
	static void type(Text text, String value) {
		text.setText(value);
		UiHarness.processEvents();
	}

	static Button button(Shell shell, String label) {
		for (Button button : UiHarness.findAll(shell, Button.class)) {
			if (button.getText().replace("&", "").equals(label)) {
				return button;
			}
		}
		throw new AssertionError("no button '" + label + "' in " + shell.getText());
	}

	/** Clicks a radio button: the old one is deselected, the new one selected, both notified like GTK does. */
	static void clickRadio(Shell shell, String label) {
		Button target = button(shell, label);
		for (Button other : UiHarness.findAll(target.getParent(), Button.class)) {
			if (other != target && (other.getStyle() & SWT.RADIO) != 0 && other.getSelection()) {
				other.setSelection(false);
				other.notifyListeners(SWT.Selection, new Event());
			}
		}
		target.setSelection(true);
		target.notifyListeners(SWT.Selection, new Event());
		UiHarness.processEvents();
	}

	/** A screenshot from inside a dialog's event loop (a failure to write it fails the test). */
	static void screenshot(Shell shell, String name) {
		// GTK paints on its frame clock: let it catch up, or the picture shows the widgets as they were
		long until = System.currentTimeMillis() + 400;
		UiHarness.waitUntil("painting", 5_000, () -> System.currentTimeMillis() > until);
		try {
			UiHarness.screenshot(shell, name);
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	static void press(Shell shell, String label) {
		UiHarness.press(shell, label);
	}

	/** Waits until the editor has opened its hive (or failed to). */
	static RegistryEditor waitOpen(RegistryEditor editor) {
		UiHarness.waitUntil("the Registry editor to open its hive", 60_000,
				() -> editor.hiveLabel() != null || editor.openFailure() != null);
		settle(editor);
		Assertions.assertNull(editor.openFailure(), "the hive opens");
		return editor;
	}

	/** Waits until the editor's jobs (and the UI updates after them) are done. */
	static void settle(Object family) {
		if (family instanceof Job job) {
			UiHarness.waitForJob(job, 60_000);
		}
		UiHarness.waitUntil("jobs of " + family + " to finish", 60_000,
				() -> Job.getJobManager().find(family).length == 0);
		UiHarness.processEvents();
	}
}
