package org.deployforge.ui.images.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.deployforge.core.CommitResult;
import org.deployforge.core.Image;

import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.ImageTree;
import org.deployforge.core.OpenOptions;
import org.deployforge.core.PendingChange;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.ExportCapability;
import org.deployforge.core.capability.ImageCapability;
import org.deployforge.core.capability.ImagePropertiesCapability;
import org.deployforge.core.capability.InstallEditionsCapability;
import org.deployforge.core.capability.OptimizeCapability;
import org.deployforge.core.capability.SplitCapability;
import org.deployforge.core.capability.VerifyCapability;
import org.deployforge.ui.images.EntryOpener;
import org.deployforge.ui.images.ErrorReports;
import org.deployforge.ui.images.ImagesUi;
import org.deployforge.ui.images.OpenableEntry;
import org.deployforge.workspace.ImageFiles;
import org.deployforge.workspace.ImageSessions;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.MultiRule;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPropertyListener;
import org.eclipse.ui.ISaveablePart2;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.forms.editor.FormEditor;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.FileEditorInput;

/**
 * The image editor: one per image file, an Overview page (facts, images, capability actions) and a Files page (the
 * tree of one image index, staged changes). The session is opened, read, changed and committed only in
 * {@link ImageJob}s with the file's scheduling rule; the UI thread only shows results. Format-agnostic: it uses the
 * {@link Image} API and asks for capabilities, so every handler plugs in.
 */
public final class ImageEditor extends FormEditor implements ImageSessions.SessionListener, ISaveablePart2 {

	private IFile file;
	private ImageSessions sessions;
	private volatile @Nullable Image image;
	private @Nullable ImageInfo info;
	private @Nullable String openFailure;
	private final Set<Class<?>> capabilities = ConcurrentHashMap.newKeySet();
	private boolean readOnly;
	private OverviewPage overview;
	private FilesPage files;
	private volatile int index = 1;
	private final Map<Integer, EntryNode> roots = new HashMap<>();
	private List<PendingChange> pending = List.of();
	private volatile String diskStamp = "";
	private boolean askingReload;
	private volatile boolean reloading;
	private volatile boolean disposed;
	/** Editors of entries of this image (nested image editors, other openers' editors) and their work folders. */
	private final Map<IEditorPart, Path> children = new LinkedHashMap<>();
	/** Work folders of closed child editors whose copies are still staged here. */
	private final List<Path> orphanFolders = new ArrayList<>();
	private @Nullable Path workArea;
	private int extractions;
	private final IPropertyListener childDirty = (source, property) -> {
		if (property == IEditorPart.PROP_DIRTY) {
			firePropertyChange(IEditorPart.PROP_DIRTY);
		}
	};

	private final IPartListener2 activation = new IPartListener2() {
		@Override
		public void partActivated(IWorkbenchPartReference reference) {
			if (reference.getPart(false) == ImageEditor.this) {
				checkDisk();
			}
		}

		@Override
		public void partClosed(IWorkbenchPartReference reference) {
			if (reference.getPart(false) instanceof IEditorPart part) {
				childClosed(part);
			}
		}
	};

	/** Opens (or activates) the editor of {@code file} and shows image index {@code index} in the Files page. */
	public static @Nullable ImageEditor open(IWorkbenchPage page, IFile file, int index) {
		try {
			if (IDE.openEditor(page, new FileEditorInput(file), ImagesUi.EDITOR_ID) instanceof ImageEditor editor) {
				editor.showIndex(index);
				return editor;
			}
		} catch (PartInitException e) {
			ErrorReports.show("Cannot open image", "Opening " + file.getName() + " failed.", e);
		}
		return null;
	}

	@Override
	public void init(IEditorSite site, IEditorInput input) throws PartInitException {
		if (!(input instanceof IFileEditorInput fileInput)) {
			throw new PartInitException("The image editor opens image files of the workspace");
		}
		super.init(site, input);
		file = fileInput.getFile();
		sessions = UiServices.sessions();
		setPartName(input.getName());
		setTitleToolTip(input instanceof NestedImageInput nested ? nested.getToolTipText()
				: file.getFullPath().toString());
		ImageFiles.format(file).ifPresent(format -> setTitleImage(Icons.format(format)));
		sessions.addListener(this);
		site.getPage().addPartListener(activation);
	}

	@Override
	protected void addPages() {
		try {
			overview = new OverviewPage(this);
			addPage(overview);
			files = new FilesPage(this);
			addPage(files);
		} catch (PartInitException e) {
			ErrorReports.show("Cannot open image", "The image editor could not create its pages.", e);
		}
		openSession();
	}

	/** @return the name shown in messages: the file's, or the entry's for a work copy of a nested image */
	String displayName() {
		return getEditorInput() instanceof NestedImageInput nested ? nested.entry().name() : file.getName();
	}

	IFile file() {
		return file;
	}

	ImageSessions sessions() {
		return sessions;
	}

	/** @return the facts of the open image, or null while it opens or when it cannot be opened */
	public @Nullable ImageInfo info() {
		return info;
	}

	/** @return why the image could not be opened, or null */
	public @Nullable String openFailure() {
		return openFailure;
	}

	boolean readOnly() {
		return readOnly;
	}

	int index() {
		return index;
	}

	List<PendingChange> pending() {
		return pending;
	}

	/** @return whether the open image offers {@code type} (known once the image is open) */
	boolean offers(Class<? extends ImageCapability> type) {
		return capabilities.contains(type);
	}

	/** @return the Files page (tests drive it) */
	public FilesPage filesPage() {
		return files;
	}

	/** @return the Overview page (tests read it) */
	public OverviewPage overviewPage() {
		return overview;
	}

	Image session() throws ImageException {
		Image current = image;
		if (current == null) {
			throw new ImageException(file.getLocation() == null ? null : file.getLocation().toPath(),
					"the image is not open");
		}
		return current;
	}

	private Path location() {
		IPath location = file.getLocation();
		return location == null ? Path.of(displayName()) : location.toPath();
	}

	private String stamp() {
		try {
			Path path = location();
			return Files.getLastModifiedTime(path).toMillis() + "/" + Files.size(path);
		} catch (IOException e) {
			return "missing";
		}
	}

	private void ui(Runnable runnable) {
		Display display = getSite().getShell().getDisplay();
		display.asyncExec(() -> {
			if (!disposed) {
				runnable.run();
			}
		});
	}

	/** @return a job on this image; failures are reported with {@code title} and {@code context} */
	private ImageJob job(String name, String title, String context, ImageJob.Work work) {
		return ImageJob.schedule(name, file, sessions, this, title, context, work);
	}

	// ---- opening, reading ----

	private void openSession() {
		openFailure = null;
		job("Opening " + displayName(), "Cannot open image", "Opening " + displayName() + " failed.", monitor -> {
			monitor.beginTask("Opening " + displayName(), IProgressMonitor.UNKNOWN);
			Image opened;
			boolean writable = !file.isReadOnly() && Files.isWritable(location());
			try {
				opened = sessions.open(file, writable ? OpenOptions.DEFAULT : OpenOptions.READ_ONLY);
				var editions = opened.capability(InstallEditionsCapability.class);
				if (editions.isPresent()) {
					// install media: the editions of install.wim, with progress where it takes a pass over it
					editions.get().installEditions(monitor);
				}
				ImageInfo facts = opened.info();
				capabilities.clear();
				for (Class<? extends ImageCapability> type : List.of(ExportCapability.class, SplitCapability.class,
						VerifyCapability.class, OptimizeCapability.class, ImagePropertiesCapability.class)) {
					if (opened.capability(type).isPresent()) {
						capabilities.add(type);
					}
				}
				boolean sessionReadOnly = opened.isReadOnly();
				diskStamp = stamp();
				List<PendingChange> changes = List.copyOf(opened.pendingChanges());
				int start = facts.bootIndex() > 0 ? facts.bootIndex() : 1;
				// the tree the Files page will show, read now in this job: it is ready when the UI thread has built
				// the pages, instead of a second job after them (a large image shows its top folder at once)
				int requested = index;
				int first = requested >= 1 && requested <= facts.imageCount() ? requested
						: Math.min(Math.max(1, start), Math.max(1, facts.imageCount()));
				EntryNode firstRoot = null;
				try {
					firstRoot = facts.imageCount() == 0 ? null : readTree(opened.tree(first), facts, first);
				} catch (ImageException | RuntimeException e) {
					// the Files page reads it again in its own job and reports why it cannot
				}
				EntryNode readRoot = firstRoot;
				ui(() -> {
					image = opened;
					info = facts;
					readOnly = sessionReadOnly;
					if (index < 1 || index > facts.imageCount()) {
						index = Math.min(Math.max(1, start), Math.max(1, facts.imageCount()));
					}
					roots.clear();
					if (readRoot != null) {
						roots.put(first, readRoot);
					}
					showPending(changes);
					files.refreshVolumes();
					loadTree(index);
					overview.refresh();
				});
			} catch (ImageException | RuntimeException e) {
				String message = ErrorReports.message(e);
				ui(() -> {
					openFailure = message;
					overview.refresh();
					files.refreshVolumes();
				});
				throw e;
			}
		});
	}

	/** Shows image index {@code newIndex} in the Files page (reads its tree in a job the first time). */
	public void showIndex(int newIndex) {
		index = newIndex;
		if (files != null) {
			setActivePage(1);
			files.refreshVolumes();
			if (image != null) {
				loadTree(newIndex);
			}
		}
	}

	/**
	 * An image index with at most this many entries (files and folders, as {@link VolumeInfo} counts them) is read in
	 * one walk; a larger one folder by folder, on expansion ({@code ImageTree.list} of one folder: for a WIM,
	 * {@code wimlib_iterate_dir_tree} with {@code WIMLIB_ITERATE_DIR_TREE_FLAG_CHILDREN}).
	 */
	static final long WHOLE_TREE_LIMIT = 5000;

	/** Reads the tree of image index {@code which} unless known; the Files page shows it when read. */
	void loadTree(int which) {
		EntryNode known = roots.get(which);
		if (known != null) {
			files.showTree(which, known);
			return;
		}
		files.showLoading(which);
		ImageInfo facts = info;
		job("Reading image " + which + " of " + displayName(), "Cannot read image",
				"Reading image " + which + " of " + displayName() + " failed.", monitor -> {
					monitor.beginTask("Reading the files of image " + which, IProgressMonitor.UNKNOWN);
					EntryNode root = readTree(session().tree(which), facts, which);
					ui(() -> {
						if (!roots.containsKey(which)) {
							roots.put(which, root);
						}
						if (which == index) {
							files.showTree(which, roots.get(which));
						}
					});
				});
	}

	/**
	 * Reads the tree of one image index (in a job): all of it in one walk when it is small, else only the top folder
	 * (one metadata read); its folders are read when expanded.
	 */
	private static EntryNode readTree(ImageTree tree, @Nullable ImageInfo facts, int which) throws ImageException {
		VolumeInfo volume = facts == null ? null
				: facts.volumes().stream().filter(v -> v.index() == which).findFirst().orElse(null);
		long entries = volume == null ? 0 : volume.fileCount() + volume.directoryCount();
		EntryNode root = new EntryNode(null, "", true, 0, null, "d-----");
		if (entries > 0 && entries <= WHOLE_TREE_LIMIT) {
			Map<String, EntryNode> folders = new HashMap<>();
			folders.put("/", root);
			tree.walk("/", entry -> {
				addWalked(entry, folders, null);
				return true;
			});
		} else {
			for (var entry : tree.list("/")) {
				EntryNode node = EntryNode.of(root, entry);
				node.partial = entry.directory();
				root.children.add(node);
			}
		}
		root.sort();
		return root;
	}

	/**
	 * Adds a walked entry below its folder in {@code folders} (by in-image path); entries whose folder is not there
	 * (already shown) are skipped. Children of the nodes in {@code live} (folders the Files page shows) are collected
	 * in {@code found} instead, to be attached on the UI thread.
	 */
	private static void addWalked(ImageEntry entry, Map<String, EntryNode> folders,
			@Nullable Map<EntryNode, List<EntryNode>> found) {
		String path = entry.path();
		if (path.equals("/")) {
			return;
		}
		int slash = path.lastIndexOf('/');
		String parentPath = slash <= 0 ? "/" : path.substring(0, slash);
		EntryNode parent = folders.get(parentPath);
		if (parent == null) {
			return;
		}
		EntryNode node = EntryNode.of(parent, entry);
		if (found != null && parent.partial) {
			found.computeIfAbsent(parent, key -> new ArrayList<>()).add(node);
		} else {
			parent.children.add(node);
		}
		if (entry.directory()) {
			folders.put(path, node);
		}
	}

	/** Attaches read children to a partial folder (keeping staged entries of the same name) on the UI thread. */
	private static void graft(EntryNode folder, List<EntryNode> children) {
		if (!folder.partial) {
			return;
		}
		if (folder.children.isEmpty()) {
			folder.children.addAll(children);
		} else {
			Set<String> staged = new java.util.HashSet<>();
			for (EntryNode child : folder.children) {
				staged.add(child.name.toLowerCase(java.util.Locale.ROOT));
			}
			for (EntryNode child : children) {
				if (!staged.contains(child.name.toLowerCase(java.util.Locale.ROOT))) {
					folder.children.add(child);
				}
			}
		}
		folder.children.sort(EntryNode.ORDER);
		folder.partial = false;
	}

	/** Reads the children of a folder not read yet (a large image's tree), in a job; the Files page shows them. */
	void loadChildren(EntryNode folder) {
		if (!folder.partial || folder.loading) {
			return;
		}
		folder.loading = true;
		int which = index;
		String path = folder.diskPath();
		ImageJob.scheduleQuiet("Reading " + path + " in " + file.getName(), file, sessions, this, "Cannot read folder",
				"Reading " + path + " of image " + which + " in " + file.getName() + " failed.", monitor -> {
					List<EntryNode> children = new ArrayList<>();
					try {
						for (var entry : session().tree(which).list(path)) {
							EntryNode node = EntryNode.of(folder, entry);
							node.partial = entry.directory();
							children.add(node);
						}
					} finally {
						ui(() -> {
							folder.loading = false;
							graft(folder, children);
							files.changed(folder);
						});
					}
				});
	}

	/**
	 * Reads every folder of image index {@code which} not read yet (one walk, off the UI thread), then runs
	 * {@code then} on the UI thread. The filter needs the whole tree; tests use it to compare with wimlib.
	 *
	 * @return the job, or null when the tree is complete already ({@code then} has run) or not read at all
	 */
	public @Nullable Job loadAll(int which, @Nullable Runnable then) {
		EntryNode root = roots.get(which);
		if (root == null) {
			return null;
		}
		Map<String, EntryNode> partial = new HashMap<>();
		root.collectPartial(partial);
		if (partial.isEmpty()) {
			if (then != null) {
				then.run();
			}
			return null;
		}
		partial.values().forEach(node -> node.loading = true);
		return job("Reading all folders of image " + which + " of " + file.getName(), "Cannot read image",
				"Reading image " + which + " of " + file.getName() + " failed.", monitor -> {
					monitor.beginTask("Reading all folders of image " + which, IProgressMonitor.UNKNOWN);
					Map<EntryNode, List<EntryNode>> found = new HashMap<>();
					Map<String, EntryNode> folders = new HashMap<>(partial);
					long[] count = { 0 };
					boolean[] ok = { false };
					try {
						session().tree(which).walk("/", entry -> {
							addWalked(entry, folders, found);
							if (++count[0] % 5000 == 0) {
								monitor.subTask(Texts.count(count[0]) + " entries");
								if (monitor.isCanceled()) {
									throw new OperationCanceledException();
								}
							}
							return true;
						});
						for (List<EntryNode> children : found.values()) {
							children.sort(EntryNode.ORDER);
							children.forEach(EntryNode::sort);
						}
						ok[0] = true;
					} finally {
						ui(() -> {
							for (EntryNode folder : partial.values()) {
								folder.loading = false;
								if (ok[0]) {
									graft(folder, found.getOrDefault(folder, List.of()));
								}
							}
							files.changed(root);
							if (ok[0] && then != null) {
								then.run();
							}
						});
					}
				});
	}

	// ---- staging ----

	void afterStaging(Image session) {
		List<PendingChange> changes = List.copyOf(session.pendingChanges());
		ui(() -> showPending(changes));
	}

	private void showPending(List<PendingChange> changes) {
		pending = changes;
		firePropertyChange(IEditorPart.PROP_DIRTY);
		if (files != null) {
			files.refreshPending();
		}
		if (overview != null) {
			overview.refreshPending();
		}
	}

	/** Stages adding host files or folders into folder {@code target} of the current image index. */
	public Job stageAdd(EntryNode target, List<Path> sources) {
		int which = index;
		EntryNode folder = target.directory ? target : target.parent;
		String folderPath = folder.path();
		return job("Adding " + sources.size() + " item(s) to " + displayName(), "Cannot add",
				"Adding to " + folderPath + " in " + displayName() + " failed.", monitor -> {
					Image session = session();
					ImageTree tree = session.tree(which);
					List<EntryNode> added = new ArrayList<>();
					try {
						for (Path source : sources) {
							String name = source.getFileName().toString();
							tree.add(source, folderPath.equals("/") ? "/" + name : folderPath + "/" + name);
							added.add(hostNode(folder, source));
						}
					} finally {
						afterStaging(session);
						ui(() -> {
							for (EntryNode node : added) {
								EntryNode existing = folder.child(node.name);
								if (existing != null) {
									folder.children.remove(existing);
								}
								folder.children.add(node);
							}
							folder.children.sort(EntryNode.ORDER);
							files.changed(folder);
						});
					}
				});
	}

	/** @return a node for a host file or folder (and its contents), marked added */
	private static EntryNode hostNode(EntryNode parent, Path source) throws IOException {
		boolean directory = Files.isDirectory(source);
		EntryNode node = new EntryNode(parent, source.getFileName().toString(), directory,
				directory ? 0 : Files.size(source), Files.getLastModifiedTime(source).toInstant(),
				directory ? "d-----" : "------");
		node.state = EntryNode.State.ADDED;
		if (directory) {
			try (var children = Files.list(source)) {
				for (Path child : children.toList()) {
					node.children.add(hostNode(node, child));
				}
			}
			node.children.sort(EntryNode.ORDER);
		}
		return node;
	}

	/** Stages removing entries of the current image index. */
	public Job stageRemove(List<EntryNode> nodes) {
		int which = index;
		List<String> paths = nodes.stream().map(EntryNode::path).toList();
		return job("Removing " + paths.size() + " item(s) from " + displayName(), "Cannot delete",
				"Deleting from " + displayName() + " failed.", monitor -> {
					Image session = session();
					ImageTree tree = session.tree(which);
					List<EntryNode> done = new ArrayList<>();
					try {
						for (int i = 0; i < paths.size(); i++) {
							tree.remove(paths.get(i));
							done.add(nodes.get(i));
						}
					} finally {
						afterStaging(session);
						ui(() -> {
							for (EntryNode node : done) {
								if (node.state == EntryNode.State.ADDED && node.parent != null) {
									node.parent.children.remove(node);
								} else {
									node.state = EntryNode.State.REMOVED;
								}
								files.changed(node.parent == null ? node : node.parent);
							}
						});
					}
				});
	}

	/** Stages renaming an entry of the current image index (same folder, new name). */
	public Job stageRename(EntryNode node, String newName) {
		int which = index;
		String from = node.path();
		String parentPath = node.parent == null ? "/" : node.parent.path();
		String to = parentPath.equals("/") ? "/" + newName : parentPath + "/" + newName;
		return job("Renaming " + node.name + " in " + displayName(), "Cannot rename",
				"Renaming " + from + " to " + newName + " in " + displayName() + " failed.", monitor -> {
					Image session = session();
					session.tree(which).rename(from, to);
					afterStaging(session);
					ui(() -> {
						if (node.state == EntryNode.State.ORIGINAL) {
							node.state = EntryNode.State.RENAMED;
							node.originalPath = from;
						}
						node.name = newName;
						if (node.parent != null) {
							node.parent.children.sort(EntryNode.ORDER);
						}
						files.changed(node.parent == null ? node : node.parent);
					});
				});
	}

	// ---- save, revert ----

	@Override
	public boolean isDirty() {
		return !pending.isEmpty() || children.keySet().stream().anyMatch(IEditorPart::isDirty);
	}

	/** Asks before closing while an editor of one of this image's entries has unsaved changes. */
	@Override
	public int promptToSaveOnClose() {
		List<String> dirty = children.keySet().stream().filter(IEditorPart::isDirty).map(IEditorPart::getTitle)
				.toList();
		if (dirty.isEmpty()) {
			return DEFAULT;
		}
		String message = String.join(", ", dirty) + (dirty.size() == 1 ? " has" : " have")
				+ " unsaved changes. Closing " + getPartName() + " closes " + (dirty.size() == 1 ? "it" : "them")
				+ " too and those changes are lost" + (pending.isEmpty() ? "."
						: ", as are the " + pending.size() + " staged change(s) of " + getPartName() + ".");
		MessageDialog dialog = new MessageDialog(getSite().getShell(), "Unsaved Nested Editor", null, message,
				MessageDialog.WARNING, 1, "Close and Discard", "Cancel");
		return dialog.open() == 0 ? NO : CANCEL;
	}

	@Override
	public void doSave(IProgressMonitor monitor) {
		save();
	}

	/** Commits the staged changes in a job (atomic: the handler writes beside and renames over). */
	public Job save() {
		return job("Saving " + displayName(), "Save failed", "Saving " + displayName() + " failed; the file on disk"
				+ " is unchanged and the changes stay staged.", monitor -> {
					Image session = session();
					CommitResult result = session.commit(monitor);
					afterDiskChange(session, "Saved " + result.changes() + " change(s); " + displayName() + " is now "
							+ Texts.bytes(result.bytes()) + ".");
					ui(() -> fireEntryEvent(OpenableEntry.Event.SAVED));
					if (getEditorInput() instanceof NestedImageInput nested && result.changes() > 0) {
						nested.entry().stageReplace(location());
					}
				});
	}

	/** After the image file changed through the session (commit, optimize): new facts, trees and time stamp. */
	private void afterDiskChange(Image session, String message) throws ImageException {
		ImageInfo facts = session.info();
		diskStamp = stamp();
		sessions.forget(file);
		List<PendingChange> changes = List.copyOf(session.pendingChanges());
		refreshWorkspace();
		ui(() -> {
			info = facts;
			roots.clear();
			showPending(changes);
			overview.refresh();
			files.refreshVolumes();
			loadTree(index);
			getEditorSite().getActionBars().getStatusLineManager().setMessage(message);
		});
	}

	private void refreshWorkspace() {
		WorkspaceJob refresh = new WorkspaceJob("Refreshing " + displayName()) {
			@Override
			public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
				file.refreshLocal(IResource.DEPTH_ZERO, monitor);
				return Status.OK_STATUS;
			}

			@Override
			public boolean belongsTo(Object family) {
				return family == ImagesUi.JOB_FAMILY || family == ImageEditor.this;
			}
		};
		refresh.setSystem(true);
		refresh.schedule();
	}

	/** Drops every staged change; the file on disk is not touched. */
	public Job revert() {
		return job("Reverting " + displayName(), "Revert failed", "Reverting " + displayName() + " failed.",
				monitor -> {
					Image session = session();
					session.discard();
					List<PendingChange> changes = List.copyOf(session.pendingChanges());
					ImageInfo facts = session.info();
					ui(() -> {
						fireEntryEvent(OpenableEntry.Event.REVERTED);
						info = facts;
						roots.clear();
						showPending(changes);
						overview.refresh();
						loadTree(index);
					});
				});
	}

	@Override
	public void doSaveAs() {
		// not offered: Export is the way to write another file
	}

	@Override
	public boolean isSaveAsAllowed() {
		return false;
	}

	// ---- capabilities ----

	/** Exports image indexes to a new file (ExportCapability); a cancelled export leaves no output file. */
	public Job export(List<Integer> indexes, Path destination, ExportCapability.ExportOptions options) {
		return job("Exporting " + displayName() + " to " + destination.getFileName(), "Export failed",
				"Exporting " + displayName() + " to " + destination + " failed.", monitor -> {
					ExportCapability export = session().capability(ExportCapability.class)
							.orElseThrow(() -> new ImageException(location(), "this format cannot export images"));
					try {
						export.export(indexes, destination, options, monitor);
					} catch (ImageException | RuntimeException e) {
						if (monitor.isCanceled()) {
							Files.deleteIfExists(destination);
						}
						throw e;
					}
					if (monitor.isCanceled()) {
						Files.deleteIfExists(destination);
						throw new OperationCanceledException();
					}
					ui(() -> getEditorSite().getActionBars().getStatusLineManager()
							.setMessage("Exported to " + destination));
				});
	}

	/** Splits the image into parts of at most {@code maxPartBytes} (SplitCapability). */
	public Job split(Path firstPart, long maxPartBytes) {
		return job("Splitting " + displayName(), "Split failed", "Splitting " + displayName() + " failed.",
				monitor -> {
					SplitCapability split = session().capability(SplitCapability.class)
							.orElseThrow(() -> new ImageException(location(), "this format cannot be split"));
					List<Path> parts = split.split(firstPart, maxPartBytes, monitor);
					ErrorReports.info("Split", displayName() + " was split into " + parts.size() + " part(s):\n\n"
							+ String.join("\n", parts.stream().map(Path::toString).toList()));
				});
	}

	/** Verifies the image (VerifyCapability) and shows the outcome. */
	public Job verify() {
		return job("Verifying " + displayName(), "Verification failed", "Verifying " + displayName() + " failed.",
				monitor -> {
					VerifyCapability verify = session().capability(VerifyCapability.class)
							.orElseThrow(() -> new ImageException(location(), "this format cannot be verified"));
					VerifyCapability.VerifyResult result = verify.verify(monitor);
					String checks = String.join("\n", result.checks());
					if (result.ok()) {
						ErrorReports.info("Verify", displayName() + " is intact.\n\nChecked:\n" + checks);
					} else {
						ErrorReports.show("Verification failed", displayName() + " is damaged.",
								new ImageException(location(), String.join("; ", result.problems())));
					}
				});
	}

	/** Rebuilds the image without wasted space (OptimizeCapability). */
	public Job optimize(boolean recompress) {
		return job("Optimizing " + displayName(), "Optimize failed", "Optimizing " + displayName() + " failed.",
				monitor -> {
					Image session = session();
					OptimizeCapability optimize = session.capability(OptimizeCapability.class)
							.orElseThrow(() -> new ImageException(location(), "this format cannot be optimized"));
					long[] sizes = optimize.optimize(recompress, monitor);
					afterDiskChange(session, "Optimized " + displayName() + ": " + Texts.bytes(sizes[0]) + " \u2192 "
							+ Texts.bytes(sizes[1]) + ".");
				});
	}

	/** Stages a new boot index (ImagePropertiesCapability); Save writes it. */
	public Job setBootIndex(int bootIndex) {
		return job("Setting the boot image of " + displayName(), "Cannot set the boot image",
				"Setting the boot image of " + displayName() + " failed.", monitor -> {
					Image session = session();
					session.capability(ImagePropertiesCapability.class)
							.orElseThrow(() -> new ImageException(location(), "this format has no boot index"))
							.setBootIndex(bootIndex);
					afterStaging(session);
				});
	}

	/** Stages a new name for an image index (ImagePropertiesCapability); Save writes it. */
	public Job renameImage(int which, String name) {
		return job("Renaming image " + which + " of " + displayName(), "Cannot rename the image",
				"Renaming image " + which + " of " + displayName() + " failed.", monitor -> {
					Image session = session();
					session.capability(ImagePropertiesCapability.class)
							.orElseThrow(() -> new ImageException(location(), "this format has no image names"))
							.setName(which, name);
					afterStaging(session);
				});
	}

	/** Extracts entries of the current image index below {@code target}. */
	public Job extract(List<EntryNode> nodes, Path target) {
		int which = index;
		List<String> paths = nodes.stream().map(EntryNode::path).toList();
		String what = paths.size() == 1 ? paths.get(0) : paths.size() + " items";
		return job("Extracting " + what + " from " + displayName(), "Extract failed",
				"Extracting " + what + " from " + displayName() + " failed.", monitor -> {
					var result = session().tree(which).extract(paths, target, monitor);
					String message = "Extracted " + Texts.count(result.files()) + " file(s), "
							+ Texts.bytes(result.bytes()) + " to " + target;
					if (!result.skipped().isEmpty()) {
						ErrorReports.info("Extract", message + ".\n\nSkipped:\n" + String.join("\n", result.skipped()));
					}
					ui(() -> getEditorSite().getActionBars().getStatusLineManager().setMessage(message));
				});
	}

	/** Reads up to {@code limit} bytes of a file of the current image index, then hands them to {@code show}. */
	Job read(EntryNode node, int limit, java.util.function.Consumer<byte[]> show) {
		int which = index;
		String path = node.path();
		return job("Reading " + path, "Cannot open", "Opening " + path + " from " + displayName() + " failed.",
				monitor -> {
					byte[] bytes;
					try (var in = session().tree(which).read(path)) {
						bytes = in.readNBytes(limit);
					}
					ui(() -> show.accept(bytes));
				});
	}

	// ---- disk changes, project close ----

	private void checkDisk() {
		if (image == null || askingReload || reloading) {
			return;
		}
		String now = stamp();
		if (now.equals(diskStamp) || Job.getJobManager().find(this).length > 0) {
			return;
		}
		diskStamp = now;
		askingReload = true;
		ErrorReports.ask("Image changed on disk", displayName() + " was changed on disk by another program.\n\nReload it?"
				+ (isDirty() ? " Your staged changes will be lost." : ""), () -> {
					askingReload = false;
					reload();
				});
		askingReload = false;
	}

	/** Closes the session and opens the file again (after a change on disk). */
	public void reload() {
		reloading = true;
		image = null;
		fireEntryEvent(OpenableEntry.Event.REVERTED);
		roots.clear();
		showPending(List.of());
		job("Reloading " + displayName(), "Cannot reload", "Reloading " + displayName() + " failed.", monitor -> {
			try {
				sessions.close(file);
				sessions.forget(file);
			} finally {
				reloading = false;
			}
			refreshWorkspace();
			ui(this::openSession);
		});
	}

	@Override
	public void sessionClosed(IFile closed, String reason) {
		// image == null: this editor has no session yet; the closed one was a previous editor's on the same file
		// (closed and opened again at once), not a reason to close this one
		if (!closed.equals(file) || reloading || image == null) {
			return;
		}
		image = null;
		ui(() -> getSite().getPage().closeEditor(this, false));
	}

	@Override
	public void dispose() {
		disposed = true;
		fireEntryEvent(OpenableEntry.Event.CLOSED);
		List<IEditorPart> open = List.copyOf(children.keySet());
		List<Path> folders = new ArrayList<>(orphanFolders);
		folders.addAll(children.values());
		Path area = workArea;
		for (IEditorPart child : open) {
			child.removePropertyListener(childDirty);
		}
		children.clear();
		if (!open.isEmpty()) {
			IWorkbenchPage page = getSite().getPage();
			getSite().getShell().getDisplay().asyncExec(() -> {
				for (IEditorPart child : open) {
					page.closeEditor(child, false);
				}
				cleanUp(area, folders, open);
			});
		} else if (area != null) {
			cleanUp(area, folders, open);
		}
		sessions.removeListener(this);
		getSite().getPage().removePartListener(activation);
		// always, even while the session is still opening: the close job has the session's rule, so it runs after
		// any job of this editor (an open in progress included) and no session outlives its editor
		Job close = Job.create("Closing " + displayName(), monitor -> {
			sessions.close(file);
			return Status.OK_STATUS;
		});
		close.setSystem(true);
		close.setRule(sessions.rule(file));
		close.schedule();
		image = null;
		super.dispose();
	}

	// ---- entries opened in editors of their own ----

	/** What Open in Editor does for an entry: the opener's label and the action. */
	record Opening(String label, Runnable open) {
	}

	/** @return the first entry opener that takes {@code node}, or null (then Open shows it read-only) */
	@Nullable
	Opening opener(EntryNode node) {
		if (node.directory || node.removed() || node.state == EntryNode.State.ADDED || image == null) {
			return null;
		}
		OpenableEntry entry = new EditorEntry(node.path(), node.name, node.size, index);
		for (EntryOpener opener : UiServices.openers()) {
			if (opener.canOpen(entry)) {
				return new Opening(opener.label(), () -> opener.open(entry));
			}
		}
		return null;
	}

	/** Deletes the work area after the editors of its copies closed (their sessions close in jobs with their rules). */
	private void cleanUp(@Nullable Path area, List<Path> folders, List<IEditorPart> closed) {
		if (area == null) {
			return;
		}
		List<ISchedulingRule> rules = new ArrayList<>();
		rules.add(sessions.rule(file));
		rules.add(NestedWorkArea.rule());
		for (IEditorPart child : closed) {
			if (child.getEditorInput() instanceof IFileEditorInput input) {
				rules.add(sessions.rule(input.getFile()));
			}
		}
		Job clean = Job.create("Deleting the work copies of " + displayName(), monitor -> {
			for (Path folder : folders) {
				NestedWorkArea.delete(folder);
			}
			NestedWorkArea.delete(area);
			return Status.OK_STATUS;
		});
		clean.setSystem(true);
		clean.setRule(MultiRule.combine(rules.toArray(ISchedulingRule[]::new)));
		clean.schedule();
	}

	private void childClosed(IEditorPart part) {
		Path folder = children.remove(part);
		if (folder == null) {
			return;
		}
		part.removePropertyListener(childDirty);
		firePropertyChange(IEditorPart.PROP_DIRTY);
		boolean staged = pending.stream().anyMatch(change -> change.source() != null
				&& change.source().toAbsolutePath().startsWith(folder));
		if (staged) {
			orphanFolders.add(folder);
			return;
		}
		List<ISchedulingRule> rules = new ArrayList<>(List.of(sessions.rule(file), NestedWorkArea.rule()));
		if (part.getEditorInput() instanceof IFileEditorInput input) {
			rules.add(sessions.rule(input.getFile()));
		}
		Job clean = Job.create("Deleting the work copy " + folder.getFileName(), monitor -> {
			NestedWorkArea.delete(folder);
			return Status.OK_STATUS;
		});
		clean.setSystem(true);
		clean.setRule(MultiRule.combine(rules.toArray(ISchedulingRule[]::new)));
		clean.schedule();
	}

	private synchronized Path newWorkFolder() throws IOException {
		if (workArea == null) {
			workArea = NestedWorkArea.create();
		}
		return Files.createDirectories(workArea.resolve(Integer.toString(++extractions)));
	}

	/** Listeners of the entries handed to openers, each with the entry it was added through (UI thread). */
	private final Map<OpenableEntry.Listener, OpenableEntry> entryListeners = new LinkedHashMap<>();

	/** Tells the listeners of this editor's opened entries what happened to the session (UI thread). */
	private void fireEntryEvent(OpenableEntry.Event event) {
		List<Map.Entry<OpenableEntry.Listener, OpenableEntry>> listeners;
		synchronized (entryListeners) {
			listeners = List.copyOf(entryListeners.entrySet());
			if (event == OpenableEntry.Event.CLOSED) {
				entryListeners.clear();
			}
		}
		for (Map.Entry<OpenableEntry.Listener, OpenableEntry> listener : listeners) {
			try {
				listener.getKey().imageChanged(listener.getValue(), event);
			} catch (RuntimeException e) {
				ErrorReports.show("Error", "An editor of an entry of " + file.getName() + " failed.", e);
			}
		}
	}

	/** @return the editors of entries of this image that are open (tests read it) */
	public List<IEditorPart> childEditors() {
		return List.copyOf(children.keySet());
	}

	/** @return the folder of this editor's work copies, or null while none was made (tests read it) */
	public @Nullable Path workArea() {
		return workArea;
	}

	/** An entry of this image handed to an {@link EntryOpener}. */
	private final class EditorEntry implements OpenableEntry {

		private final String path;
		private final String name;
		private final long size;
		private final int which;
		private @Nullable Path folder;

		EditorEntry(String path, String name, long size, int which) {
			this.path = path;
			this.name = name;
			this.size = size;
			this.which = which;
		}

		@Override
		public IEditorPart parentEditor() {
			return ImageEditor.this;
		}

		@Override
		public IFile imageFile() {
			return file;
		}

		@Override
		public String imageName() {
			return getPartName();
		}

		@Override
		public int index() {
			return which;
		}

		@Override
		public String path() {
			return path;
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public long size() {
			return size;
		}

		@Override
		public boolean readOnly() {
			return readOnly;
		}

		@Override
		public Job extract(Consumer<Path> onDone) {
			return job("Extracting " + name + " from " + displayName() + " for editing", "Cannot open " + name,
					"Extracting " + path + " from " + displayName() + " failed.", monitor -> {
						Path target = newWorkFolder();
						boolean done = false;
						try {
							Path staged = stagedCopy(session(), which, path);
							if (staged != null) {
								// the entry was replaced by a saved copy not written yet: open that copy, not the old one
								monitor.setTaskName("Copying the staged " + name);
								Files.copy(staged, target.resolve(name));
							} else {
								monitor.setTaskName("Extracting " + name + " (" + Texts.bytes(size) + ")");
								session().tree(which).extract(List.of(path), target, monitor);
							}
							if (monitor.isCanceled()) {
								throw new OperationCanceledException();
							}
							Path copy = target.resolve(name);
							if (!Files.isRegularFile(copy)) {
								throw new ImageException(location(), path + " was not extracted");
							}
							folder = target;
							done = true;
							ui(() -> onDone.accept(copy));
						} finally {
							if (!done) {
								NestedWorkArea.delete(target);
							}
						}
					});
		}

		@Override
		public Job stageReplace(Path hostFile) {
			return stageReplaceEntry(which, path, hostFile);
		}

		@Override
		public ISchedulingRule rule() {
			return sessions.rule(file);
		}

		@Override
		public Image session() throws ImageException {
			return ImageEditor.this.session();
		}

		@Override
		public void staged() {
			try {
				afterStaging(ImageEditor.this.session());
			} catch (ImageException e) {
				// the editor closed meanwhile: nothing to show
			}
		}

		@Override
		public void addListener(Listener listener) {
			synchronized (entryListeners) {
				entryListeners.putIfAbsent(listener, this);
			}
		}

		@Override
		public void removeListener(Listener listener) {
			synchronized (entryListeners) {
				entryListeners.remove(listener);
			}
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof EditorEntry entry && entry.parentEditor() == ImageEditor.this
					&& entry.which == which && entry.path.equals(path);
		}

		@Override
		public int hashCode() {
			return java.util.Objects.hash(System.identityHashCode(ImageEditor.this), path, which);
		}

		@Override
		public void attach(IEditorPart editor) {
			Path extracted = folder;
			if (disposed || extracted == null) {
				return;
			}
			children.put(editor, extracted);
			editor.addPropertyListener(childDirty);
			firePropertyChange(IEditorPart.PROP_DIRTY);
		}
	}

	/** @return the host file the last staged change adds at {@code path} of image {@code which}, or null */
	private static @Nullable Path stagedCopy(Image session, int which, String path) {
		Path found = null;
		for (PendingChange change : session.pendingChanges()) {
			if (change.index() == which && change.path().equalsIgnoreCase(path)) {
				Path source = change.kind() == PendingChange.Kind.ADD ? change.source() : null;
				found = source != null && Files.isRegularFile(source) ? source : null;
			}
		}
		return found;
	}

	/** Stages replacing the entry at {@code path} by a host file (a saved work copy); the tree shows it changed. */
	Job stageReplaceEntry(int which, String path, Path hostFile) {
		return job("Staging " + hostFile.getFileName() + " into " + displayName(), "Cannot stage the change",
				"Staging the saved " + path + " into " + displayName() + " failed.", monitor -> {
					Image session = session();
					session.tree(which).add(hostFile, path);
					long size = Files.size(hostFile);
					java.time.Instant modified = Files.getLastModifiedTime(hostFile).toInstant();
					afterStaging(session);
					ui(() -> {
						if (which != index) {
							return;
						}
						EntryNode old = files.find(path);
						if (old != null && old.parent != null) {
							EntryNode changed = new EntryNode(old.parent, old.name, false, size, modified, old.attributes);
							changed.state = old.state == EntryNode.State.ADDED ? EntryNode.State.ADDED
									: EntryNode.State.CHANGED;
							old.parent.children.set(old.parent.children.indexOf(old), changed);
							files.changed(old.parent);
						}
					});
				});
	}

	/**
	 * For tests: the entries of image index {@code which} as read, or null while the tree is not read or not read
	 * completely (a large image's folders are read on expansion, or all at once by {@link #loadAll}).
	 */
	public @Nullable List<String> entryPaths(int which) {
		EntryNode root = roots.get(which);
		if (root == null || root.hasPartial()) {
			return null;
		}
		List<EntryNode> nodes = new ArrayList<>();
		root.collect(nodes);
		return nodes.stream().map(EntryNode::path).toList();
	}

}
