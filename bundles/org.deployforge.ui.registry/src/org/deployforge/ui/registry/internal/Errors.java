package org.deployforge.ui.registry.internal;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/**
 * Reports failures as the image editor does: the engine's message (it names the hive and the reason, with the line of a
 * .reg file) in a dialog without a stack trace, the full exception in the Error Log. Dialogs do not block the caller.
 */
final class Errors {

	private Errors() {
	}

	/** @return the message a person should read */
	static String message(Throwable error) {
		if (error instanceof ImageException) {
			return error.getMessage();
		}
		if (error.getCause() instanceof ImageException cause) {
			return cause.getMessage();
		}
		String message = error.getMessage();
		return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
	}

	/** Logs {@code error} and shows {@code context} + its message in an error dialog (any thread). */
	static void show(String title, String context, Throwable error) {
		String message = context + "\n\n" + message(error);
		ILog.of(Errors.class).log(Status.error(message, error));
		PlatformUI.getWorkbench().getDisplay().asyncExec(() -> open(MessageDialog.ERROR, title, message));
	}

	/** Shows an information dialog (any thread, does not block). */
	static void info(String title, String message) {
		PlatformUI.getWorkbench().getDisplay().asyncExec(() -> open(MessageDialog.INFORMATION, title, message));
	}

	private static void open(int kind, String title, String message) {
		MessageDialog dialog = new MessageDialog(shell(), title, null, message, kind, 0, "OK");
		dialog.setBlockOnOpen(false);
		dialog.open();
	}

	static @Nullable Shell shell() {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		if (window == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
			window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
		}
		return window == null ? null : window.getShell();
	}
}
