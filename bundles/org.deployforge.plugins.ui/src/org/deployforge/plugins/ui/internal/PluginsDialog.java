package org.deployforge.plugins.ui.internal;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deployforge.plugins.PluginChange;
import org.deployforge.plugins.PluginException;
import org.deployforge.plugins.PluginFeature;
import org.deployforge.plugins.PluginService;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.dialogs.ProgressMonitorDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Install New Software / Installed Plug-ins: an update site field, the features it offers and those installed, an
 * explicit "Allow unsigned content" choice, Install and Uninstall. Every operation runs in a
 * {@link ProgressMonitorDialog} with its real progress monitor.
 */
final class PluginsDialog extends Dialog {

	static final String TITLE = "DeployForge Plug-ins";
	static final String ALLOW_UNSIGNED = "Allow unsigned content";

	private @Nullable Text site;
	private @Nullable Table table;
	private @Nullable Button allowUnsigned;
	private @Nullable Label status;
	private final Map<String, PluginFeature> rows = new LinkedHashMap<>();

	PluginsDialog(Shell parent) {
		super(parent);
	}

	@Override
	protected boolean isResizable() {
		return true;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText(TITLE);
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		GridLayoutFactory.swtDefaults().numColumns(4).applyTo(area);
		new Label(area, SWT.NONE).setText("Update site:");
		Text siteText = new Text(area, SWT.BORDER);
		siteText.setMessage("folder, file: or https: URL of a p2 update site");
		GridDataFactory.fillDefaults().grab(true, false).hint(420, SWT.DEFAULT).applyTo(siteText);
		site = siteText;
		Button browse = new Button(area, SWT.PUSH);
		browse.setText("Browse...");
		browse.addListener(SWT.Selection, event -> {
			String folder = new DirectoryDialog(getShell()).open();
			if (folder != null) {
				siteText.setText(folder);
				refresh();
			}
		});
		Button load = new Button(area, SWT.PUSH);
		load.setText("Load");
		load.addListener(SWT.Selection, event -> refresh());

		Table features = new Table(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
		features.setHeaderVisible(true);
		for (String column : new String[] { "Feature", "Version", "State", "Name" }) {
			TableColumn tableColumn = new TableColumn(features, SWT.NONE);
			tableColumn.setText(column);
			tableColumn.setWidth(column.equals("Name") ? 260 : 180);
		}
		GridDataFactory.fillDefaults().grab(true, true).span(4, 1).hint(960, 220).applyTo(features);
		table = features;

		Button unsigned = new Button(area, SWT.CHECK);
		unsigned.setText(ALLOW_UNSIGNED + " (the DeployForge build's own update site is unsigned)");
		GridDataFactory.fillDefaults().span(4, 1).applyTo(unsigned);
		allowUnsigned = unsigned;
		Label statusLabel = new Label(area, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).span(4, 1).applyTo(statusLabel);
		status = statusLabel;
		area.getDisplay().asyncExec(() -> {
			if (!area.isDisposed()) {
				refresh();
			}
		});
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.CLIENT_ID + 1, "Install", false);
		createButton(parent, IDialogConstants.CLIENT_ID + 2, "Uninstall", false);
		createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
	}

	@Override
	protected void buttonPressed(int buttonId) {
		if (buttonId == IDialogConstants.CLIENT_ID + 1) {
			change(true);
		} else if (buttonId == IDialogConstants.CLIENT_ID + 2) {
			change(false);
		} else if (buttonId == IDialogConstants.CLOSE_ID) {
			close();
		} else {
			super.buttonPressed(buttonId);
		}
	}

	private static PluginService service() throws PluginException {
		Bundle bundle = FrameworkUtil.getBundle(PluginsDialog.class);
		ServiceTracker<PluginService, PluginService> tracker = new ServiceTracker<>(bundle.getBundleContext(),
				PluginService.class, null);
		tracker.open();
		try {
			PluginService service = tracker.waitForService(5_000);
			if (service == null) {
				throw new PluginException("the plug-in service is not running (bundle org.deployforge.plugins)");
			}
			return service;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new PluginException("interrupted");
		} finally {
			tracker.close();
		}
	}

	private @Nullable URI siteUri() {
		String text = site == null ? "" : site.getText().strip();
		if (text.isEmpty()) {
			return null;
		}
		Path path = Path.of(text);
		return !text.contains(":") || Files.exists(path) ? path.toAbsolutePath().normalize().toUri() : URI.create(text);
	}

	/** Lists the installed features and, when a site is given, those it offers. */
	private void refresh() {
		URI uri = siteUri();
		List<PluginFeature> features = new ArrayList<>();
		String[] message = { "" };
		run("Reading plug-ins", monitor -> {
			PluginService service = service();
			features.addAll(service.installed());
			if (uri != null) {
				for (PluginFeature offered : service.available(uri, monitor)) {
					if (!offered.installed()) {
						features.add(offered);
					}
				}
			}
		}, message);
		rows.clear();
		Table features2 = table;
		if (features2 == null || features2.isDisposed()) {
			return;
		}
		features2.removeAll();
		for (PluginFeature feature : features) {
			rows.put(feature.id(), feature);
			TableItem item = new TableItem(features2, SWT.NONE);
			String state = feature.installed() ? (feature.removable() ? "installed" : "part of the product")
					: "available";
			item.setText(new String[] { feature.id(), feature.version(), state, feature.name() });
			item.setData(feature);
		}
		for (TableColumn column : features2.getColumns()) {
			column.pack();
		}
		setStatus(message[0]);
	}

	private void change(boolean install) {
		Table features = table;
		if (features == null || features.getSelectionCount() == 0) {
			setStatus("Select a feature first.");
			return;
		}
		PluginFeature feature = (PluginFeature) features.getSelection()[0].getData();
		URI uri = siteUri();
		boolean unsigned = allowUnsigned != null && allowUnsigned.getSelection();
		PluginChange[] change = new PluginChange[1];
		String[] message = { "" };
		boolean ok = run((install ? "Installing " : "Uninstalling ") + feature.id(), monitor -> {
			if (install) {
				if (uri == null) {
					throw new PluginException("enter the update site first");
				}
				change[0] = service().install(uri, feature.id(), unsigned, monitor);
			} else {
				change[0] = service().uninstall(feature.id(), monitor);
			}
		}, message);
		if (!ok) {
			message[0] = inDialogTerms(message[0]);
			MessageDialog.openError(getShell(), TITLE, message[0]);
		}
		refresh();
		PluginChange done = change[0];
		if (done != null) {
			setStatus((install ? "Installed " : "Uninstalled ") + done.feature().id() + " " + done.feature().version()
					+ (done.applied() ? "; active now, no restart needed." : "; restart DeployForge to use it.")
					+ (done.warnings().isEmpty() ? "" : "\n" + inDialogTerms(String.join("\n", done.warnings()))));
		} else if (!ok) {
			setStatus(message[0]);
		}
	}

	/**
	 * @return a message of the {@code PluginService} (worded for the command line) with its {@code --allow-unsigned}
	 *         option named as this dialog's check box
	 */
	static String inDialogTerms(String message) {
		return message.replace("--allow-unsigned was given", "\"" + ALLOW_UNSIGNED + "\" was checked")
				.replace("only with --allow-unsigned", "only when \"" + ALLOW_UNSIGNED + "\" is checked")
				.replace("--allow-unsigned", "\"" + ALLOW_UNSIGNED + "\"");
	}

	private void setStatus(String text) {
		Label label = status;
		if (label != null && !label.isDisposed()) {
			label.setText(text);
			label.getParent().layout(true, true);
		}
	}

	/** A plug-in operation given a progress monitor. */
	private interface Work {
		void run(org.eclipse.core.runtime.IProgressMonitor monitor) throws PluginException;
	}

	/** Runs work in a progress dialog; on failure puts the message into {@code message[0]}. */
	private boolean run(String title, Work work, String[] message) {
		try {
			new ProgressMonitorDialog(getShell()).run(true, false, monitor -> {
				monitor.beginTask(title, org.eclipse.core.runtime.IProgressMonitor.UNKNOWN);
				try {
					work.run(monitor);
				} catch (PluginException e) {
					throw new InvocationTargetException(e);
				} finally {
					monitor.done();
				}
			});
			return true;
		} catch (InvocationTargetException e) {
			Throwable cause = e.getCause() == null ? e : e.getCause();
			message[0] = cause.getMessage() == null ? cause.toString() : cause.getMessage();
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			message[0] = "cancelled";
			return false;
		}
	}
}
