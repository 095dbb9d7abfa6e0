package org.deployforge.ui.images.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;

/**
 * Shows a file of an image read-only: text files (.xml, .inf, .ini, .txt, .reg, .cmd, …) decoded by their byte order
 * mark (UTF-16 is common in Windows images), else UTF-8, else Windows-1252; other files as a hex dump of their start.
 * The dialog is modeless, so the workbench stays usable.
 */
final class TextViewerDialog extends Dialog {

	private final String title;
	private final String heading;
	private final String text;

	private TextViewerDialog(Shell parent, String title, String heading, String text) {
		super(parent);
		this.title = title;
		this.heading = heading;
		this.text = text;
		setShellStyle(SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MAX | SWT.MODELESS);
		setBlockOnOpen(false);
	}

	static void show(Shell parent, EntryNode node, byte[] bytes, boolean asText, int limit) {
		String content = asText ? decode(bytes) : hexDump(bytes);
		String note = bytes.length >= limit || (!asText && node.size > bytes.length)
				? " (first " + Texts.bytes(bytes.length) + " of " + Texts.bytes(node.size) + ")"
				: "";
		String kind = asText ? encoding(bytes) + " text" : "hex dump";
		String heading = node.path() + "  \u2014  " + Texts.bytes(node.size) + ", " + kind + note + ", read-only";
		new TextViewerDialog(parent, node.path() + note + " \u2014 read-only", heading, content).open();
	}

	/** @return the name of the encoding {@link #decode} uses for {@code bytes} */
	static String encoding(byte[] bytes) {
		if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
				|| bytes.length >= 4 && bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0) {
			return "UTF-16LE";
		}
		if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
			return "UTF-16BE";
		}
		try {
			StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
			return "UTF-8";
		} catch (CharacterCodingException e) {
			return "Windows-1252";
		}
	}

	static String decode(byte[] bytes) {
		if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
			return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
		}
		if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
			return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
		}
		if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
			return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
		}
		if (bytes.length >= 4 && bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0) {
			return new String(bytes, StandardCharsets.UTF_16LE);
		}
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes)).toString();
		} catch (CharacterCodingException e) {
			return new String(bytes, Charset.forName("windows-1252"));
		}
	}

	static String hexDump(byte[] bytes) {
		StringBuilder dump = new StringBuilder();
		for (int offset = 0; offset < bytes.length; offset += 16) {
			dump.append(String.format("%08x  ", offset));
			StringBuilder ascii = new StringBuilder();
			for (int i = 0; i < 16; i++) {
				if (offset + i < bytes.length) {
					int b = bytes[offset + i] & 0xFF;
					dump.append(String.format("%02x ", b));
					ascii.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
				} else {
					dump.append("   ");
				}
			}
			dump.append(' ').append(ascii).append('\n');
		}
		return dump.toString();
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText(title);
		shell.setSize(820, 600);
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		org.eclipse.swt.widgets.Label label = new org.eclipse.swt.widgets.Label(area, SWT.NONE);
		label.setText(heading);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(label);
		StyledText viewer = new StyledText(area, SWT.BORDER | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
		viewer.setFont(JFaceResources.getTextFont());
		viewer.setText(text);
		GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer);
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
	}

	@Override
	protected void buttonPressed(int buttonId) {
		close();
	}
}
