package org.deployforge.ui.images;

import org.deployforge.core.ImageException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/**
 * Reports failures the way people read them: the handler's message (it names the file and the reason) in a dialog
 * without a stack trace, and the full exception in the Error Log. Dialogs do not block the caller (a job, or a UI
 * callback), so the workbench keeps running its event loop. Used by every DeployForge editor (images, registry).
 */
public final class ErrorReports {

	private ErrorReports() {
	}

	/** @return the message a person should read: an {@link ImageException}'s own message, else the type and message */
	public static String message(Throwable error) {
		if (error instanceof ImageException) {
			return error.getMessage();
		}
		if (error.getCause() instanceof ImageException cause) {
			return cause.getMessage();
		}
		String message = error.getMessage();
		return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
	}

	/**
	 * Logs {@code error} with {@code context} in the Error Log and shows {@code context} + the message in a dialog.
	 *
	 * @param title   the dialog title, e.g. "Extract failed"
	 * @param context what was being done, e.g. "Extracting /file from corrupted_file_1.wim failed."
	 */
	public static void show(String title, String context, Throwable error) {
		String message = context + "\n\n" + message(error);
		ILog.of(ErrorReports.class).log(Status.error(message, error));
		Display display = PlatformUI.getWorkbench().getDisplay();
		display.asyncExec(() -> open(MessageDialog.ERROR, title, message));
	}

	/** Shows an information dialog (does not block). */
	public static void info(String title, String message) {
		PlatformUI.getWorkbench().getDisplay().asyncExec(() -> open(MessageDialog.INFORMATION, title, message));
	}

	private static void open(int kind, String title, String message) {
		@Nullable Shell parent = shell();
		MessageDialog dialog = new MessageDialog(parent, title, null, message, kind, 0, "OK");
		dialog.setBlockOnOpen(false);
		dialog.open();
	}

	/** @return the active workbench window's shell, else the first window's, or null before any window opens */
	public static @Nullable Shell shell() {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		if (window == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
			window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
		}
		return window == null ? null : window.getShell();
	}

	/** Asks a yes/no question without blocking; {@code onYes} runs on the UI thread when the answer is yes. */
	public static void ask(String title, String question, Runnable onYes) {
		MessageDialog dialog = new MessageDialog(shell(), title, null, question, MessageDialog.QUESTION, 0, "Reload",
				"Keep") {
			@Override
			protected void buttonPressed(int buttonId) {
				super.buttonPressed(buttonId);
				if (buttonId == 0) {
					onYes.run();
				}
			}
		};
		dialog.setBlockOnOpen(false);
		dialog.open();
	}
}
