package org.deployforge.plugins.ui.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.deployforge.tests.ui.UiHarness;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * Drives modal dialogs step by step from SWT timers. A modal dialog (and the progress and message dialogs it opens)
 * runs its own event loop inside the call that opened it, so the test cannot continue after that call until the
 * dialog is closed; timers still fire inside every nested event loop. Each step waits until its condition holds, then
 * runs its action; the next step may run while an earlier action is still blocked in a nested dialog (that is how a
 * message dialog opened by the Install button is read and closed).
 */
final class DialogScript {

	/** What a step does once its condition holds. */
	interface Action {
		void run() throws Exception;
	}

	private record Step(String what, long timeoutMillis, BooleanSupplier ready, Action action) {
	}

	private final List<Step> steps = new ArrayList<>();
	private final List<String> done = new ArrayList<>();
	private int next;
	private long stepStarted;
	private volatile boolean finished;
	private volatile Throwable failure;

	/** Adds a step: when {@code ready} holds (within {@code timeoutMillis} of the previous step), run {@code action}. */
	DialogScript step(String what, long timeoutMillis, BooleanSupplier ready, Action action) {
		steps.add(new Step(what, timeoutMillis, ready, action));
		return this;
	}

	/**
	 * Starts the steps, runs {@code opener} (which opens the modal dialog and returns only when it is closed), then
	 * waits until every step has run and rethrows the first failure.
	 */
	void run(Action opener, long timeoutMillis) throws Exception {
		stepStarted = System.currentTimeMillis();
		UiHarness.display().timerExec(50, this::tick);
		opener.run(); // if the dialog closed before the last step, the remaining steps time out with their names
		await(timeoutMillis);
	}

	private void tick() {
		if (finished) {
			return;
		}
		Display display = UiHarness.display();
		display.timerExec(50, this::tick); // first: the action below may block in a nested event loop
		Step step = steps.get(next);
		boolean ready;
		try {
			ready = step.ready().getAsBoolean();
		} catch (Throwable e) {
			fail(new AssertionError("checking '" + step.what() + "' failed", e));
			return;
		}
		if (!ready) {
			if (System.currentTimeMillis() - stepStarted > step.timeoutMillis()) {
				fail(new AssertionError("timed out after " + step.timeoutMillis() + " ms waiting for: " + step.what()
						+ "\nsteps done: " + done + "\nopen windows: " + windows()));
			}
			return;
		}
		next++;
		stepStarted = System.currentTimeMillis();
		done.add(step.what());
		if (next == steps.size()) {
			finished = true;
		}
		try {
			step.action().run();
		} catch (Throwable e) {
			fail(new AssertionError("step '" + step.what() + "' failed", e));
		}
	}

	/** Records the failure and closes every dialog, innermost first, so the call that opened them returns. */
	private void fail(Throwable e) {
		if (failure == null) {
			failure = e;
		}
		finished = true;
		Shell[] shells = UiHarness.display().getShells();
		for (int i = shells.length - 1; i >= 0; i--) {
			if (!shells[i].isDisposed() && shells[i].getParent() != null) {
				shells[i].close();
			}
		}
	}

	/** @return the titles of the visible windows, for failure messages */
	static List<String> windows() {
		List<String> titles = new ArrayList<>();
		for (Shell shell : UiHarness.display().getShells()) {
			if (!shell.isDisposed() && shell.isVisible()) {
				titles.add(shell.getText() + (shell.getParent() == null ? "" : " (dialog)"));
			}
		}
		return titles;
	}

	private void await(long timeoutMillis) {
		UiHarness.waitUntil("the dialog steps " + steps.stream().map(Step::what).toList(), timeoutMillis,
				() -> finished);
		if (failure instanceof AssertionError error) {
			throw error;
		}
		if (failure != null) {
			throw new AssertionError(failure);
		}
	}
}
