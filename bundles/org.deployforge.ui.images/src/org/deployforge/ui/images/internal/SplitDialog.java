package org.deployforge.ui.images.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Asks how to split an image: the largest part size in MiB and the first part's file (.swm; the next parts are named
 * after it: install.swm, install2.swm, …). One dialog, so both answers are checked together before anything runs.
 */
final class SplitDialog extends TitleAreaDialog {

	private final String imageName;
	private final Path suggested;
	private Text sizeText;
	private Text pathText;
	private long maxPartBytes;
	private @Nullable Path firstPart;

	SplitDialog(Shell parent, String imageName, Path suggested) {
		super(parent);
		this.imageName = imageName;
		this.suggested = suggested;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("Split " + imageName);
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		setTitle("Split into parts");
		setMessage("Write " + imageName + " as a split set (.swm) whose parts are at most the given size.");
		Composite body = new Composite(area, SWT.NONE);
		body.setLayout(new GridLayout(3, false));
		GridDataFactory.fillDefaults().grab(true, true).indent(8, 8).applyTo(body);
		new Label(body, SWT.NONE).setText("Largest part (MiB):");
		sizeText = new Text(body, SWT.BORDER);
		sizeText.setText("4000");
		sizeText.setToolTipText("FAT32 media hold files up to 4 GiB: 4000 MiB parts fit.");
		GridDataFactory.fillDefaults().hint(120, SWT.DEFAULT).span(2, 1).applyTo(sizeText);
		new Label(body, SWT.NONE).setText("First part:");
		pathText = new Text(body, SWT.BORDER);
		pathText.setText(suggested.toString());
		GridDataFactory.fillDefaults().grab(true, false).hint(380, SWT.DEFAULT).applyTo(pathText);
		Button browse = new Button(body, SWT.PUSH);
		browse.setText("Browse\u2026");
		browse.addListener(SWT.Selection, event -> {
			FileDialog dialog = new FileDialog(getShell(), SWT.SAVE);
			dialog.setText("First part");
			dialog.setFilterExtensions(new String[] { "*.swm" });
			Path current = Path.of(pathText.getText().isBlank() ? suggested.toString() : pathText.getText().trim());
			if (current.getParent() != null) {
				dialog.setFilterPath(current.getParent().toString());
			}
			dialog.setFileName(current.getFileName() == null ? "" : current.getFileName().toString());
			String chosen = dialog.open();
			if (chosen != null) {
				pathText.setText(chosen);
			}
		});
		sizeText.addListener(SWT.Modify, event -> validate());
		pathText.addListener(SWT.Modify, event -> validate());
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.OK_ID, "Split", true);
		createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
		validate();
	}

	/** @return why the answers cannot be used, or null */
	private @Nullable String problem() {
		long mib;
		try {
			mib = Long.parseLong(sizeText.getText().trim());
		} catch (NumberFormatException e) {
			return "Enter the largest part size as a whole number of MiB.";
		}
		if (mib <= 0) {
			return "The largest part size must be at least 1 MiB.";
		}
		String path = pathText.getText().trim();
		if (path.isEmpty()) {
			return "Choose the file of the first part.";
		}
		Path file = Path.of(path).toAbsolutePath();
		if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
			return "The folder " + file.getParent() + " does not exist.";
		}
		maxPartBytes = mib * 1024 * 1024;
		firstPart = file;
		return null;
	}

	private void validate() {
		if (sizeText == null || pathText == null) {
			return;
		}
		String problem = problem();
		setErrorMessage(problem);
		Button ok = getButton(IDialogConstants.OK_ID);
		if (ok != null) {
			ok.setEnabled(problem == null);
		}
	}

	long maxPartBytes() {
		return maxPartBytes;
	}

	@Nullable
	Path firstPart() {
		return firstPart;
	}
}
