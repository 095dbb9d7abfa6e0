package org.deployforge.ui.images.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.deployforge.core.ImageInfo;
import org.deployforge.core.PendingChange;
import org.deployforge.core.VolumeInfo;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.action.ToolBarManager;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITableColorProvider;
import org.eclipse.jface.viewers.ITableFontProvider;
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
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Item;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.widgets.ExpandableComposite;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.forms.widgets.Section;
import org.eclipse.jface.resource.JFaceResources;

/**
 * The Files page: a virtual tree of one image index (name, size, modified, attributes), a filter, and the file
 * actions. Changes are staged: added entries show green "(new)", removed ones red "(deleted)", renamed ones blue
 * "(was …)", and the Pending Changes list shows what Save will write.
 */
public final class FilesPage extends FormPage {

	/** File name extensions opened as text. */
	static final Set<String> TEXT_EXTENSIONS = Set.of("xml", "inf", "ini", "txt", "reg", "cmd", "bat", "log", "ps1",
			"json", "cfg", "htm", "html", "css", "js", "md", "csv", "sdi0");
	private static final int VIEW_LIMIT = 4 * 1024 * 1024;

	private final ImageEditor editor;
	private FormToolkit toolkit;
	private ScrolledForm form;
	private Combo indexCombo;
	private Text filterText;
	private TreeViewer viewer;
	private TableViewer pendingViewer;
	private Label pendingSummary;
	private @Nullable EntryNode root;
	private @Nullable Set<EntryNode> filterMatches;
	/** Counts filter requests; a filter result for an older request is dropped. */
	private int filterGeneration;
	/** The filter request whose result the tree shows. */
	private int filterApplied;
	/** The filter text changed and the debounce timer has not run yet. */
	private boolean filterRequested;
	private final Runnable filterTimer = this::applyFilter;
	static final int FILTER_DELAY_MS = 200;
	private int shownIndex;

	final Action extractAction = action("E&xtract\u2026", Icons.descriptor(Icons.EXTRACT), this::extract);
	final Action addFileAction = action("Add &File\u2026", Icons.descriptor(Icons.ADD_FILE), () -> add(false));
	final Action addFolderAction = action("Add F&older\u2026", Icons.descriptor(Icons.ADD_FOLDER), () -> add(true));
	final Action deleteAction = action("&Delete", Icons.sharedDescriptor(ISharedImages.IMG_TOOL_DELETE), this::delete);
	final Action renameAction = action("Re&name\u2026", Icons.descriptor(Icons.RENAME), this::rename);
	final Action openAction = action("&Open Read-Only", Icons.sharedDescriptor(ISharedImages.IMG_OBJ_FILE),
			this::openReadOnly);
	final Action openInEditorAction = action("Open in &Editor", Icons.descriptor("wim16.png"), this::openInEditor);
	final Action copyPathAction = action("&Copy Path", Icons.sharedDescriptor(ISharedImages.IMG_TOOL_COPY),
			this::copyPath);
	final Action saveAction;
	final Action revertAction;

	FilesPage(ImageEditor editor) {
		super(editor, "files", "Files");
		this.editor = editor;
		saveAction = action("&Save", Icons.sharedDescriptor(ISharedImages.IMG_ETOOL_SAVE_EDIT), editor::save);
		revertAction = action("&Revert", Icons.sharedDescriptor(ISharedImages.IMG_TOOL_UNDO), editor::revert);
		deleteAction.setAccelerator(SWT.DEL);
		renameAction.setAccelerator(SWT.F2);
		copyPathAction.setAccelerator(SWT.MOD1 | 'C');
	}

	private static Action action(String text, org.eclipse.jface.resource.ImageDescriptor icon, Runnable run) {
		Action action = new Action(text, icon) {
			@Override
			public void run() {
				run.run();
			}
		};
		action.setEnabled(false);
		return action;
	}

	@Override
	protected void createFormContent(IManagedForm managedForm) {
		toolkit = managedForm.getToolkit();
		getSite().setSelectionProvider(new FileSelection(editor.file()));
		form = managedForm.getForm();
		form.setText("Files");
		form.setImage(Icons.image(Icons.VOLUME));
		toolkit.decorateFormHeading(form.getForm());
		ToolBarManager formToolBar = (ToolBarManager) form.getToolBarManager();
		for (IAction action : List.of(extractAction, addFileAction, addFolderAction, deleteAction, renameAction,
				openAction, copyPathAction)) {
			formToolBar.add(action);
		}
		formToolBar.update(true);

		Composite body = form.getBody();
		body.setLayout(new GridLayout(1, false));
		Composite top = toolkit.createComposite(body);
		top.setLayout(new GridLayout(4, false));
		GridDataFactory.fillDefaults().grab(true, false).applyTo(top);
		toolkit.createLabel(top, "Image:");
		indexCombo = new Combo(top, SWT.READ_ONLY);
		toolkit.adapt(indexCombo);
		GridDataFactory.fillDefaults().hint(280, SWT.DEFAULT).applyTo(indexCombo);
		indexCombo.addListener(SWT.Selection, event -> {
			int selected = indexCombo.getSelectionIndex();
			if (selected >= 0) {
				editor.showIndex(selected + 1);
			}
		});
		toolkit.createLabel(top, "Filter:");
		filterText = toolkit.createText(top, "", SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL | SWT.BORDER);
		filterText.setMessage("filter names: part of a name, or a pattern like *.inf");
		filterText.setToolTipText("Shows the entries whose name contains the text (any case), or matches a pattern with"
				+ " * and ?, with their folders. Esc clears.");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(filterText);
		// debounced: typing restarts the timer, the filter runs once the typing pauses
		filterText.addListener(SWT.Modify, event -> {
			filterRequested = true;
			filterText.getDisplay().timerExec(-1, filterTimer);
			filterText.getDisplay().timerExec(FILTER_DELAY_MS, filterTimer);
		});
		filterText.addListener(SWT.KeyDown, event -> {
			if (event.keyCode == SWT.ESC && !filterText.getText().isEmpty()) {
				filterText.setText("");
				event.doit = false;
			}
		});
		filterText.addListener(SWT.DefaultSelection, event -> {
			if (event.detail == SWT.ICON_CANCEL) {
				filterText.setText("");
			}
		});

		SashForm sash = new SashForm(body, SWT.VERTICAL);
		toolkit.adapt(sash);
		GridDataFactory.fillDefaults().grab(true, true).hint(400, 200).applyTo(sash);
		createTree(sash);
		createPending(sash);
		sash.setWeights(65, 35);
		refreshVolumes();
		refreshPending();
		// the theme engine (CSS) styles widgets when they are skinned: a page created later than the editor (this one is
		// created when first shown) is skinned again as a whole, or parts keep the light theme's colours
		form.reskin(SWT.ALL);
	}

	private void createTree(Composite parent) {
		viewer = new TreeViewer(parent, SWT.VIRTUAL | SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
		Tree tree = viewer.getTree();
		tree.setHeaderVisible(true);
		tree.setLinesVisible(true);
		String[] titles = { "Name", "Size", "Modified", "Attributes" };
		int[] widths = { 360, 100, 140, 90 };
		for (int i = 0; i < titles.length; i++) {
			TreeColumn column = new TreeColumn(tree, i == 1 ? SWT.RIGHT : SWT.LEFT);
			column.setText(titles[i]);
			column.setWidth(widths[i]);
		}
		viewer.setUseHashlookup(true);
		viewer.setContentProvider(new ITreeContentProvider() {
			@Override
			public Object[] getElements(Object input) {
				return getChildren(input);
			}

			@Override
			public Object[] getChildren(Object parentElement) {
				EntryNode folder = (EntryNode) parentElement;
				List<EntryNode> children = folder.children;
				if (children == null) {
					return new Object[0];
				}
				if (folder.partial) {
					// a large image's folder: read its children now, show "reading…" meanwhile
					editor.loadChildren(folder);
					return new Object[] { EntryNode.placeholder(folder) };
				}
				Set<EntryNode> matches = filterMatches;
				return matches == null ? children.toArray() : children.stream().filter(matches::contains).toArray();
			}

			@Override
			public @Nullable Object getParent(Object element) {
				return ((EntryNode) element).parent;
			}

			@Override
			public boolean hasChildren(Object element) {
				EntryNode node = (EntryNode) element;
				Set<EntryNode> matches = filterMatches;
				return node.partial || node.children != null && (matches == null ? !node.children.isEmpty()
						: node.children.stream().anyMatch(matches::contains));
			}
		});
		viewer.setLabelProvider(new EntryLabels());
		// the filter lives in the content provider: a virtual tree asks it for exactly the children it shows
		viewer.addSelectionChangedListener(event -> updateActions());
		viewer.addDoubleClickListener(event -> {
			EntryNode node = first();
			if (node == null) {
				return;
			}
			if (node.directory) {
				viewer.setExpandedState(node, !viewer.getExpandedState(node));
			} else if (!openInEditor()) {
				openReadOnly();
			}
		});
		MenuManager menu = new MenuManager();
		menu.add(openInEditorAction);
		menu.add(openAction);
		menu.add(extractAction);
		menu.add(new Separator());
		menu.add(addFileAction);
		menu.add(addFolderAction);
		menu.add(new Separator());
		menu.add(renameAction);
		menu.add(deleteAction);
		menu.add(new Separator());
		menu.add(copyPathAction);
		tree.setMenu(menu.createContextMenu(tree));
		tree.addListener(SWT.KeyDown, event -> {
			if (event.keyCode == SWT.DEL && deleteAction.isEnabled()) {
				deleteAction.run();
			} else if (event.keyCode == SWT.F2 && renameAction.isEnabled()) {
				renameAction.run();
			}
		});
		DropTarget drop = new DropTarget(tree, DND.DROP_COPY | DND.DROP_DEFAULT);
		drop.setTransfer(new Transfer[] { FileTransfer.getInstance() });
		drop.addDropListener(new DropTargetAdapter() {
			@Override
			public void dragEnter(DropTargetEvent event) {
				event.detail = editor.readOnly() || root == null ? DND.DROP_NONE : DND.DROP_COPY;
			}

			@Override
			public void dragOver(DropTargetEvent event) {
				event.feedback = DND.FEEDBACK_SELECT | DND.FEEDBACK_SCROLL | DND.FEEDBACK_EXPAND;
			}

			@Override
			public void drop(DropTargetEvent event) {
				if (!(event.data instanceof String[] names) || root == null) {
					return;
				}
				EntryNode target = event.item instanceof Item item && item.getData() instanceof EntryNode node ? node
						: root;
				editor.stageAdd(target, java.util.Arrays.stream(names).map(Path::of).toList());
			}
		});
		tree.addListener(SWT.Dispose, event -> drop.dispose());
		updateActions();
	}

	private void createPending(Composite parent) {
		Section section = toolkit.createSection(parent, ExpandableComposite.TITLE_BAR | ExpandableComposite.EXPANDED);
		section.setText("Pending Changes");
		Composite client = toolkit.createComposite(section);
		client.setLayout(new GridLayout(3, false));
		section.setClient(client);
		pendingSummary = toolkit.createLabel(client, "");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(pendingSummary);
		var save = toolkit.createButton(client, "Save", SWT.PUSH);
		save.setImage(Icons.shared(ISharedImages.IMG_ETOOL_SAVE_EDIT));
		save.addListener(SWT.Selection, event -> editor.save());
		var revert = toolkit.createButton(client, "Revert", SWT.PUSH);
		revert.setImage(Icons.shared(ISharedImages.IMG_TOOL_UNDO));
		revert.addListener(SWT.Selection, event -> editor.revert());
		pendingViewer = new TableViewer(client, SWT.BORDER | SWT.FULL_SELECTION);
		GridDataFactory.fillDefaults().grab(true, true).span(3, 1).hint(400, 60).applyTo(pendingViewer.getTable());
		pendingViewer.setContentProvider(ArrayContentProvider.getInstance());
		pendingViewer.setLabelProvider(new LabelProvider() {
			@Override
			public String getText(Object element) {
				return ((PendingChange) element).describe();
			}

			@Override
			public Image getImage(Object element) {
				return switch (((PendingChange) element).kind()) {
				case ADD -> Icons.image(Icons.ADD_FILE);
				case REMOVE -> Icons.shared(ISharedImages.IMG_TOOL_DELETE);
				case RENAME -> Icons.image(Icons.RENAME);
				case PROPERTIES -> Icons.image(Icons.VOLUME);
				};
			}
		});
		save.setData("save");
		revert.setData("revert");
		pendingViewer.setData("buttons", new Object[] { save, revert });
	}

	// ---- updates from the editor ----

	/** The image indexes in the combo; the current one selected. */
	void refreshVolumes() {
		if (indexCombo == null || indexCombo.isDisposed()) {
			return;
		}
		ImageInfo info = editor.info();
		indexCombo.removeAll();
		if (info == null) {
			indexCombo.add(editor.openFailure() == null ? "opening\u2026" : "cannot be opened");
			indexCombo.select(0);
			if (editor.openFailure() != null) {
				form.setMessage(editor.openFailure(), org.eclipse.jface.dialogs.IMessageProvider.ERROR);
			}
			return;
		}
		for (VolumeInfo volume : info.volumes()) {
			indexCombo.add(volume.index() + "  " + (volume.name().isBlank() ? "(no name)" : volume.name())
					+ (volume.index() == info.bootIndex() ? "  [boot]" : ""));
		}
		indexCombo.select(editor.index() - 1);
		form.setMessage(editor.readOnly() ? "Read-only: the file cannot be changed." : null,
				org.eclipse.jface.dialogs.IMessageProvider.INFORMATION);
	}

	void showLoading(int index) {
		if (viewer == null || viewer.getTree().isDisposed()) {
			return;
		}
		form.setText("Files of image " + index + " (reading\u2026)");
		root = null;
		viewer.setInput(null);
		updateActions();
	}

	void showTree(int index, EntryNode newRoot) {
		if (viewer == null || viewer.getTree().isDisposed()) {
			return;
		}
		List<String> expanded = new ArrayList<>();
		List<String> selectedPaths = new ArrayList<>();
		if (root != null && shownIndex == index) {
			for (Object element : viewer.getExpandedElements()) {
				expanded.add(((EntryNode) element).path());
			}
			for (EntryNode node : selected()) {
				selectedPaths.add(node.path());
			}
		}
		shownIndex = index;
		root = newRoot;
		form.setText("Files of image " + index + entriesNote(index));
		filterMatches = null;
		viewer.setInput(newRoot);
		for (String path : expanded) {
			EntryNode node = find(path);
			if (node != null) {
				viewer.setExpandedState(node, true);
			}
		}
		List<EntryNode> reselect = new ArrayList<>();
		for (String path : selectedPaths) {
			EntryNode node = find(path);
			if (node != null) {
				reselect.add(node);
			}
		}
		if (!reselect.isEmpty()) {
			viewer.setSelection(new StructuredSelection(reselect));
		}
		if (!filterText.getText().isEmpty()) {
			applyFilter();
		}
		updateActions();
	}

	/** @return " (N entries)" from the image's facts, or "" when they do not say */
	private String entriesNote(int which) {
		ImageInfo info = editor.info();
		if (info == null) {
			return "";
		}
		for (VolumeInfo volume : info.volumes()) {
			long entries = volume.fileCount() + volume.directoryCount();
			if (volume.index() == which && entries > 0) {
				return " (" + Texts.count(entries) + " entries)";
			}
		}
		return "";
	}

	/** @return whether the shown tree is complete (every folder read) */
	public boolean complete() {
		EntryNode current = root;
		return current != null && !current.hasPartial();
	}

	/** A folder's children changed (staging): show them again. */
	void changed(EntryNode folder) {
		if (viewer == null || viewer.getTree().isDisposed() || root == null) {
			return;
		}
		if (filterMatches != null) {
			applyFilter();
		}
		if (folder == root) {
			viewer.refresh();
		} else {
			viewer.refresh(folder);
		}
		updateActions();
	}

	void refreshPending() {
		if (pendingViewer == null || pendingViewer.getTable().isDisposed()) {
			return;
		}
		List<PendingChange> pending = editor.pending();
		pendingViewer.setInput(pending.toArray());
		pendingSummary.setText(pending.isEmpty() ? "No pending changes."
				: pending.size() + " change(s) staged: Save (Ctrl+S) writes them, Revert drops them.");
		for (Object button : (Object[]) pendingViewer.getData("buttons")) {
			((org.eclipse.swt.widgets.Button) button).setEnabled(!pending.isEmpty());
		}
		saveAction.setEnabled(!pending.isEmpty());
		revertAction.setEnabled(!pending.isEmpty());
		pendingSummary.getParent().layout(true);
	}

	/**
	 * @param text what the user typed: a pattern with {@code *} (any run of characters) and {@code ?} (one character)
	 *             matched against the whole name, else a part of the name; case-insensitive either way
	 * @return the test of a name, or null when {@code text} is blank (no filter)
	 */
	static @Nullable Predicate<String> nameFilter(String text) {
		String wanted = text.strip();
		if (wanted.isEmpty()) {
			return null;
		}
		if (wanted.indexOf('*') >= 0 || wanted.indexOf('?') >= 0) {
			StringBuilder regex = new StringBuilder();
			StringBuilder literal = new StringBuilder();
			for (char c : wanted.toCharArray()) {
				if (c == '*' || c == '?') {
					if (!literal.isEmpty()) {
						regex.append(Pattern.quote(literal.toString()));
						literal.setLength(0);
					}
					regex.append(c == '*' ? ".*" : ".");
				} else {
					literal.append(c);
				}
			}
			if (!literal.isEmpty()) {
				regex.append(Pattern.quote(literal.toString()));
			}
			Pattern pattern = Pattern.compile(regex.toString(),
					Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
			return name -> pattern.matcher(name).matches();
		}
		String lower = wanted.toLowerCase(Locale.ROOT);
		return name -> name.toLowerCase(Locale.ROOT).contains(lower);
	}

	/**
	 * Filters the tree by the filter box: reads the folders not read yet first (a large image), then matches the names
	 * in a background job over a snapshot of the tree; the UI thread only shows the result. A newer filter text wins.
	 */
	private void applyFilter() {
		if (filterText == null || filterText.isDisposed() || root == null) {
			return;
		}
		filterRequested = false;
		int generation = ++filterGeneration;
		String text = filterText.getText();
		Predicate<String> test = nameFilter(text);
		if (test == null) {
			filterApplied = generation;
			filterStatus(null);
			if (filterMatches != null) {
				filterMatches = null;
				reshow();
			}
			return;
		}
		EntryNode current = root;
		if (current.hasPartial()) {
			filterStatus("Filter: reading all folders of the image\u2026");
			editor.loadAll(shownIndex, () -> {
				if (generation == filterGeneration && root == current) {
					applyFilter();
				}
			});
			return;
		}
		filterStatus("Filter: searching\u2026");
		List<EntryNode> all = new ArrayList<>();
		current.collect(all);
		EntryNode[] nodes = all.toArray(EntryNode[]::new);
		String[] names = all.stream().map(node -> node.name).toArray(String[]::new);
		Job match = Job.create("Filtering the files of image " + shownIndex, monitor -> {
			Set<EntryNode> matches = new HashSet<>();
			int found = 0;
			for (int i = 1; i < nodes.length; i++) { // 0 is the root
				if (generation != filterGeneration) {
					return org.eclipse.core.runtime.Status.CANCEL_STATUS;
				}
				if (test.test(names[i])) {
					found++;
					for (EntryNode up = nodes[i]; up != null && matches.add(up); up = up.parent) {
						// the node and its folders
					}
				}
			}
			int count = found;
			viewer.getControl().getDisplay().asyncExec(() -> {
				if (generation != filterGeneration || root != current || viewer.getControl().isDisposed()) {
					return;
				}
				filterMatches = matches;
				filterApplied = generation;
				filterStatus(count == 0 ? "Filter: no name matches \u2018" + text.strip() + "\u2019."
						: "Filter: " + Texts.count(count) + " matching " + (count == 1 ? "entry" : "entries") + ".");
				reshow();
				if (matches.size() < 2000) {
					viewer.expandAll();
				}
			});
			return org.eclipse.core.runtime.Status.OK_STATUS;
		});
		match.setSystem(true);
		match.schedule();
	}

	private void filterStatus(@Nullable String message) {
		if (form == null || form.isDisposed()) {
			return;
		}
		if (message == null) {
			form.setMessage(editor.readOnly() ? "Read-only: the file cannot be changed." : null,
					org.eclipse.jface.dialogs.IMessageProvider.INFORMATION);
		} else {
			form.setMessage(message, org.eclipse.jface.dialogs.IMessageProvider.INFORMATION);
		}
	}

	/** @return whether a filter is being computed or applied (tests wait for it) */
	public boolean filterPending() {
		return filterRequested || filterApplied != filterGeneration;
	}

	/** @return the filter box (tests type into it) */
	public Text filterText() {
		return filterText;
	}

	/** Shows the tree again from its root (a virtual tree re-reads its item counts), keeping expanded folders. */
	private void reshow() {
		Object[] expanded = viewer.getExpandedElements();
		viewer.getTree().setRedraw(false);
		try {
			viewer.setInput(root);
			viewer.setExpandedElements(expanded);
		} finally {
			viewer.getTree().setRedraw(true);
		}
	}

	// ---- actions ----

	private @Nullable EntryNode first() {
		Object first = viewer == null ? null : viewer.getStructuredSelection().getFirstElement();
		return first instanceof EntryNode node && !node.placeholder ? node : null;
	}

	private List<EntryNode> selected() {
		List<EntryNode> nodes = new ArrayList<>();
		if (viewer != null) {
			for (Object element : viewer.getStructuredSelection().toList()) {
				if (element instanceof EntryNode node && !node.placeholder) {
					nodes.add(node);
				}
			}
		}
		return nodes;
	}

	private void updateActions() {
		List<EntryNode> nodes = selected();
		boolean loaded = root != null;
		boolean writable = loaded && !editor.readOnly();
		boolean anyRemoved = nodes.stream().anyMatch(EntryNode::removed);
		boolean anyAdded = nodes.stream().anyMatch(node -> node.state == EntryNode.State.ADDED);
		extractAction.setEnabled(loaded && !nodes.isEmpty() && !anyRemoved && !anyAdded);
		addFileAction.setEnabled(writable);
		addFolderAction.setEnabled(writable);
		deleteAction.setEnabled(writable && !nodes.isEmpty() && !anyRemoved);
		renameAction.setEnabled(writable && nodes.size() == 1 && !anyRemoved);
		EntryNode node = first();
		openAction.setEnabled(loaded && nodes.size() == 1 && node != null && !node.directory && !anyRemoved
				&& node.state != EntryNode.State.ADDED);
		copyPathAction.setEnabled(!nodes.isEmpty());
		ImageEditor.Opening opening = nodes.size() == 1 && node != null ? editor.opener(node) : null;
		openInEditorAction.setEnabled(opening != null);
		openInEditorAction.setToolTipText(opening == null ? null : opening.label());
	}

	/** Opens the selected entry through the first {@link org.deployforge.ui.images.EntryOpener} that takes it. */
	private boolean openInEditor() {
		EntryNode node = first();
		ImageEditor.Opening opening = node == null ? null : editor.opener(node);
		if (opening != null) {
			opening.open().run();
		}
		return opening != null;
	}

	private void extract() {
		List<EntryNode> nodes = selected();
		if (nodes.isEmpty()) {
			return;
		}
		DirectoryDialog dialog = new DirectoryDialog(getSite().getShell());
		dialog.setText("Extract");
		dialog.setMessage("Extract " + (nodes.size() == 1 ? nodes.get(0).name : nodes.size() + " items")
				+ " into the folder:");
		String target = dialog.open();
		if (target != null) {
			editor.extract(nodes, Path.of(target));
		}
	}

	private void add(boolean folder) {
		EntryNode target = first();
		if (target == null) {
			target = root;
		}
		if (target == null) {
			return;
		}
		List<Path> sources = new ArrayList<>();
		if (folder) {
			DirectoryDialog dialog = new DirectoryDialog(getSite().getShell());
			dialog.setText("Add Folder");
			String chosen = dialog.open();
			if (chosen != null) {
				sources.add(Path.of(chosen));
			}
		} else {
			FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN | SWT.MULTI);
			dialog.setText("Add Files");
			if (dialog.open() != null) {
				for (String name : dialog.getFileNames()) {
					sources.add(Path.of(dialog.getFilterPath(), name));
				}
			}
		}
		if (!sources.isEmpty()) {
			editor.stageAdd(target, sources);
		}
	}

	private void delete() {
		List<EntryNode> nodes = selected();
		nodes.removeIf(node -> node == root);
		if (!nodes.isEmpty()) {
			editor.stageRemove(nodes);
		}
	}

	private void rename() {
		EntryNode node = first();
		if (node == null || node == root) {
			return;
		}
		InputDialog dialog = new InputDialog(getSite().getShell(), "Rename", "New name of " + node.path() + ":",
				node.name, text -> validateName(node, text));
		if (dialog.open() == Window.OK && !dialog.getValue().equals(node.name)) {
			editor.stageRename(node, dialog.getValue().trim());
		}
	}

	/** @return why {@code text} cannot be the new name of {@code node}, or null when it can */
	static @Nullable String validateName(EntryNode node, String text) {
		String name = text.trim();
		if (name.isEmpty()) {
			return "The name must not be empty.";
		}
		if (name.matches(".*[\\\\/:*?\"<>|].*") || name.equals(".") || name.equals("..")) {
			return "Windows names cannot hold \\ / : * ? \" < > | or be . or ..";
		}
		EntryNode parent = node.parent;
		EntryNode existing = parent == null ? null : parent.child(name);
		if (existing != null && existing != node) {
			return "An entry named " + name + " exists in this folder already.";
		}
		return null;
	}

	private void openReadOnly() {
		EntryNode node = first();
		if (node == null || node.directory || node.removed() || node.state == EntryNode.State.ADDED) {
			return;
		}
		String extension = node.name.contains(".")
				? node.name.substring(node.name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
				: "";
		boolean text = TEXT_EXTENSIONS.contains(extension);
		editor.read(node, text ? VIEW_LIMIT : 64 * 1024,
				bytes -> TextViewerDialog.show(getSite().getShell(), node, bytes, text, VIEW_LIMIT));
	}

	private void copyPath() {
		List<EntryNode> nodes = selected();
		if (nodes.isEmpty()) {
			return;
		}
		String text = String.join(System.lineSeparator(),
				nodes.stream().map(node -> node.path().replace('/', '\\')).toList());
		Clipboard clipboard = new Clipboard(viewer.getControl().getDisplay());
		try {
			clipboard.setContents(new Object[] { text }, new Transfer[] { TextTransfer.getInstance() });
		} finally {
			clipboard.dispose();
		}
	}

	// ---- for tests and the action bar contributor ----

	/** @return the tree viewer of the Files page */
	public TreeViewer viewer() {
		return viewer;
	}

	/** @return the index whose tree is shown, 0 while none is */
	public int shownIndex() {
		return root == null ? 0 : shownIndex;
	}

	/** Selects the entry at {@code path} (revealing it); returns the node, or null when absent. */
	public @Nullable EntryNode select(String path) {
		EntryNode node = find(path);
		if (node != null) {
			viewer.reveal(node);
			viewer.setSelection(new StructuredSelection(node), true);
		}
		return node;
	}

	/** @return the node at an in-image path as shown (after staged renames), or null */
	public @Nullable EntryNode find(String path) {
		EntryNode node = root;
		for (String part : path.split("/")) {
			if (part.isEmpty() || node == null) {
				continue;
			}
			node = node.child(part);
		}
		return node;
	}

	/** @return the pending changes list as shown */
	public List<String> pendingRows() {
		List<String> rows = new ArrayList<>();
		for (var item : pendingViewer.getTable().getItems()) {
			rows.add(item.getText());
		}
		return rows;
	}

	IStructuredSelection selection() {
		return viewer.getStructuredSelection();
	}

	private static final Color ADDED_ON_LIGHT = new Color(0, 128, 0);
	private static final Color ADDED_ON_DARK = new Color(120, 200, 120);
	private static final Color REMOVED_ON_LIGHT = new Color(190, 0, 0);
	private static final Color REMOVED_ON_DARK = new Color(255, 120, 120);
	private static final Color RENAMED_ON_LIGHT = new Color(0, 70, 200);
	private static final Color RENAMED_ON_DARK = new Color(130, 170, 255);

	/** Colours and fonts of staged changes; the name column tells what happened. */
	private final class EntryLabels extends LabelProvider
			implements ITableLabelProvider, ITableColorProvider, ITableFontProvider {

		@Override
		public @Nullable Image getColumnImage(Object element, int column) {
			if (column != 0) {
				return null;
			}
			EntryNode node = (EntryNode) element;
			if (node.placeholder) {
				return null;
			}
			if (node.state == EntryNode.State.ADDED) {
				return Icons.image(node.directory ? Icons.ADD_FOLDER : Icons.ADD_FILE);
			}
			if (node.state == EntryNode.State.REMOVED) {
				return Icons.shared(ISharedImages.IMG_TOOL_DELETE);
			}
			return node.directory ? Icons.folder() : Icons.file();
		}

		@Override
		public String getColumnText(Object element, int column) {
			EntryNode node = (EntryNode) element;
			if (node.placeholder) {
				return column == 0 ? node.name : "";
			}
			return switch (column) {
			case 0 -> node.name + switch (node.state) {
			case ADDED -> "  (new)";
			case REMOVED -> "  (deleted)";
			case RENAMED -> "  (was " + nameOf(node.originalPath) + ")";
			case CHANGED -> "  (changed)";
			case ORIGINAL -> "";
			};
			case 1 -> node.directory ? "" : Texts.bytes(node.size);
			case 2 -> Texts.time(node.modified);
			case 3 -> node.attributes;
			default -> "";
			};
		}

		private static String nameOf(@Nullable String path) {
			return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
		}

		@Override
		public @Nullable Color getForeground(Object element, int column) {
			EntryNode node = (EntryNode) element;
			// readable on the light and the dark theme alike (contrast at least 4.5:1 against the tree's background)
			boolean dark = dark(viewer.getControl().getBackground());
			return switch (node.state) {
			case ADDED, CHANGED -> dark ? ADDED_ON_DARK : ADDED_ON_LIGHT;
			case REMOVED -> dark ? REMOVED_ON_DARK : REMOVED_ON_LIGHT;
			case RENAMED -> dark ? RENAMED_ON_DARK : RENAMED_ON_LIGHT;
			case ORIGINAL -> node.removed() ? dark ? REMOVED_ON_DARK : REMOVED_ON_LIGHT : null;
			};
		}

		private static boolean dark(Color background) {
			return 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue() < 128;
		}

		@Override
		public @Nullable Color getBackground(Object element, int column) {
			return null;
		}

		@Override
		public @Nullable Font getFont(Object element, int column) {
			EntryNode node = (EntryNode) element;
			return switch (node.state) {
			case ADDED -> JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT);
			case REMOVED -> JFaceResources.getFontRegistry().getItalic(JFaceResources.DEFAULT_FONT);
			default -> null;
			};
		}
	}
}
