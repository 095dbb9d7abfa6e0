package org.deployforge.ui.images.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageService;
import org.deployforge.core.KnownFormats;
import org.deployforge.core.ProbeInput;
import org.deployforge.ui.images.EntryOpener;
import org.deployforge.ui.images.ErrorReports;
import org.deployforge.ui.images.ImagesUi;
import org.deployforge.ui.images.OpenableEntry;
import org.eclipse.core.resources.IFile;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchPage;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Opens image entries (WIM, ESD, SWM, PPKG, VHD, VHDX, ISO, CAB: named so, and with a handler installed for the format)
 * in a nested image editor: the entry is extracted into the parent's work area, its content checked with
 * {@link KnownFormats}, and an image editor opened on the work copy; saving that editor stages the changed file into
 * the parent as a replacement of the entry.
 */
@Component(service = EntryOpener.class, property = "service.ranking:Integer=0")
public final class NestedImageOpener implements EntryOpener {

	/** The formats opened in a nested image editor. */
	static final List<ImageFormat> FORMATS = List.of(KnownFormats.WIM, KnownFormats.ESD, KnownFormats.SWM,
			KnownFormats.PPKG, KnownFormats.VHD, KnownFormats.VHDX, KnownFormats.ISO, KnownFormats.CAB);

	private volatile ImageService images;

	@Reference(cardinality = ReferenceCardinality.MANDATORY, policy = ReferencePolicy.STATIC)
	void setImageService(ImageService service) {
		this.images = service;
	}

	@Override
	public String label() {
		return "Open in Image Editor";
	}

	private Optional<ImageFormat> format(String name) {
		return FORMATS.stream().filter(format -> format.matchesName(name)).findFirst();
	}

	@Override
	public boolean canOpen(OpenableEntry entry) {
		Optional<ImageFormat> format = format(entry.name());
		return format.isPresent()
				&& images.handlers().stream().anyMatch(handler -> handler.formats().contains(format.get()));
	}

	@Override
	public void open(OpenableEntry entry) {
		IWorkbenchPage page = entry.parentEditor().getSite().getPage();
		for (IEditorReference reference : page.getEditorReferences()) {
			IEditorPart open = reference.getEditor(false);
			if (open != null && open.getEditorInput() instanceof NestedImageInput nested
					&& nested.entry().parentEditor() == entry.parentEditor() && nested.entry().path().equals(entry.path())) {
				page.activate(open);
				return;
			}
		}
		entry.extract(file -> openCopy(page, entry, file));
	}

	private static void openCopy(IWorkbenchPage page, OpenableEntry entry, Path file) {
		try {
			Optional<ImageFormat> sniffed = KnownFormats.recognise(ProbeInput.read(file));
			if (sniffed.isEmpty() || !FORMATS.contains(sniffed.get())) {
				NestedWorkArea.delete(file.getParent());
				ErrorReports.show("Cannot open in the image editor", "Opening " + entry.path() + " from " + entry.imageName()
						+ " failed.", new IOException(entry.name() + ": its content is not an image format DeployForge "
								+ "opens (no WIM, VHD, VHDX, ISO or cabinet signature)"));
				return;
			}
			IFile link = NestedWorkArea.link(file);
			IEditorPart editor = page.openEditor(new NestedImageInput(link, entry), ImagesUi.EDITOR_ID);
			entry.attach(editor);
		} catch (IOException | org.eclipse.core.runtime.CoreException e) {
			NestedWorkArea.delete(file.getParent());
			ErrorReports.show("Cannot open in the image editor", "Opening " + entry.path() + " from " + entry.imageName()
					+ " failed.", e);
		}
	}
}
