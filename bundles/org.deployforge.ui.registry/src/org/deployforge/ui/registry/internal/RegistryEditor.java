package org.deployforge.ui.registry.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.deployforge.core.ImageException;
import org.deployforge.core.VerificationFailedException;
import org.deployforge.registry.Hive;
import org.deployforge.registry.HiveCommitResult;
import org.deployforge.registry.HiveState;
import org.deployforge.registry.ImageHive;
import org.deployforge.registry.KeyInfo;
import org.deployforge.registry.RegFile;
import org.deployforge.registry.RegValue;
import org.deployforge.registry.ValueType;
import org.deployforge.ui.images.ErrorReports;
import org.deployforge.ui.images.OpenableEntry;
import org.deployforge.ui.images.ReportingJob;
import org.deployforge.ui.registry.RegistryUi;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.core.runtime.jobs.MultiRule;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.action.ToolBarManager;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ITableLabelProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

/**
 * The Registry editor: a hive file of the workspace, or a hive inside an image open in the image editor. Left the keys
 * (read when expanded), right the values of the selected key (Name / Type / Data as regedit shows them), above a header
 * with the hive file, its state ({@link HiveState}: clean or dirty, logs) and, for SYSTEM, the current ControlSet.
 * <p>
 * Edits (new key/value, modify, rename, delete, import) are staged in the engine's {@link Hive} in memory (short, on the
 * UI thread, through {@link HiveSession}'s monitor); Save commits them in a job: atomically with read-back for a hive
 * file, or written and staged into the image session for a hive in an image (the image editor's Save writes the
 * image). Revert drops them. Search, import, export and save run as jobs.
 */
public final class RegistryEditor extends EditorPart {

	/** What a search looks for. */
	public record Query(String text, boolean keys, boolean values, boolean data, boolean whole) {
	}

	/** A place in the hive: a key, or a value of it. */
	public record Match(String keyPath, @Nullable String valueName) {
	}

	/** A row of the values table: a value, or the default value not set (regedit shows it as "(value not set)"). */
	private record Row(RegValue value, boolean notSet) {
	}

	private final ISchedulingRule rule = new ISchedulingRule() {
		@Override
		public boolean contains(ISchedulingRule other) {
			return other == this;
		}

		@Override
		public boolean isConflicting(ISchedulingRule other) {
			return other == this;
		}
	};

	private @Nullable IFile file;
	private @Nullable OpenableEntry entry;
	private volatile @Nullable HiveSession session;
	private volatile @Nullable String openFailure;
	private volatile boolean dirty;
	private volatile boolean disposed;
	private @Nullable KeyNode root;
	private @Nullable Query lastQuery;

	private Label hiveLine;
	private Label fileLine;
	private Composite body;
	private Label stateLine;
	private Label changesLine;
	private Text address;
	private TreeViewer keys;
	private TableViewer values;
	private boolean valuesFocused;
	private final OpenableEntry.Listener imageListener = this::imageChanged;
	private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();

	public final Action newKeyAction = action("&Key", Icons.descriptor(Icons.KEY), this::newKey);
	public final Action newStringAction = newValueAction("&String Value", ValueType.SZ);
	public final Action newExpandStringAction = newValueAction("&Expandable String Value", ValueType.EXPAND_SZ);
	public final Action newMultiStringAction = newValueAction("&Multi-String Value", ValueType.MULTI_SZ);
	public final Action newDwordAction = newValueAction("&DWORD (32-bit) Value", ValueType.DWORD);
	public final Action newQwordAction = newValueAction("&QWORD (64-bit) Value", ValueType.QWORD);
	public final Action newBinaryAction = newValueAction("&Binary Value", ValueType.BINARY);
	public final Action modifyAction = action("&Modify\u2026\tEnter", null, this::modify);
	public final Action renameAction = action("Re&name\tF2", null, this::rename);
	public final Action deleteAction = action("&Delete\tDel", Icons.delete(), this::delete);
	public final Action copyKeyNameAction = action("&Copy Key Name",
			Icons.sharedDescriptor(ISharedImages.IMG_TOOL_COPY), this::copyKeyName);
	public final Action findAction = action("&Find\u2026\tCtrl+F", null, this::openFind);
	public final Action findNextAction = action("Find Ne&xt\tF3", null, this::findNext);
	public final Action importAction = action("&Import .reg\u2026", null, this::importReg);
	public final Action exportKeyAction = action("E&xport Key as .reg\u2026", null, () -> exportReg(false));
	public final Action exportHiveAction = action("Export &Hive as .reg\u2026", null, () -> exportReg(true));
	public final Action revertAction = action("&Revert", Icons.sharedDescriptor(ISharedImages.IMG_TOOL_UNDO),
			this::revert);

	private static Action action(String text, org.eclipse.jface.resource.@Nullable ImageDescriptor icon, Runnable run) {
		Action action = new Action(text, icon) {
			@Override
			public void run() {
				if (isEnabled()) {
					run.run();
				}
			}
		};
		action.setEnabled(false);
		return action;
	}

	private Action newValueAction(String text, ValueType type) {
		boolean string = type == ValueType.SZ || type == ValueType.EXPAND_SZ || type == ValueType.MULTI_SZ;
		return action(text, Icons.descriptor(string ? Icons.STRING : Icons.BINARY), () -> newValue(type));
	}

	// ------------------------------------------------------------------ set-up

	@Override
	public void init(IEditorSite site, IEditorInput input) throws PartInitException {
		if (input instanceof IFileEditorInput fileInput) {
			file = fileInput.getFile();
			setTitleToolTip(fileInput.getFile().getFullPath().toString());
		} else if (input instanceof ImageHiveEditorInput hiveInput) {
			entry = hiveInput.context();
			hiveInput.context().addListener(imageListener);
			setTitleToolTip(hiveInput.getToolTipText());
		} else {
			throw new PartInitException("The Registry editor opens hive files of the workspace and hives in images");
		}
		setSite(site);
		setInput(input);
		setPartName(input.getName());
		setTitleImage(Icons.image(Icons.HIVE));
	}

	@Override
	public void createPartControl(Composite parent) {
		body = new Composite(parent, SWT.NONE);
		body.setLayout(new GridLayout(1, false));
		Composite header = new Composite(body, SWT.NONE);
		GridLayout headerLayout = new GridLayout(2, false);
		headerLayout.marginWidth = 0;
		headerLayout.marginHeight = 0;
		header.setLayout(headerLayout);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(header);
		Composite lines = new Composite(header, SWT.NONE);
		GridLayout linesLayout = new GridLayout(1, false);
		linesLayout.marginWidth = 0;
		linesLayout.marginHeight = 0;
		linesLayout.verticalSpacing = 2;
		lines.setLayout(linesLayout);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(lines);
		hiveLine = new Label(lines, SWT.NONE);
		hiveLine.setFont(org.eclipse.jface.resource.JFaceResources.getBannerFont());
		fileLine = new Label(lines, SWT.WRAP);
		stateLine = new Label(lines, SWT.WRAP);
		changesLine = new Label(lines, SWT.WRAP);
		for (Label label : List.of(hiveLine, fileLine, stateLine, changesLine)) {
			GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(label);
		}
		ToolBarManager toolBar = new ToolBarManager(SWT.FLAT | SWT.RIGHT);
		for (IAction action : List.of(findAction, importAction, exportHiveAction, revertAction)) {
			toolBar.add(action);
		}
		toolBar.createControl(header);
		GridDataFactory.fillDefaults().align(SWT.END, SWT.BEGINNING).applyTo(toolBar.getControl());

		address = new Text(body, SWT.BORDER | SWT.READ_ONLY);
		address.setData("name", "address");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(address);

		SashForm sash = new SashForm(body, SWT.HORIZONTAL);
		GridDataFactory.fillDefaults().grab(true, true).hint(600, 300).applyTo(sash);
		createKeys(sash);
		createValues(sash);
		sash.setWeights(32, 68);
		showHeader();
		open();
	}

	private void createKeys(Composite parent) {
		keys = new TreeViewer(parent, SWT.SINGLE | SWT.BORDER);
		Tree tree = keys.getTree();
		keys.setUseHashlookup(true);
		keys.setContentProvider(new ITreeContentProvider() {
			@Override
			public Object[] getElements(Object input) {
				KeyNode top = root;
				return top == null ? new Object[0] : new Object[] { top };
			}

			@Override
			public Object[] getChildren(Object parentElement) {
				return children((KeyNode) parentElement).toArray();
			}

			@Override
			public @Nullable Object getParent(Object element) {
				return ((KeyNode) element).parent;
			}

			@Override
			public boolean hasChildren(Object element) {
				KeyNode node = (KeyNode) element;
				List<KeyNode> loaded = node.children;
				return loaded != null ? !loaded.isEmpty() : node.subkeys > 0;
			}
		});
		keys.setLabelProvider(new LabelProvider() {
			@Override
			public String getText(Object element) {
				KeyNode node = (KeyNode) element;
				return node.parent == null ? rootLabel() : node.name;
			}

			@Override
			public Image getImage(Object element) {
				return ((KeyNode) element).parent == null ? Icons.image(Icons.HIVE) : Icons.image(Icons.KEY);
			}
		});
		keys.addSelectionChangedListener(event -> showValues());
		keys.addDoubleClickListener(event -> {
			KeyNode node = selectedKey();
			if (node != null) {
				keys.setExpandedState(node, !keys.getExpandedState(node));
			}
		});
		MenuManager menu = new MenuManager();
		menu.add(newMenu());
		menu.add(new Separator());
		menu.add(findAction);
		menu.add(findNextAction);
		menu.add(new Separator());
		menu.add(deleteAction);
		menu.add(renameAction);
		menu.add(new Separator());
		menu.add(exportKeyAction);
		menu.add(importAction);
		menu.add(new Separator());
		menu.add(copyKeyNameAction);
		tree.setMenu(menu.createContextMenu(tree));
		tree.addListener(SWT.FocusIn, event -> {
			valuesFocused = false;
			updateActions();
		});
		tree.addListener(SWT.KeyDown, this::keyPressed);
	}

	private MenuManager newMenu() {
		MenuManager menu = new MenuManager("Ne&w");
		menu.add(newKeyAction);
		menu.add(new Separator());
		menu.add(newStringAction);
		menu.add(newBinaryAction);
		menu.add(newDwordAction);
		menu.add(newQwordAction);
		menu.add(newMultiStringAction);
		menu.add(newExpandStringAction);
		return menu;
	}

	private void createValues(Composite parent) {
		values = new TableViewer(parent, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
		Table table = values.getTable();
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		String[] titles = { "Name", "Type", "Data" };
		int[] widths = { 220, 150, 420 };
		for (int i = 0; i < titles.length; i++) {
			TableColumn column = new TableColumn(table, SWT.LEFT);
			column.setText(titles[i]);
			column.setWidth(widths[i]);
		}
		values.setContentProvider(ArrayContentProvider.getInstance());
		values.setLabelProvider(new RowLabels());
		values.addSelectionChangedListener(event -> updateActions());
		values.addDoubleClickListener(event -> modify());
		MenuManager menu = new MenuManager();
		menu.add(modifyAction);
		menu.add(new Separator());
		menu.add(newMenu());
		menu.add(new Separator());
		menu.add(deleteAction);
		menu.add(renameAction);
		table.setMenu(menu.createContextMenu(table));
		table.addListener(SWT.FocusIn, event -> {
			valuesFocused = true;
			updateActions();
		});
		table.addListener(SWT.KeyDown, this::keyPressed);
		// the Data column takes what the table has left
		table.addListener(SWT.Resize, event -> {
			int width = table.getClientArea().width - table.getColumn(0).getWidth() - table.getColumn(1).getWidth();
			if (width > 120) {
				table.getColumn(2).setWidth(width);
			}
		});
	}

	/** The keys of the editor (workbench bindings run first: these are for keys no command has). */
	private void keyPressed(Event event) {
		boolean table = event.widget == values.getTable();
		if (event.keyCode == SWT.DEL) {
			valuesFocused = table;
			deleteAction.run();
		} else if (event.keyCode == SWT.F2) {
			valuesFocused = table;
			renameAction.run();
		} else if (event.keyCode == SWT.F3) {
			valuesFocused = table;
			findNextAction.run();
		} else if ((event.keyCode == 'f' || event.keyCode == 'F') && (event.stateMask & SWT.MOD1) != 0) {
			findAction.run();
		} else if (table && (event.keyCode == SWT.CR || event.keyCode == SWT.KEYPAD_CR)) {
			modifyAction.run();
		} else {
			return;
		}
		event.doit = false;
	}

	@Override
	public void setFocus() {
		if (keys != null && !keys.getTree().isDisposed()) {
			keys.getTree().setFocus();
		}
	}

	// ------------------------------------------------------------------ opening

	private @Nullable ISchedulingRule sessionRule(boolean touchesImage) {
		OpenableEntry context = entry;
		return touchesImage && context != null ? MultiRule.combine(rule, context.rule()) : rule;
	}

	private ReportingJob job(String name, boolean touchesImage, String title, String context,
			ReportingJob.Work work) {
		ReportingJob job = ReportingJob.create(name, sessionRule(touchesImage), this, RegistryUi.JOB_FAMILY, title,
				context, work);
		running.incrementAndGet();
		setBusy(true);
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				// counted, not looked up: the job manager may still list a job whose done listeners run
				int left = running.decrementAndGet();
				ui(() -> setBusy(left > 0 && running.get() > 0));
			}
		});
		job.schedule();
		return job;
	}

	private void setBusy(boolean busy) {
		if (keys == null || keys.getTree().isDisposed()) {
			return;
		}
		keys.getTree().setEnabled(!busy);
		values.getTable().setEnabled(!busy);
		updateActions();
	}

	private String title() {
		return getPartName();
	}

	private void open() {
		openFailure = null;
		IFile hiveFile = file;
		OpenableEntry context = entry;
		job("Opening " + title(), true, "Cannot open hive", "Opening " + title() + " failed.", monitor -> {
			monitor.beginTask("Opening " + title(), IProgressMonitor.UNKNOWN);
			HiveSession opened;
			try {
				if (context != null) {
					opened = HiveSession.open(context);
				} else {
					IPath location = hiveFile == null ? null : hiveFile.getLocation();
					if (location == null) {
						throw new ImageException(null, title() + ": the file is not on the local disk");
					}
					opened = HiveSession.open(location.toPath());
				}
			} catch (ImageException | RuntimeException e) {
				String message = ErrorReports.message(e);
				ui(() -> {
					openFailure = message;
					showHeader();
				});
				throw e;
			}
			KeyInfo top = opened.key("").orElseThrow();
			ui(() -> {
				HiveSession old = session;
				session = opened;
				if (old != null) {
					old.close();
				}
				dirty = opened.hasChanges();
				firePropertyChange(PROP_DIRTY);
				root = new KeyNode(null, top.name(), top.subkeys());
				keys.setInput(opened);
				keys.setExpandedState(root, true);
				keys.setSelection(new StructuredSelection(root), true);
				showHeader();
				updateActions();
			});
		});
	}

	private void ui(Runnable runnable) {
		Display display = getSite().getShell().getDisplay();
		display.asyncExec(() -> {
			if (!disposed) {
				runnable.run();
			}
		});
	}

	private String rootLabel() {
		HiveSession current = session;
		return current == null ? title() : current.mapping().root();
	}

	// ------------------------------------------------------------------ header

	private void showHeader() {
		if (hiveLine == null || hiveLine.isDisposed()) {
			return;
		}
		HiveSession current = session;
		String failure = openFailure;
		if (current == null) {
			hiveLine.setText(title());
			fileLine.setText(getTitleToolTip());
			stateLine.setText(failure == null ? "Opening\u2026" : "Cannot be opened: " + failure);
			changesLine.setText("");
		} else {
			hiveLine.setText(current.mapping().root() + "   \u2022   hive format " + current.formatVersion());
			fileLine.setText((current.inImage() ? "In image: " : "File: ") + current.label());
			HiveState state = current.state();
			String text = (state.dirty() ? "Dirty: " : "State: ") + state.explanation();
			if (!current.controlSet().isEmpty()) {
				text += "   \u2022   CurrentControlSet = " + current.controlSet();
			}
			stateLine.setText(text);
			stateLine.setForeground(state.dirty() ? stateLine.getDisplay().getSystemColor(SWT.COLOR_DARK_RED) : null);
			showChanges(null);
		}
		relayout();
	}

	/** Lays the header out again: wrapped lines may need more or fewer rows. */
	private void relayout() {
		if (body != null && !body.isDisposed()) {
			body.layout(true, true);
		}
	}

	/** Shows the staged changes (or {@code message}, e.g. what the last save did) under the header. */
	private void showChanges(@Nullable String message) {
		HiveSession current = session;
		if (current == null || changesLine.isDisposed()) {
			return;
		}
		String text;
		String reason = current.readOnlyReason();
		if (reason != null) {
			text = reason;
		} else if (dirty) {
			int count = current.pendingChanges().size();
			text = count + " unsaved change(s). Save (Ctrl+S) " + (current.inImage()
					? "writes the hive and stages it into " + imageName() + "; the image editor's Save writes the image"
					: "writes them (atomically, read back)") + ". Revert drops them.";
		} else {
			text = message != null ? message : "No unsaved changes.";
		}
		changesLine.setText(text);
		relayout();
	}

	// ------------------------------------------------------------------ keys and values

	private List<KeyNode> children(KeyNode node) {
		List<KeyNode> loaded = node.children;
		if (loaded != null) {
			return loaded;
		}
		HiveSession current = session;
		List<KeyNode> made = new ArrayList<>();
		if (current != null) {
			try {
				for (KeyInfo info : current.subkeys(node.path())) {
					made.add(new KeyNode(node, info.name(), info.subkeys()));
				}
			} catch (ImageException | RuntimeException e) {
				ErrorReports.show("Cannot read keys", "Reading the subkeys of " + livePath(node.path()) + " failed.", e);
			}
		}
		made.sort(Comparator.comparing((KeyNode child) -> child.name.toUpperCase(Locale.ROOT)));
		node.children = made;
		node.subkeys = made.size();
		return made;
	}

	private @Nullable KeyNode selectedKey() {
		Object first = keys == null ? null : keys.getStructuredSelection().getFirstElement();
		return first instanceof KeyNode node ? node : null;
	}

	private List<Row> selectedRows() {
		List<Row> rows = new ArrayList<>();
		if (values != null) {
			for (Object element : values.getStructuredSelection().toList()) {
				rows.add((Row) element);
			}
		}
		return rows;
	}

	private String livePath(String hivePath) {
		HiveSession current = session;
		return current == null ? hivePath : current.mapping().toLivePath(hivePath);
	}

	private void showValues() {
		KeyNode node = selectedKey();
		HiveSession current = session;
		List<Row> rows = new ArrayList<>();
		if (node != null && current != null) {
			address.setText(livePath(node.path()));
			try {
				List<RegValue> list = new ArrayList<>(current.values(node.path()));
				list.sort(Comparator.comparing((RegValue value) -> value.name().toUpperCase(Locale.ROOT)));
				boolean hasDefault = list.stream().anyMatch(value -> value.name().isEmpty());
				if (!hasDefault) {
					rows.add(new Row(RegValue.string("", ""), true));
				}
				for (RegValue value : list) {
					rows.add(new Row(value, false));
				}
			} catch (ImageException | RuntimeException e) {
				ErrorReports.show("Cannot read values", "Reading the values of " + livePath(node.path()) + " failed.", e);
			}
		} else {
			address.setText("");
		}
		values.setInput(rows.toArray());
		updateActions();
	}

	/** @return the data as regedit's Data column shows it */
	static String data(RegValue value) {
		ValueType type = value.knownType().orElse(null);
		if (type != null) {
			switch (type) {
			case SZ, EXPAND_SZ, LINK:
				String text = value.asString();
				return text == null ? "" : text;
			case MULTI_SZ:
				List<String> strings = value.asStrings();
				return strings == null ? "" : String.join(" ", strings);
			case DWORD, DWORD_BIG_ENDIAN:
				Long dword = value.asNumber();
				return dword == null ? "(invalid DWORD (32-bit) value)"
						: String.format(Locale.ROOT, "0x%08x (%d)", dword, dword);
			case QWORD:
				Long qword = value.asNumber();
				return qword == null ? "(invalid QWORD (64-bit) value)"
						: String.format(Locale.ROOT, "0x%016x (%s)", qword, Long.toUnsignedString(qword));
			default:
				break;
			}
		}
		byte[] bytes = value.data();
		if (bytes.length == 0) {
			return "(zero-length binary value)";
		}
		int shown = Math.min(bytes.length, 256);
		String hex = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown);
		return shown < bytes.length ? hex + " \u2026 (" + bytes.length + " bytes)" : hex;
	}

	private final class RowLabels extends LabelProvider implements ITableLabelProvider {
		@Override
		public @Nullable Image getColumnImage(Object element, int column) {
			return column == 0 ? Icons.value(((Row) element).value()) : null;
		}

		@Override
		public String getColumnText(Object element, int column) {
			Row row = (Row) element;
			RegValue value = row.value();
			return switch (column) {
			case 0 -> value.name().isEmpty() ? ValueDialog.DEFAULT_NAME : value.name().replace("\0", "\\0");
			case 1 -> value.typeName();
			case 2 -> row.notSet() ? "(value not set)" : data(value).replace('\n', ' ').replace('\r', ' ');
			default -> "";
			};
		}
	}

	private void updateActions() {
		HiveSession current = session;
		boolean open = current != null && keys != null && keys.getTree().isEnabled();
		boolean writable = open && !current.readOnly();
		KeyNode key = selectedKey();
		List<Row> rows = selectedRows();
		boolean onValues = valuesFocused && !rows.isEmpty();
		boolean realRows = rows.stream().noneMatch(Row::notSet);
		for (Action action : List.of(newKeyAction, newStringAction, newExpandStringAction, newMultiStringAction,
				newDwordAction, newQwordAction, newBinaryAction)) {
			action.setEnabled(writable && key != null);
		}
		modifyAction.setEnabled(writable && rows.size() == 1);
		renameAction.setEnabled(writable && (onValues ? rows.size() == 1 && realRows && !rows.get(0).value().name()
				.isEmpty() : key != null && key.parent != null));
		deleteAction.setEnabled(writable && (onValues ? realRows : key != null && key.parent != null));
		copyKeyNameAction.setEnabled(open && key != null);
		findAction.setEnabled(open);
		findNextAction.setEnabled(open && lastQuery != null);
		importAction.setEnabled(writable);
		exportKeyAction.setEnabled(open && key != null);
		exportHiveAction.setEnabled(open);
		revertAction.setEnabled(open && dirty);
	}

	// ------------------------------------------------------------------ staging

	/** After a staged change: dirty state, header, actions. */
	private void changed() {
		HiveSession current = session;
		dirty = current != null && current.hasChanges();
		firePropertyChange(PROP_DIRTY);
		showChanges(null);
		updateActions();
	}

	private Shell shell() {
		return getSite().getShell();
	}

	private boolean stage(String what, Staging staging) {
		HiveSession current = session;
		if (current == null) {
			return false;
		}
		try {
			staging.run(current);
			return true;
		} catch (ImageException | RuntimeException e) {
			ErrorReports.show("Cannot change the hive", what + " failed; nothing was changed.", e);
			return false;
		} finally {
			changed();
		}
	}

	private interface Staging {
		void run(HiveSession session) throws ImageException;
	}

	/** Reads a key's subkeys again and shows them, expanded, selecting {@code select} when given. */
	private void reloadKey(KeyNode node, @Nullable String select) {
		node.children = null;
		keys.refresh(node);
		children(node);
		keys.refresh(node);
		keys.setExpandedState(node, true);
		KeyNode target = select == null ? node : node.child(select);
		keys.setSelection(new StructuredSelection(target == null ? node : target), true);
		showValues();
	}

	private void newKey() {
		KeyNode parent = selectedKey();
		HiveSession current = session;
		if (parent == null || current == null) {
			return;
		}
		String suggestion = "New Key #1";
		for (int i = 1; children(parent).stream().anyMatch(child -> child.name.equalsIgnoreCase("New Key #1"))
				&& i < 1000; i++) {
			suggestion = "New Key #" + (i + 1);
			String candidate = suggestion;
			if (children(parent).stream().noneMatch(child -> child.name.equalsIgnoreCase(candidate))) {
				break;
			}
		}
		InputDialog dialog = new InputDialog(shell(), "New Key", "Name of the new key under " + livePath(parent.path())
				+ ":", suggestion, text -> keyNameProblem(parent, null, text));
		if (dialog.open() != Window.OK) {
			return;
		}
		String name = dialog.getValue().trim();
		String path = parent.path().isEmpty() ? name : parent.path() + "\\" + name;
		if (stage("Creating key " + livePath(path), session -> session.createKey(path))) {
			reloadKey(parent, name);
		}
	}

	/** @return why {@code text} cannot name a key beside {@code self} under {@code parent}, or null */
	private @Nullable String keyNameProblem(KeyNode parent, @Nullable KeyNode self, String text) {
		String name = text.trim();
		if (name.isEmpty()) {
			return "Type a name for the key.";
		}
		if (name.contains("\\")) {
			return "A key name cannot hold a backslash (\\).";
		}
		if (name.length() > 255) {
			return "A key name is at most 255 characters.";
		}
		for (KeyNode child : children(parent)) {
			if (child != self && child.name.equalsIgnoreCase(name)) {
				return "A key named '" + child.name + "' exists already here.";
			}
		}
		return null;
	}

	private boolean valueNameTaken(String path, String name) {
		HiveSession current = session;
		try {
			return current != null && current.value(path, name).isPresent();
		} catch (ImageException e) {
			return false;
		}
	}

	private void newValue(ValueType type) {
		KeyNode key = selectedKey();
		if (key == null) {
			return;
		}
		String path = key.path();
		ValueDialog dialog = ValueDialog.forType(shell(), type.code(), suggestValueName(path), null,
				name -> valueNameTaken(path, name));
		if (dialog.open() != Window.OK) {
			return;
		}
		RegValue value = dialog.result();
		if (value != null && stage("Setting value " + value.name() + " in " + livePath(path),
				session -> session.setValue(path, value))) {
			showValues();
			selectValue(value.name());
		}
	}

	private String suggestValueName(String path) {
		for (int i = 1; i < 1000; i++) {
			if (!valueNameTaken(path, "New Value #" + i)) {
				return "New Value #" + i;
			}
		}
		return "";
	}

	private void modify() {
		KeyNode key = selectedKey();
		List<Row> rows = selectedRows();
		if (key == null || rows.size() != 1 || !modifyAction.isEnabled()) {
			return;
		}
		Row row = rows.get(0);
		RegValue old = row.value();
		String path = key.path();
		ValueDialog dialog = ValueDialog.forType(shell(), old.type(), old.name(), row.notSet() ? RegValue.string("", "")
				: old, name -> false);
		if (dialog.open() != Window.OK) {
			return;
		}
		RegValue value = dialog.result();
		if (value != null && stage("Setting value " + (old.name().isEmpty() ? "(Default)" : old.name()) + " in "
				+ livePath(path), session -> session.setValue(path, value))) {
			showValues();
			selectValue(value.name());
		}
	}

	private void rename() {
		KeyNode key = selectedKey();
		if (key == null) {
			return;
		}
		List<Row> rows = selectedRows();
		if (valuesFocused && !rows.isEmpty()) {
			RegValue value = rows.get(0).value();
			String path = key.path();
			InputDialog dialog = new InputDialog(shell(), "Rename Value", "New name of the value " + value.name() + ":",
					value.name(), text -> text.isEmpty() ? "Type a name for the value."
							: !text.equalsIgnoreCase(value.name()) && valueNameTaken(path, text)
									? "A value named '" + text + "' exists already in this key."
									: null);
			if (dialog.open() == Window.OK && !dialog.getValue().equals(value.name())
					&& stage("Renaming value " + value.name(), session -> session.renameValue(path, value.name(),
							dialog.getValue()))) {
				showValues();
				selectValue(dialog.getValue());
			}
			return;
		}
		KeyNode parent = key.parent;
		if (parent == null) {
			return;
		}
		InputDialog dialog = new InputDialog(shell(), "Rename Key", "New name of the key " + livePath(key.path()) + ":",
				key.name, text -> keyNameProblem(parent, key, text));
		if (dialog.open() != Window.OK || dialog.getValue().trim().equals(key.name)) {
			return;
		}
		String name = dialog.getValue().trim();
		if (stage("Renaming key " + livePath(key.path()), session -> session.renameKey(key.path(), name))) {
			reloadKey(parent, name);
		}
	}

	private void delete() {
		KeyNode key = selectedKey();
		if (key == null) {
			return;
		}
		List<Row> rows = selectedRows();
		String path = key.path();
		if (valuesFocused && !rows.isEmpty()) {
			if (!MessageDialog.openConfirm(shell(), "Confirm Value Delete", "Deleting certain registry values could "
					+ "cause system instability. Are you sure you want to permanently delete "
					+ (rows.size() == 1 ? "this value?" : "these " + rows.size() + " values?"))) {
				return;
			}
			stage("Deleting values in " + livePath(path), session -> {
				for (Row row : rows) {
					session.deleteValue(path, row.value().name());
				}
			});
			showValues();
			return;
		}
		KeyNode parent = key.parent;
		if (parent == null) {
			return;
		}
		if (!MessageDialog.openConfirm(shell(), "Confirm Key Delete",
				"Are you sure you want to permanently delete the key " + livePath(path)
						+ " and all of its subkeys?")) {
			return;
		}
		if (stage("Deleting key " + livePath(path), session -> session.deleteKey(path))) {
			reloadKey(parent, null);
		}
	}

	private void copyKeyName() {
		KeyNode key = selectedKey();
		if (key == null) {
			return;
		}
		Clipboard clipboard = new Clipboard(shell().getDisplay());
		try {
			clipboard.setContents(new Object[] { livePath(key.path()) }, new Transfer[] { TextTransfer.getInstance() });
		} finally {
			clipboard.dispose();
		}
		getEditorSite().getActionBars().getStatusLineManager().setMessage("Copied " + livePath(key.path()));
	}

	// ------------------------------------------------------------------ selection by path (search, tests)

	/**
	 * Selects the key at {@code path} (expanding its parents) and shows its values.
	 *
	 * @return whether it exists
	 */
	public boolean selectKey(String path) {
		KeyNode node = root;
		if (node == null) {
			return false;
		}
		for (String part : path.split("\\\\")) {
			if (part.isEmpty()) {
				continue;
			}
			children(node);
			keys.setExpandedState(node, true);
			node = node.child(part);
			if (node == null) {
				return false;
			}
		}
		keys.setSelection(new StructuredSelection(node), true);
		showValues();
		return true;
	}

	/** Selects the value row of that name in the values table (shown key). */
	public boolean selectValue(String name) {
		for (Object element : (Object[]) values.getInput()) {
			Row row = (Row) element;
			if (!row.notSet() && row.value().name().equalsIgnoreCase(name)) {
				values.setSelection(new StructuredSelection(row), true);
				valuesFocused = true;
				updateActions();
				return true;
			}
		}
		return false;
	}

	// ------------------------------------------------------------------ search

	private void openFind() {
		FindDialog.open(shell(), this, lastQuery);
	}

	private void findNext() {
		Query query = lastQuery;
		if (query != null) {
			find(query);
		} else {
			openFind();
		}
	}

	/** Searches from the selected key or value onwards (wrapping once at the end) and selects the match. */
	public Job find(Query query) {
		lastQuery = query;
		KeyNode key = selectedKey();
		List<Row> rows = selectedRows();
		Match start = key == null ? null
				: new Match(key.path(), valuesFocused && !rows.isEmpty() && !rows.get(0).notSet()
						? rows.get(0).value().name()
						: null);
		HiveSession current = session;
		updateActions();
		return job("Searching " + title() + " for '" + query.text() + "'", false, "Search failed",
				"Searching " + title() + " failed.", monitor -> {
					if (current == null) {
						return;
					}
					monitor.beginTask("Searching for '" + query.text() + "'", IProgressMonitor.UNKNOWN);
					Match[] found = new Match[1];
					boolean[] wrapped = new boolean[1];
					current.with(hive -> {
						Match first = null;
						boolean passed = start == null;
						List<String> stack = new ArrayList<>();
						stack.add("");
						long visited = 0;
						while (!stack.isEmpty()) {
							String path = stack.remove(stack.size() - 1);
							if (++visited % 1000 == 0) {
								monitor.subTask(visited + " keys searched");
								if (monitor.isCanceled()) {
									throw new OperationCanceledException();
								}
							}
							List<Match> here = new ArrayList<>();
							String name = path.substring(path.lastIndexOf('\\') + 1);
							if (query.keys() && !path.isEmpty() && matches(query, name)) {
								here.add(new Match(path, null));
							} else {
								here.add(null);
							}
							List<RegValue> list = new ArrayList<>(hive.values(path));
							list.sort(Comparator.comparing((RegValue value) -> value.name().toUpperCase(Locale.ROOT)));
							List<Match> positions = new ArrayList<>();
							positions.add(new Match(path, null));
							for (RegValue value : list) {
								positions.add(new Match(path, value.name()));
								boolean hit = query.values() && matches(query, value.name())
										|| query.data() && matches(query, data(value));
								here.add(hit ? new Match(path, value.name()) : null);
							}
							for (int i = 0; i < positions.size(); i++) {
								Match position = positions.get(i);
								Match hit = here.get(i);
								if (!passed) {
									if (start != null && position.keyPath().equalsIgnoreCase(start.keyPath())
											&& equalNames(position.valueName(), start.valueName())) {
										passed = true;
									} else if (hit != null && first == null) {
										first = hit;
									}
									continue;
								}
								if (hit != null) {
									found[0] = hit;
									return null;
								}
							}
							List<KeyInfo> subkeys = new ArrayList<>(hive.subkeys(path));
							subkeys.sort(Comparator.comparing((KeyInfo info) -> info.name().toUpperCase(Locale.ROOT)));
							for (int i = subkeys.size() - 1; i >= 0; i--) {
								stack.add(path.isEmpty() ? subkeys.get(i).name() : path + "\\" + subkeys.get(i).name());
							}
						}
						found[0] = first;
						wrapped[0] = first != null;
						return null;
					});
					Match match = found[0];
					ui(() -> showMatch(query, match, wrapped[0]));
				});
	}

	private static boolean equalNames(@Nullable String a, @Nullable String b) {
		return a == null ? b == null : b != null && a.equalsIgnoreCase(b);
	}

	private static boolean matches(Query query, String text) {
		String wanted = query.text().toLowerCase(Locale.ROOT);
		String lower = text.toLowerCase(Locale.ROOT);
		return query.whole() ? lower.equals(wanted) : lower.contains(wanted);
	}

	private void showMatch(Query query, @Nullable Match match, boolean wrapped) {
		var status = getEditorSite().getActionBars().getStatusLineManager();
		if (match == null) {
			status.setMessage("'" + query.text() + "' was not found.");
			showChanges(null);
			changesLine.setText("Find: '" + query.text() + "' was not found.");
			return;
		}
		selectKey(match.keyPath());
		String valueName = match.valueName();
		if (valueName != null) {
			selectValue(valueName);
			values.getTable().setFocus();
		} else {
			valuesFocused = false;
			keys.getTree().setFocus();
		}
		status.setMessage("Found '" + query.text() + "' at " + livePath(match.keyPath())
				+ (valueName == null ? "" : " \u2192 " + (valueName.isEmpty() ? "(Default)" : valueName))
				+ (wrapped ? " (searched again from the top)" : ""));
	}

	/** @return the key path and value name selected (tests) */
	public @Nullable Match selection() {
		KeyNode key = selectedKey();
		if (key == null) {
			return null;
		}
		List<Row> rows = selectedRows();
		return new Match(key.path(), valuesFocused && !rows.isEmpty() ? rows.get(0).value().name() : null);
	}

	// ------------------------------------------------------------------ .reg

	private void importReg() {
		FileDialog dialog = new FileDialog(shell(), SWT.OPEN);
		dialog.setText("Import Registry File");
		dialog.setFilterExtensions(new String[] { "*.reg", "*" });
		dialog.setFilterNames(new String[] { "Registration files (*.reg)", "All files" });
		String chosen = dialog.open();
		if (chosen != null) {
			importReg(Path.of(chosen));
		}
	}

	/** Applies a .reg file to the hive (staged; Save writes it). A bad line changes nothing. */
	public Job importReg(Path regFile) {
		HiveSession current = session;
		boolean hadChanges = dirty;
		return job("Importing " + regFile.getFileName() + " into " + title(), false, "Import failed",
				"Importing " + regFile + " into " + title() + " failed.", monitor -> {
					if (current == null) {
						return;
					}
					RegFile.ImportResult result;
					try {
						result = current.importReg(regFile);
					} catch (ImageException e) {
						// a parse error changes nothing; a failure while applying may have staged part of the file
						if (!hadChanges && current.hasChanges()) {
							current.discard();
						}
						throw new ImageException(e.file(), e.reason()
								+ (hadChanges && current.hasChanges() ? " (changes staged before the failing line stay"
										+ " unsaved; Revert drops them)" : ""),
								e);
					} finally {
						ui(this::reloadTree);
					}
					String message = "Imported " + regFile.getFileName() + ": " + result.keysCreated() + " key(s) created, "
							+ result.valuesSet() + " value(s) set, " + result.keysDeleted() + " key(s) and "
							+ result.valuesDeleted() + " value(s) deleted (unsaved).";
					ui(() -> getEditorSite().getActionBars().getStatusLineManager().setMessage(message));
				});
	}

	private void exportReg(boolean wholeHive) {
		KeyNode key = selectedKey();
		String keyPath = wholeHive || key == null ? "" : key.path();
		FileDialog dialog = new FileDialog(shell(), SWT.SAVE);
		dialog.setText(wholeHive ? "Export Hive" : "Export Key " + livePath(keyPath));
		dialog.setFilterExtensions(new String[] { "*.reg", "*" });
		dialog.setFilterNames(new String[] { "Registration files (*.reg)", "All files" });
		dialog.setOverwrite(true);
		String name = keyPath.isEmpty() ? title() : keyPath.substring(keyPath.lastIndexOf('\\') + 1);
		dialog.setFileName(name.replaceAll("[\\\\/:*?\"<>|]", "_") + ".reg");
		String chosen = dialog.open();
		if (chosen != null) {
			exportReg(keyPath, Path.of(chosen));
		}
	}

	/** Writes a key and everything below it ({@code ""}: the whole hive) as a .reg file, as regedit does. */
	public Job exportReg(String keyPath, Path target) {
		HiveSession current = session;
		return job("Exporting " + title() + " to " + target.getFileName(), false, "Export failed",
				"Exporting " + livePath(keyPath) + " to " + target + " failed.", monitor -> {
					if (current == null) {
						return;
					}
					RegFile.Export export = current.exportReg(keyPath, target);
					String message = "Exported " + export.keys() + " key(s) and " + export.values() + " value(s) to "
							+ target;
					if (!export.notes().isEmpty()) {
						ErrorReports.info("Export", message + ".\n\n" + String.join("\n", export.notes()));
					}
					ui(() -> getEditorSite().getActionBars().getStatusLineManager().setMessage(message));
				});
	}

	/** Reads the tree again from the hive, keeping expanded keys and the selection where they still exist. */
	private void reloadTree() {
		KeyNode top = root;
		HiveSession current = session;
		if (top == null || current == null || keys.getTree().isDisposed()) {
			return;
		}
		List<String> expanded = new ArrayList<>();
		for (Object element : keys.getExpandedElements()) {
			expanded.add(((KeyNode) element).path());
		}
		KeyNode selected = selectedKey();
		String selectedPath = selected == null ? "" : selected.path();
		top.children = null;
		try {
			top.subkeys = current.key("").map(KeyInfo::subkeys).orElse(0);
		} catch (ImageException e) {
			top.subkeys = 0;
		}
		keys.refresh();
		keys.setExpandedState(top, true);
		expanded.sort(Comparator.comparingInt(String::length));
		for (String path : expanded) {
			if (!path.isEmpty()) {
				KeyNode node = find(path);
				if (node != null) {
					keys.setExpandedState(node, true);
				}
			}
		}
		if (!selectKey(selectedPath)) {
			keys.setSelection(new StructuredSelection(top), true);
			showValues();
		}
		changed();
	}

	private @Nullable KeyNode find(String path) {
		KeyNode node = root;
		for (String part : path.split("\\\\")) {
			if (node == null || part.isEmpty()) {
				continue;
			}
			children(node);
			node = node.child(part);
		}
		return node;
	}

	// ------------------------------------------------------------------ save, revert, close

	@Override
	public boolean isDirty() {
		return dirty;
	}

	@Override
	public void doSave(IProgressMonitor monitor) {
		save();
	}

	/**
	 * Saves in a job: a hive file is committed atomically and read back ({@link Hive#commit()}); a hive in an image is
	 * written, read back and staged into the image editor's session ({@link ImageHive#stage()}).
	 */
	public Job save() {
		HiveSession current = session;
		boolean inImage = entry != null;
		return job("Saving " + title(), inImage, "Save failed", "Saving " + title() + " failed; the hive file is "
				+ "unchanged and the changes stay unsaved.", monitor -> {
					if (current == null || !current.hasChanges()) {
						return;
					}
					HiveCommitResult result;
					try {
						result = current.save();
					} catch (VerificationFailedException e) {
						throw new ImageException(e.file(), "reading the written hive back found differences, so it "
								+ "was not saved: " + e.reason(), e);
					}
					IFile hiveFile = file;
					if (hiveFile != null) {
						refreshWorkspace(hiveFile);
					}
					String message = (inImage
							? "Staged " + result.changes() + " change(s) into " + imageName()
									+ ": save the image editor to write them into the image"
							: "Saved " + result.changes() + " change(s)")
							+ "; " + result.verified() + " read back from the written hive and matched.";
					if (!result.notes().isEmpty()) {
						ErrorReports.info("Saved", message + "\n\n" + String.join("\n", result.notes()));
					}
					ui(() -> {
						showHeader();
						changed();
						showChanges(message);
						getEditorSite().getActionBars().getStatusLineManager().setMessage(message);
					});
				});
	}

	private String imageName() {
		OpenableEntry context = entry;
		return context == null ? "" : context.imageFile().getName();
	}

	private void refreshWorkspace(IFile hiveFile) {
		WorkspaceJob refresh = new WorkspaceJob("Refreshing " + hiveFile.getName()) {
			@Override
			public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
				hiveFile.refreshLocal(IResource.DEPTH_ONE, monitor);
				hiveFile.getParent().refreshLocal(IResource.DEPTH_ONE, monitor);
				return Status.OK_STATUS;
			}
		};
		refresh.setSystem(true);
		refresh.schedule();
	}

	/** Drops every unsaved change (the hive file is not touched). */
	public Job revert() {
		HiveSession current = session;
		return job("Reverting " + title(), false, "Revert failed", "Reverting " + title() + " failed.", monitor -> {
			if (current != null) {
				current.discard();
			}
			ui(this::reloadTree);
		});
	}

	@Override
	public void doSaveAs() {
		// not offered: Export Hive as .reg writes another file
	}

	@Override
	public boolean isSaveAsAllowed() {
		return false;
	}

	/** The image editor saved, reverted or closed (hive in an image). */
	private void imageChanged(OpenableEntry context, OpenableEntry.Event event) {
		switch (event) {
		case SAVED -> showChanges("The image editor saved: the hive is in the image now.");
		case REVERTED -> {
			// the image session dropped what was staged: read the hive from the image again
			HiveSession old = session;
			session = null;
			root = null;
			dirty = false;
			firePropertyChange(PROP_DIRTY);
			if (keys != null && !keys.getTree().isDisposed()) {
				keys.setInput(null);
				values.setInput(new Object[0]);
			}
			job("Reopening " + title(), true, "Cannot reopen hive", "Reopening " + title() + " failed.", monitor -> {
				if (old != null) {
					ImageHive inImage = old.imageHive();
					old.close();
					if (inImage != null && inImage.staged()) {
						ImageHive.deleteWorkFolder(inImage.workFolder());
					}
				}
			});
			showHeader();
			open();
		}
		case CLOSED -> getSite().getPage().closeEditor(this, false);
		}
	}

	@Override
	public void dispose() {
		disposed = true;
		HiveSession current = session;
		session = null;
		OpenableEntry context = entry;
		if (context != null) {
			context.removeListener(imageListener);
		}
		Job close = Job.create("Closing " + title(), monitor -> {
			if (current != null) {
				current.close();
				ImageHive inImage = current.imageHive();
				if (inImage != null && inImage.staged() && context != null) {
					// the image session reads the staged copy when it is saved: delete it after that (or a revert)
					Path folder = inImage.workFolder();
					context.addListener(new OpenableEntry.Listener() {
						@Override
						public void imageChanged(OpenableEntry changed, OpenableEntry.Event event) {
							changed.removeListener(this);
							ImageHive.deleteWorkFolder(folder);
						}
					});
				}
			}
			return Status.OK_STATUS;
		});
		close.setSystem(true);
		close.setRule(rule);
		close.schedule();
		super.dispose();
	}

	// ------------------------------------------------------------------ for tests

	/** @return the open session's hive label, or null while it opens or when it cannot be opened */
	public @Nullable String hiveLabel() {
		HiveSession current = session;
		return current == null ? null : current.label().toString();
	}

	/** @return why the hive could not be opened, or null */
	public @Nullable String openFailure() {
		return openFailure;
	}

	/** @return the keys tree */
	public TreeViewer keysViewer() {
		return keys;
	}

	/** @return the values table */
	public TableViewer valuesViewer() {
		return values;
	}

	/** @return the header lines as shown */
	public String header() {
		return hiveLine.getText() + "\n" + fileLine.getText() + "\n" + stateLine.getText() + "\n"
				+ changesLine.getText();
	}

	/** @return the values table as shown: {@code name | type | data} per row */
	public List<String> valueRows() {
		List<String> rows = new ArrayList<>();
		for (var item : values.getTable().getItems()) {
			rows.add(item.getText(0) + " | " + item.getText(1) + " | " + item.getText(2));
		}
		return rows;
	}

	/** @return the control that has the keys (tests put the focus there) */
	public Control keysControl() {
		return keys.getTree();
	}

	/** Tells the editor which side has the focus as a click would (tests cannot rely on focus under Xvfb). */
	public void focusValues(boolean onValues) {
		valuesFocused = onValues;
		(onValues ? values.getTable() : keys.getTree()).setFocus();
		updateActions();
	}
}
