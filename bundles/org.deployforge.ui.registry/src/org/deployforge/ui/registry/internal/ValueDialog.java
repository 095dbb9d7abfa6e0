package org.deployforge.ui.registry.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.deployforge.registry.RegValue;
import org.deployforge.registry.ValueType;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.resource.JFaceResources;
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
 * The edit dialogs of the Registry editor, one per kind of data, as regedit has them: a string, a multi-string (one
 * string per line), a DWORD/QWORD in hexadecimal or decimal, and bytes as an editable hex dump with offsets. When a new
 * value is made the name is editable too. Invalid input shows a message under the fields and disables OK; nothing is
 * thrown at the user.
 */
abstract class ValueDialog extends Dialog {

	/** How the dialog shows the default value's name. */
	static final String DEFAULT_NAME = "(Default)";

	private final String title;
	protected final int type;
	private final String initialName;
	private final boolean newValue;
	private final Predicate<String> nameTaken;
	protected @Nullable Text nameText;
	private @Nullable Label error;
	private @Nullable RegValue result;

	/**
	 * @param type      the value's type code (kept on the result)
	 * @param name      the value's name ({@code ""} for the default value)
	 * @param newValue  whether a new value is made (the name is then editable and checked)
	 * @param nameTaken tells whether a name is in use in the key (case-insensitive)
	 */
	protected ValueDialog(@Nullable Shell parent, String title, int type, String name, boolean newValue,
			Predicate<String> nameTaken) {
		super(parent);
		this.title = title;
		this.type = type;
		this.initialName = name;
		this.newValue = newValue;
		this.nameTaken = nameTaken;
		setShellStyle(getShellStyle() | SWT.RESIZE);
	}

	/** @return the dialog for a value of {@code type} (unknown and resource types get the hex editor) */
	static ValueDialog forType(@Nullable Shell parent, int type, String name, @Nullable RegValue existing,
			Predicate<String> nameTaken) {
		boolean isNew = existing == null;
		String verb = isNew ? "New " : "Edit ";
		ValueType known = ValueType.of(type).orElse(null);
		if (known == null) {
			return new BinaryDialog(parent, verb + "Binary Value", type, name, existing, nameTaken);
		}
		return switch (known) {
		case SZ, EXPAND_SZ, LINK -> new StringDialog(parent,
				verb + (known == ValueType.EXPAND_SZ ? "Expandable String" : known == ValueType.LINK ? "Link" : "String"),
				type, name, existing, nameTaken);
		case MULTI_SZ -> new MultiStringDialog(parent, verb + "Multi-String", type, name, existing, nameTaken);
		case DWORD, DWORD_BIG_ENDIAN -> new NumberDialog(parent, verb + "DWORD (32-bit) Value", type, name, existing,
				nameTaken, false);
		case QWORD -> new NumberDialog(parent, verb + "QWORD (64-bit) Value", type, name, existing, nameTaken, true);
		default -> new BinaryDialog(parent, verb + "Binary Value", type, name, existing, nameTaken);
		};
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText(title);
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		area.setLayout(new GridLayout(1, false));
		new Label(area, SWT.NONE).setText("Value &name:");
		Text name = new Text(area, SWT.BORDER | (newValue ? SWT.NONE : SWT.READ_ONLY));
		name.setText(initialName.isEmpty() && !newValue ? DEFAULT_NAME : initialName);
		name.setData("name", "valueName");
		GridDataFactory.fillDefaults().grab(true, false).hint(convertWidthInCharsToPixels(60), SWT.DEFAULT)
				.applyTo(name);
		name.addListener(SWT.Modify, event -> validate());
		nameText = name;
		new Label(area, SWT.NONE).setText("Value &data:");
		createData(area);
		Label problem = new Label(area, SWT.WRAP);
		problem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
		problem.setData("name", "error");
		// room for three lines: a dialog does not grow when a message wraps
		GridDataFactory.fillDefaults().grab(true, false).hint(convertWidthInCharsToPixels(60),
				convertHeightInCharsToPixels(3)).applyTo(problem);
		error = problem;
		if (!newValue) {
			focusData();
		}
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		super.createButtonsForButtonBar(parent);
		validate();
	}

	/** Creates the data fields below {@code area} (one-column grid); they call {@link #validate()} when changed. */
	protected abstract void createData(Composite area);

	/** Puts the focus into the data field. */
	protected abstract void focusData();

	/** @return why the data cannot be taken, or null */
	protected abstract @Nullable String dataProblem();

	/** @return the value with that name and the data as typed (only called when {@link #dataProblem()} is null) */
	protected abstract RegValue build(String name);

	/** @return the name as typed ({@code ""} for the default value) */
	protected String name() {
		Text field = nameText;
		if (field == null) {
			return initialName;
		}
		if (!newValue) {
			return initialName;
		}
		return field.getText();
	}

	private @Nullable String nameProblem() {
		if (!newValue) {
			return null;
		}
		String name = name();
		if (name.isEmpty()) {
			return "Type a name for the value.";
		}
		if (name.length() > 16_383) {
			return "A value name is at most 16,383 characters.";
		}
		if (nameTaken.test(name)) {
			return "A value named '" + name + "' exists already in this key.";
		}
		return null;
	}

	/** Shows the first problem (name, then data) and enables OK only without one. */
	protected final void validate() {
		if (error == null || error.isDisposed()) {
			return;
		}
		String problem = nameProblem();
		if (problem == null) {
			problem = dataProblem();
		}
		error.setText(problem == null ? "" : problem);
		error.getParent().layout(true);
		Button ok = getButton(IDialogConstants.OK_ID);
		if (ok != null) {
			ok.setEnabled(problem == null);
		}
	}

	@Override
	protected void okPressed() {
		validate();
		Button ok = getButton(IDialogConstants.OK_ID);
		if (ok != null && !ok.isEnabled()) {
			return;
		}
		try {
			result = build(name());
		} catch (IllegalArgumentException e) {
			if (error != null) {
				error.setText(e.getMessage());
			}
			return;
		}
		super.okPressed();
	}

	/** @return the value after OK, else null */
	@Nullable
	RegValue result() {
		return result;
	}

	/** @return the text of the problem shown (tests) */
	String problem() {
		return error == null || error.isDisposed() ? "" : error.getText();
	}

	// ------------------------------------------------------------------ string

	/** REG_SZ, REG_EXPAND_SZ, REG_LINK: one line of text. */
	static final class StringDialog extends ValueDialog {
		private final String initial;
		private @Nullable Text data;

		StringDialog(@Nullable Shell parent, String title, int type, String name, @Nullable RegValue existing,
				Predicate<String> nameTaken) {
			super(parent, title, type, name, existing == null, nameTaken);
			String text = existing == null ? null : existing.asString();
			initial = text == null ? "" : text;
		}

		@Override
		protected void createData(Composite area) {
			Text field = new Text(area, SWT.BORDER);
			field.setText(initial);
			field.setData("name", "data");
			GridDataFactory.fillDefaults().grab(true, false).applyTo(field);
			field.addListener(SWT.Modify, event -> validate());
			data = field;
		}

		@Override
		protected void focusData() {
			if (data != null) {
				data.setFocus();
				data.selectAll();
			}
		}

		@Override
		protected @Nullable String dataProblem() {
			return null;
		}

		@Override
		protected RegValue build(String name) {
			String text = data == null ? initial : data.getText();
			byte[] bytes = (text + '\0').getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
			if (type == ValueType.LINK.code()) {
				return RegValue.link(name, text);
			}
			return new RegValue(name, type, bytes);
		}
	}

	// ------------------------------------------------------------------ multi-string

	/** REG_MULTI_SZ: one string per line. */
	static final class MultiStringDialog extends ValueDialog {
		private final List<String> initial;
		private @Nullable Text data;

		MultiStringDialog(@Nullable Shell parent, String title, int type, String name, @Nullable RegValue existing,
				Predicate<String> nameTaken) {
			super(parent, title, type, name, existing == null, nameTaken);
			List<String> strings = existing == null ? null : existing.asStrings();
			initial = strings == null ? List.of() : strings;
		}

		@Override
		protected void createData(Composite area) {
			Text field = new Text(area, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
			field.setText(String.join(Text.DELIMITER, initial));
			field.setData("name", "data");
			GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, convertHeightInCharsToPixels(10))
					.applyTo(field);
			field.addListener(SWT.Modify, event -> validate());
			data = field;
			Label hint = new Label(area, SWT.WRAP);
			hint.setText("One string per line. Empty lines are dropped: REG_MULTI_SZ cannot hold empty strings.");
		}

		@Override
		protected void focusData() {
			if (data != null) {
				data.setFocus();
			}
		}

		@Override
		protected @Nullable String dataProblem() {
			return null;
		}

		List<String> strings() {
			List<String> strings = new ArrayList<>();
			String text = data == null ? String.join("\n", initial) : data.getText();
			for (String line : text.split("\r?\n", -1)) {
				if (!line.isEmpty()) {
					strings.add(line);
				}
			}
			return strings;
		}

		@Override
		protected RegValue build(String name) {
			RegValue made = RegValue.multiString(name, strings());
			return new RegValue(name, type, made.data());
		}
	}

	// ------------------------------------------------------------------ DWORD / QWORD

	/** REG_DWORD (also big-endian) and REG_QWORD: a number typed in hexadecimal or decimal, like regedit. */
	static final class NumberDialog extends ValueDialog {
		private final boolean qword;
		private final long initial;
		private @Nullable Text data;
		private @Nullable Button hex;
		private @Nullable Button decimal;

		NumberDialog(@Nullable Shell parent, String title, int type, String name, @Nullable RegValue existing,
				Predicate<String> nameTaken, boolean qword) {
			super(parent, title, type, name, existing == null, nameTaken);
			this.qword = qword;
			Long number = existing == null ? null : existing.asNumber();
			initial = number == null ? 0 : number;
		}

		@Override
		protected void createData(Composite area) {
			Composite row = new Composite(area, SWT.NONE);
			row.setLayout(new GridLayout(2, false));
			GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
			Text field = new Text(row, SWT.BORDER);
			field.setText(Long.toHexString(initial));
			field.setData("name", "data");
			GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.BEGINNING).applyTo(field);
			Group base = new Group(row, SWT.NONE);
			base.setText("Base");
			base.setLayout(new GridLayout(1, false));
			Button hexButton = new Button(base, SWT.RADIO);
			hexButton.setText("&Hexadecimal");
			hexButton.setSelection(true);
			Button decimalButton = new Button(base, SWT.RADIO);
			decimalButton.setText("&Decimal");
			data = field;
			hex = hexButton;
			decimal = decimalButton;
			field.addListener(SWT.Modify, event -> validate());
			// switching the base converts the number shown, as regedit does
			hexButton.addListener(SWT.Selection, event -> convert(hexButton.getSelection(), true));
			decimalButton.addListener(SWT.Selection, event -> convert(decimalButton.getSelection(), false));
		}

		private boolean hexShown = true;

		private void convert(boolean selected, boolean toHex) {
			if (!selected || toHex == hexShown || data == null) {
				return;
			}
			Long number = parse(data.getText(), hexShown);
			hexShown = toHex;
			if (number != null) {
				data.setText(toHex ? Long.toHexString(number) : Long.toUnsignedString(number));
			}
			validate();
		}

		/** Selects the base as a person clicks it (tests). */
		void selectBase(boolean toHex) {
			if (hex != null && decimal != null) {
				hex.setSelection(toHex);
				decimal.setSelection(!toHex);
				convert(true, toHex);
			}
		}

		@Override
		protected void focusData() {
			if (data != null) {
				data.setFocus();
				data.selectAll();
			}
		}

		private long max() {
			return qword ? -1L : 0xFFFF_FFFFL;
		}

		/** @return the number typed, or null when it is not one that fits */
		private @Nullable Long parse(String text, boolean inHex) {
			String trimmed = text.trim();
			if (trimmed.isEmpty()) {
				return 0L; // regedit: empty is 0
			}
			try {
				if (inHex) {
					String digits = trimmed.startsWith("0x") || trimmed.startsWith("0X") ? trimmed.substring(2) : trimmed;
					if (!digits.matches("[0-9a-fA-F]{1," + (qword ? 16 : 8) + "}")) {
						return null;
					}
					return Long.parseUnsignedLong(digits, 16);
				}
				if (!trimmed.matches("[0-9]+")) {
					return null;
				}
				long value = Long.parseUnsignedLong(trimmed);
				return qword || Long.compareUnsigned(value, max()) <= 0 ? value : null;
			} catch (NumberFormatException e) {
				return null;
			}
		}

		@Override
		protected @Nullable String dataProblem() {
			String text = data == null ? "" : data.getText();
			if (parse(text, hexShown) != null) {
				return null;
			}
			String kind = qword ? "QWORD (64-bit)" : "DWORD (32-bit)";
			if (hexShown) {
				return "'" + text.trim() + "' is not a hexadecimal " + kind + " number: digits 0-9 and a-f, at most "
						+ (qword ? 16 : 8) + " of them.";
			}
			return "'" + text.trim() + "' is not a decimal " + kind + " number: digits 0-9, at most "
					+ (qword ? "18446744073709551615" : "4294967295") + ".";
		}

		@Override
		protected RegValue build(String name) {
			Long number = parse(data == null ? "" : data.getText(), hexShown);
			if (number == null) {
				throw new IllegalArgumentException(dataProblem());
			}
			if (qword) {
				return new RegValue(name, type, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(number).array());
			}
			ByteOrder order = type == ValueType.DWORD_BIG_ENDIAN.code() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
			return new RegValue(name, type, ByteBuffer.allocate(4).order(order).putInt((int) (long) number).array());
		}
	}

	// ------------------------------------------------------------------ binary

	/** REG_BINARY, REG_NONE, resource lists, unknown types: an editable hex dump with offsets and a character view. */
	static final class BinaryDialog extends ValueDialog {
		private static final int PER_LINE = 8;
		private final byte[] initial;
		private @Nullable Text data;
		private @Nullable Text characters;

		BinaryDialog(@Nullable Shell parent, String title, int type, String name, @Nullable RegValue existing,
				Predicate<String> nameTaken) {
			super(parent, title, type, name, existing == null, nameTaken);
			initial = existing == null ? new byte[0] : existing.data();
		}

		/** @return the dump of {@code bytes}: {@code 0000:  01 02 …} eight bytes a line */
		static String dump(byte[] bytes) {
			StringBuilder text = new StringBuilder();
			for (int offset = 0; offset < bytes.length; offset += PER_LINE) {
				if (offset > 0) {
					text.append(Text.DELIMITER);
				}
				text.append(String.format(Locale.ROOT, "%04x: ", offset));
				for (int i = offset; i < Math.min(bytes.length, offset + PER_LINE); i++) {
					text.append(' ').append(HexFormat.of().toHexDigits(bytes[i]));
				}
			}
			return text.toString();
		}

		/**
		 * Parses a dump: on each line what stands before a {@code :} is an offset and ignored, the rest are bytes of two
		 * hex digits separated by spaces or commas.
		 *
		 * @throws IllegalArgumentException naming the line and the token that is not a byte
		 */
		static byte[] parse(String text) {
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			String[] lines = text.split("\r?\n", -1);
			for (int i = 0; i < lines.length; i++) {
				String line = lines[i];
				int colon = line.indexOf(':');
				String body = colon >= 0 ? line.substring(colon + 1) : line;
				for (String token : body.trim().split("[\\s,]+")) {
					if (token.isEmpty()) {
						continue;
					}
					if (!token.matches("[0-9a-fA-F]{2}")) {
						throw new IllegalArgumentException("Line " + (i + 1) + ": '" + token
								+ "' is not a byte. Write bytes as two hex digits (00-ff) separated by spaces; "
								+ "what stands before ':' is the offset and is ignored.");
					}
					bytes.write(Integer.parseInt(token, 16));
				}
			}
			return bytes.toByteArray();
		}

		@Override
		protected void createData(Composite area) {
			Composite row = new Composite(area, SWT.NONE);
			GridLayout layout = new GridLayout(2, false);
			layout.marginWidth = 0;
			row.setLayout(layout);
			GridDataFactory.fillDefaults().grab(true, true).applyTo(row);
			Text field = new Text(row, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
			field.setFont(JFaceResources.getTextFont());
			field.setText(dump(initial));
			field.setData("name", "data");
			GridDataFactory.fillDefaults().grab(true, true).hint(convertWidthInCharsToPixels(38),
					convertHeightInCharsToPixels(12)).applyTo(field);
			Text chars = new Text(row, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL);
			chars.setFont(JFaceResources.getTextFont());
			GridDataFactory.fillDefaults().grab(false, true).hint(convertWidthInCharsToPixels(12), SWT.DEFAULT)
					.applyTo(chars);
			data = field;
			characters = chars;
			field.addListener(SWT.Modify, event -> validate());
			Label hint = new Label(area, SWT.WRAP);
			hint.setText("Bytes as two hex digits separated by spaces, eight a line; the offset before ':' is ignored.");
			showCharacters();
		}

		private void showCharacters() {
			if (characters == null || data == null) {
				return;
			}
			try {
				byte[] bytes = parse(data.getText());
				StringBuilder text = new StringBuilder();
				for (int offset = 0; offset < bytes.length; offset += PER_LINE) {
					if (offset > 0) {
						text.append(Text.DELIMITER);
					}
					for (int i = offset; i < Math.min(bytes.length, offset + PER_LINE); i++) {
						int b = bytes[i] & 0xFF;
						text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
					}
				}
				characters.setText(text.toString());
			} catch (IllegalArgumentException e) {
				// the problem shows below; the characters stay as they were
			}
		}

		@Override
		protected void focusData() {
			if (data != null) {
				data.setFocus();
			}
		}

		@Override
		protected @Nullable String dataProblem() {
			try {
				parse(data == null ? "" : data.getText());
				showCharacters();
				return null;
			} catch (IllegalArgumentException e) {
				return e.getMessage();
			}
		}

		@Override
		protected RegValue build(String name) {
			return new RegValue(name, type, parse(data == null ? dump(initial) : data.getText()));
		}
	}
}
