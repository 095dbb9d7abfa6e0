package org.deployforge.ui.images.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deployforge.core.ImageInfo;
import org.deployforge.core.PendingChange;
import org.deployforge.core.VolumeInfo;
import org.deployforge.core.capability.Compression;
import org.deployforge.core.capability.ExportCapability;
import org.deployforge.core.capability.ImageCapability;
import org.deployforge.core.capability.ImagePropertiesCapability;
import org.deployforge.core.capability.OptimizeCapability;
import org.deployforge.core.capability.SplitCapability;
import org.deployforge.core.capability.VerifyCapability;
import org.deployforge.workspace.ImageFiles;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;

import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.forms.IManagedForm;
import org.eclipse.ui.forms.editor.FormPage;
import org.eclipse.ui.forms.widgets.ExpandableComposite;
import org.eclipse.ui.forms.widgets.FormToolkit;
import org.eclipse.ui.forms.widgets.ScrolledForm;
import org.eclipse.ui.forms.widgets.Section;

/**
 * The Overview page: what the image is (format, size, compression, parts, boot index), the table of its images with
 * the boot image marked, the capability actions the handler offers, and the pending changes.
 */
public final class OverviewPage extends FormPage {

	private final ImageEditor editor;
	private FormToolkit toolkit;
	private ScrolledForm form;
	private Composite facts;
	private TableViewer images;
	private Composite actions;
	private Label pendingLabel;
	private final List<Button> actionButtons = new ArrayList<>();

	OverviewPage(ImageEditor editor) {
		super(editor, "overview", "Overview");
		this.editor = editor;
	}

	@Override
	protected void createFormContent(IManagedForm managedForm) {
		toolkit = managedForm.getToolkit();
		getSite().setSelectionProvider(new FileSelection(editor.file()));
		form = managedForm.getForm();
		form.setText(editor.file().getName());
		ImageFiles.format(editor.file()).ifPresent(format -> form.setImage(Icons.format(format)));
		toolkit.decorateFormHeading(form.getForm());
		Composite body = form.getBody();
		body.setLayout(new GridLayout(2, false));

		Section imagesSection = section(body, "Images", "The image indexes of the file; double-click one to browse its files.");
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(imagesSection);
		Composite imagesClient = toolkit.createComposite(imagesSection);
		imagesClient.setLayout(new GridLayout(1, false));
		imagesSection.setClient(imagesClient);
		createImagesTable(imagesClient);

		Section general = section(body, "General Information", "What the file is, as its headers and metadata say.");
		GridDataFactory.fillDefaults().grab(true, false).applyTo(general);
		facts = toolkit.createComposite(general);
		facts.setLayout(new GridLayout(2, false));
		general.setClient(facts);

		Section actionSection = section(body, "Actions", "Operations this format's handler offers.");
		GridDataFactory.fillDefaults().align(SWT.FILL, SWT.FILL).hint(260, SWT.DEFAULT).applyTo(actionSection);
		actions = toolkit.createComposite(actionSection);
		actions.setLayout(new GridLayout(1, true));
		actionSection.setClient(actions);
		createActions();


		Section pendingSection = section(body, "Pending Changes", "Staged changes are written by Save (Ctrl+S) and dropped by Revert.");
		GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(pendingSection);
		Composite pendingClient = toolkit.createComposite(pendingSection);
		pendingClient.setLayout(new GridLayout(1, false));
		pendingLabel = toolkit.createLabel(pendingClient, "", SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(pendingLabel);
		pendingSection.setClient(pendingClient);

		refresh();
		form.reskin(SWT.ALL);
	}

	private Section section(Composite parent, String title, String description) {
		Section section = toolkit.createSection(parent,
				ExpandableComposite.TITLE_BAR | Section.DESCRIPTION | ExpandableComposite.EXPANDED);
		section.setText(title);
		section.setDescription(description);
		return section;
	}

	private void createActions() {
		action("Export / Convert\u2026", Icons.EXPORT, ExportCapability.class, this::export);
		action("Split\u2026", Icons.SPLIT, SplitCapability.class, this::split);
		action("Verify", Icons.VERIFY, VerifyCapability.class, editor::verify);
		action("Optimize", Icons.OPTIMIZE, OptimizeCapability.class, this::optimize);
		action("Set as Boot Image", Icons.BOOT, ImagePropertiesCapability.class, () -> {
			VolumeInfo volume = selectedVolume();
			if (volume != null) {
				editor.setBootIndex(volume.index());
			}
		});
		action("Rename Image\u2026", Icons.RENAME, ImagePropertiesCapability.class, this::renameImage);
		action("Browse Files", Icons.VOLUME, null, () -> {
			VolumeInfo volume = selectedVolume();
			editor.showIndex(volume == null ? editor.index() : volume.index());
		});
	}

	private void action(String text, String icon, Class<? extends ImageCapability> capability, Runnable run) {
		Button button = toolkit.createButton(actions, text, SWT.PUSH);
		button.setImage(Icons.image(icon));
		button.setData(capability);
		GridDataFactory.fillDefaults().grab(true, false).applyTo(button);
		button.addListener(SWT.Selection, event -> run.run());
		actionButtons.add(button);
	}

	private void createImagesTable(Composite parent) {
		images = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
		Table table = images.getTable();
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		GridDataFactory.fillDefaults().grab(true, true).hint(600, 110).applyTo(table);
		images.setContentProvider(ArrayContentProvider.getInstance());
		column("Index", 60, SWT.RIGHT, volume -> Integer.toString(volume.index()), true);
		column("Name", 220, SWT.LEFT, this::nameText, false);
		column("Edition", 140, SWT.LEFT, VolumeFacts::edition, false);
		column("Architecture", 90, SWT.LEFT, VolumeFacts::architecture, false);
		column("Build", 120, SWT.LEFT, VolumeFacts::build, false);
		column("Files", 80, SWT.RIGHT, volume -> Texts.count(volume.fileCount()), false);
		column("Size", 90, SWT.RIGHT, volume -> Texts.bytes(volume.totalBytes()), false);
		column("Boot", 110, SWT.LEFT, this::bootText, false);
		images.addDoubleClickListener(event -> {
			VolumeInfo volume = selectedVolume();
			if (volume != null) {
				editor.showIndex(volume.index());
			}
		});
		images.addSelectionChangedListener(event -> updateActions());
	}

	/** @return the value of the last staged property {@code key} of image {@code index}, or null */
	private @org.eclipse.jdt.annotation.Nullable String staged(int index, String key) {
		String value = null;
		for (PendingChange change : editor.pending()) {
			if (change.kind() == PendingChange.Kind.PROPERTIES && change.path().equalsIgnoreCase(key)
					&& (index < 0 || change.index() == index)) {
				value = change.target();
			}
		}
		return value;
	}

	/** The name, and a staged new name (written by Save) with the old one beside it. */
	private String nameText(VolumeInfo volume) {
		String renamed = staged(volume.index(), "NAME");
		return renamed == null || renamed.equals(volume.name()) ? volume.name()
				: renamed + "  (was " + volume.name() + ")";
	}

	/** "boot"; with a staged boot index (the WIM handler's "boot index" property): what Save changes. */
	private String bootText(VolumeInfo volume) {
		String stagedBoot = staged(-1, "boot index");
		if (stagedBoot != null && !stagedBoot.equals(Integer.toString(editor.info() == null ? 0
				: editor.info().bootIndex()))) {
			if (stagedBoot.equals(Integer.toString(volume.index()))) {
				return "boot after Save";
			}
			return isBoot(volume) ? "boot until Save" : "";
		}
		return isBoot(volume) ? "boot" : "";
	}

	private boolean isBoot(VolumeInfo volume) {
		ImageInfo info = editor.info();
		return info != null && info.bootIndex() == volume.index();
	}

	private void column(String title, int width, int style, java.util.function.Function<VolumeInfo, String> text,
			boolean icon) {
		TableViewerColumn column = new TableViewerColumn(images, style);
		column.getColumn().setText(title);
		column.getColumn().setWidth(width);
		column.setLabelProvider(new ColumnLabelProvider() {
			@Override
			public String getText(Object element) {
				return text.apply((VolumeInfo) element);
			}

			@Override
			public Image getImage(Object element) {
				if (!icon) {
					return null;
				}
				return Icons.image(isBoot((VolumeInfo) element) ? Icons.BOOT : Icons.VOLUME);
			}

			@Override
			public String getToolTipText(Object element) {
				VolumeInfo volume = (VolumeInfo) element;
				return volume.description().isBlank() ? null : volume.description();
			}
		});
	}

	private VolumeInfo selectedVolume() {
		if (images == null) {
			return null;
		}
		Object selected = ((IStructuredSelection) images.getSelection()).getFirstElement();
		if (selected instanceof VolumeInfo volume) {
			return volume;
		}
		ImageInfo info = editor.info();
		return info != null && info.imageCount() == 1 ? info.volumes().get(0) : null;
	}

	/** Shows the image's current facts. */
	void refresh() {
		if (form == null || form.isDisposed()) {
			return;
		}
		for (Control child : facts.getChildren()) {
			child.dispose();
		}
		ImageInfo info = editor.info();
		String failure = editor.openFailure();
		if (failure != null) {
			form.setMessage(failure, org.eclipse.jface.dialogs.IMessageProvider.ERROR);
			fact("Status", "cannot be opened: " + failure);
		} else if (info == null) {
			fact("Status", "opening\u2026");
		} else {
			form.setMessage(null, 0);
			fact("Format", info.format().displayName());
			fact("File", info.file().toString());
			fact("Size", Texts.bytesExact(info.fileSize()));
			fact("Images", Integer.toString(info.imageCount()));
			if (info.bootIndex() != 0 || editor.offers(ImagePropertiesCapability.class)) {
				// the WIM boot index (wimlib_get_wim_info boot_index); an ISO's El Torito entries are listed below
				fact("Boot image", info.bootIndex() == 0 ? "none" : "index " + info.bootIndex());
			}
			for (Map.Entry<String, String> property : info.properties().entrySet()) {
				if (property.getKey().equalsIgnoreCase("Image Count") || property.getKey().equalsIgnoreCase("Boot Index")) {
					continue; // shown above
				}
				fact(property.getKey(), property.getValue());
			}
			if (editor.readOnly()) {
				fact("Access", "read-only");
			}
			images.setInput(info.volumes().toArray());
			if (images.getSelection().isEmpty() && info.imageCount() > 0) {
				images.getTable().select(0);
			}
		}
		updateActions();
		refreshPending();
		facts.layout(true, true);
		form.reflow(true);
	}

	private void fact(String name, String value) {
		Label label = toolkit.createLabel(facts, name + ":");
		label.setForeground(toolkit.getColors().getColor(org.eclipse.ui.forms.IFormColors.TITLE));
		Label text = toolkit.createLabel(facts, value, SWT.WRAP);
		GridDataFactory.fillDefaults().grab(true, false).hint(300, SWT.DEFAULT).applyTo(text);
	}

	private void updateActions() {
		boolean open = editor.info() != null;
		for (Button button : actionButtons) {
			Object capability = button.getData();
			boolean offered = capability == null || editor.offers(castCapability(capability));
			boolean enabled = open && offered;
			if (capability == ImagePropertiesCapability.class) {
				enabled &= !editor.readOnly() && selectedVolume() != null;
			}
			button.setEnabled(enabled);
			button.setToolTipText(offered ? null : "The handler of this format does not offer this operation.");
		}
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends ImageCapability> castCapability(Object capability) {
		return (Class<? extends ImageCapability>) capability;
	}

	void refreshPending() {
		if (pendingLabel == null || pendingLabel.isDisposed()) {
			return;
		}
		List<PendingChange> pending = editor.pending();
		if (images != null && !images.getTable().isDisposed()) {
			images.refresh();
		}
		pendingLabel.setText(pending.isEmpty() ? "No pending changes."
				: pending.size() + " pending change(s):\n" + String.join("\n",
						pending.stream().map(PendingChange::describe).toList()));
		form.reflow(true);
	}

	/** @return the rows of the images table, as shown (tests read it) */
	public List<String> imageRows() {
		List<String> rows = new ArrayList<>();
		for (var item : images.getTable().getItems()) {
			List<String> cells = new ArrayList<>();
			for (int i = 0; i < images.getTable().getColumnCount(); i++) {
				cells.add(item.getText(i));
			}
			rows.add(String.join(" | ", cells));
		}
		return rows;
	}

	// ---- action dialogs ----

	private void export() {
		ImageInfo info = editor.info();
		if (info == null) {
			return;
		}
		FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
		dialog.setText("Export " + editor.file().getName());
		dialog.setOverwrite(true);
		dialog.setFilterExtensions(new String[] { "*.wim", "*.esd" });
		dialog.setFilterNames(new String[] { "WIM (LZX)", "ESD (solid LZMS)" });
		String target = dialog.open();
		if (target == null) {
			return;
		}
		boolean esd = target.toLowerCase(java.util.Locale.ROOT).endsWith(".esd");
		VolumeInfo volume = selectedVolume();
		List<Integer> indexes = List.of();
		if (volume != null && info.imageCount() > 1) {
			int choice = new MessageDialog(getSite().getShell(), "Export", null,
					"Export only image " + volume.index() + " (" + volume.name() + ") or all " + info.imageCount()
							+ " images?",
					MessageDialog.QUESTION, 0, "Image " + volume.index(), "All Images", IDialogConstants.CANCEL_LABEL)
					.open();
			if (choice == 2 || choice == SWT.DEFAULT) {
				return;
			}
			indexes = choice == 0 ? List.of(volume.index()) : List.of();
		}
		editor.export(indexes, Path.of(target), new ExportCapability.ExportOptions(
				esd ? Compression.LZMS : Compression.LZX, esd, false));
	}

	private void split() {
		Path image = editor.file().getLocation() == null ? Path.of(editor.file().getName())
				: editor.file().getLocation().toPath();
		Path suggested = image.resolveSibling(image.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".swm");
		SplitDialog dialog = new SplitDialog(getSite().getShell(), editor.file().getName(), suggested);
		if (dialog.open() == Window.OK && dialog.firstPart() != null) {
			editor.split(dialog.firstPart(), dialog.maxPartBytes());
		}
	}

	private void optimize() {
		MessageDialog dialog = new MessageDialog(getSite().getShell(), "Optimize " + editor.file().getName(), null,
				"Rebuild the image without wasted space? Recompressing every stream makes it smaller but takes longer.",
				MessageDialog.QUESTION, 0, "Rebuild", "Rebuild and Recompress", IDialogConstants.CANCEL_LABEL);
		int choice = dialog.open();
		if (choice == 0 || choice == 1) {
			editor.optimize(choice == 1);
		}
	}

	private void renameImage() {
		VolumeInfo volume = selectedVolume();
		if (volume == null) {
			return;
		}
		InputDialog dialog = new InputDialog(getSite().getShell(), "Rename Image",
				"New name of image " + volume.index() + ":", volume.name(),
				text -> text.isBlank() ? "The name must not be empty." : null);
		if (dialog.open() == Window.OK) {
			editor.renameImage(volume.index(), dialog.getValue().trim());
		}
	}

}
