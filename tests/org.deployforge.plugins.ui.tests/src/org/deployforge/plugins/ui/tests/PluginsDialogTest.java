package org.deployforge.plugins.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.deployforge.tests.ui.UiHarness;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

/**
 * Help > Install New Software... is in the workbench's Help menu and opens the plug-in dialog on the
 * {@code PluginService}. The test runtime is not an installed product (no p2 profile), so the dialog must say so
 * instead of failing; installing through it is covered headlessly by RunningProductInstallTest.
 */
class PluginsDialogTest {

	@Test
	void helpMenuOpensThePluginDialog() throws Exception {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
		window.getShell().setSize(1280, 800);
		MenuItem helpItem = Arrays.stream(window.getShell().getMenuBar().getItems())
				.filter(item -> item.getText().replace("&", "").equals("Help")).findFirst().orElseThrow();
		Menu help = helpItem.getMenu();
		help.notifyListeners(SWT.Show, new Event());
		UiHarness.processEvents();
		List<String> labels = Arrays.stream(help.getItems()).map(item -> item.getText().replace("&", "")).toList();
		MenuItem install = Arrays.stream(help.getItems())
				.filter(item -> item.getText().replace("&", "").startsWith("Install New Software")).findFirst()
				.orElse(null);
		assertNotNull(install, "Help menu holds Install New Software...: " + labels);
		assertTrue(labels.stream().anyMatch(label -> label.startsWith("Installed Plug-ins")), labels.toString());

		// the dialog is modal: it runs its own event loop inside the selection, so it is checked from timers
		Shell[] dialog = new Shell[1];
		String[] status = new String[1];
		Path[] png = new Path[1];
		Throwable[] failure = new Throwable[1];
		long deadline = System.currentTimeMillis() + 30_000;
		Runnable[] check = new Runnable[1];
		check[0] = () -> {
			try {
				for (Shell shell : UiHarness.display().getShells()) {
					if (!shell.isDisposed() && "DeployForge Plug-ins".equals(shell.getText()) && shell.isVisible()) {
						dialog[0] = shell;
					}
				}
				if (dialog[0] != null) {
					status[0] = UiHarness.findAll(dialog[0], Label.class).stream().map(Label::getText)
							.filter(text -> text.contains("p2")).findFirst().orElse(null);
				}
				if (status[0] != null || System.currentTimeMillis() > deadline) {
					if (dialog[0] != null) {
						png[0] = UiHarness.screenshot(dialog[0], "plugins-dialog");
						dialog[0].close();
					}
					return;
				}
			} catch (Throwable e) {
				failure[0] = e;
				if (dialog[0] != null) {
					dialog[0].close();
				}
				return;
			}
			UiHarness.display().timerExec(100, check[0]);
		};
		UiHarness.display().timerExec(100, check[0]);
		install.notifyListeners(SWT.Selection, new Event());
		UiHarness.waitUntil("the check to finish", 40_000, () -> png[0] != null || failure[0] != null
				|| System.currentTimeMillis() > deadline + 5_000);
		if (failure[0] != null) {
			throw new AssertionError("checking the dialog failed", failure[0]);
		}
		assertNotNull(dialog[0], "Install New Software... opened the plug-in dialog");
		assertNotNull(status[0], "the dialog says this runtime has no p2 profile instead of failing");
		assertTrue(Files.size(png[0]) > 2_000, "a screenshot was saved: " + png[0]);
		help.notifyListeners(SWT.Hide, new Event());
		UiHarness.processEvents();
	}
}
