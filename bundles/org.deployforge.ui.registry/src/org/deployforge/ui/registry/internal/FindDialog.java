package org.deployforge.ui.registry.internal;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * regedit's Find dialog, modeless: what to look for (key names, value names, data), whole string only; Find Next
 * searches from the selected key or value onwards and selects the match; F3 in the editor repeats it.
 */
public final class FindDialog extends Dialog {

	/** The id of the Find Next button. */
	public static final int FIND_NEXT_ID = IDialogConstants.CLIENT_ID + 1;

	private final RegistryEditor editor;
	private final RegistryEditor.@Nullable Query initial;
	private @Nullable Text text;
	private @Nullable Button keys;
	private @Nullable Button values;
	private @Nullable Button data;
	private @Nullable Button whole;

	private FindDialog(Shell parent, RegistryEditor editor, RegistryEditor.@Nullable Query initial) {
		super(parent);
		this.editor = editor;
		this.initial = initial;
		setShellStyle(SWT.DIALOG_TRIM | SWT.MODELESS | SWT.RESIZE);
		setBlockOnOpen(false);
	}

	/** Opens the dialog (does not block). */
	static FindDialog open(Shell parent, RegistryEditor editor, RegistryEditor.@Nullable Query initial) {
		FindDialog dialog = new FindDialog(parent, editor, initial);
		dialog.open();
		return dialog;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("Find");
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		area.setLayout(new GridLayout(2, false));
		new Label(area, SWT.NONE).setText("Find &what:");
		Text field = new Text(area, SWT.BORDER);
		field.setData("name", "findText");
		GridDataFactory.fillDefaults().grab(true, false).hint(convertWidthInCharsToPixels(40), SWT.DEFAULT)
				.applyTo(field);
		Group look = new Group(area, SWT.NONE);
		look.setText("Look at");
		look.setLayout(new GridLayout(1, false));
		GridDataFactory.fillDefaults().span(2, 1).applyTo(look);
		keys = check(look, "&Keys", initial == null || initial.keys());
		values = check(look, "&Values", initial == null || initial.values());
		data = check(look, "&Data", initial == null || initial.data());
		whole = new Button(area, SWT.CHECK);
		whole.setText("Match whole string &only");
		whole.setSelection(initial != null && initial.whole());
		GridDataFactory.fillDefaults().span(2, 1).applyTo(whole);
		if (initial != null) {
			field.setText(initial.text());
			field.selectAll();
		}
		field.addListener(SWT.Modify, event -> update());
		text = field;
		return area;
	}

	private static Button check(Composite parent, String label, boolean selected) {
		Button button = new Button(parent, SWT.CHECK);
		button.setText(label);
		button.setSelection(selected);
		return button;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, FIND_NEXT_ID, "&Find Next", true);
		createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, false);
		update();
	}

	private void update() {
		Button next = getButton(FIND_NEXT_ID);
		if (next != null && text != null) {
			next.setEnabled(!text.getText().isEmpty());
		}
	}

	@Override
	protected void buttonPressed(int buttonId) {
		if (buttonId == FIND_NEXT_ID) {
			RegistryEditor.Query query = query();
			if (query != null) {
				editor.find(query);
			}
		} else {
			close();
		}
	}

	private RegistryEditor.@Nullable Query query() {
		if (text == null || text.getText().isEmpty() || keys == null || values == null || data == null
				|| whole == null) {
			return null;
		}
		return new RegistryEditor.Query(text.getText(), keys.getSelection(), values.getSelection(), data.getSelection(),
				whole.getSelection());
	}
}
