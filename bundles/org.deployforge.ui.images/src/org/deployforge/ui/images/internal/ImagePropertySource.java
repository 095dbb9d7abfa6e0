package org.deployforge.ui.images.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deployforge.core.ImageFormat;
import org.deployforge.core.ImageInfo;
import org.deployforge.core.VolumeInfo;
import org.deployforge.ui.images.ErrorReports;
import org.deployforge.workspace.ImageFiles;
import org.deployforge.workspace.ImageSessions;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;
import org.eclipse.ui.views.properties.PropertySheet;
import org.eclipse.ui.views.properties.PropertySheetPage;

/**
 * The Properties view of an image file: file facts at once, image facts (format, compression, images and editions,
 * boot index, parts) once a job has read them; the view refreshes itself when they arrive.
 */
final class ImagePropertySource implements IPropertySource {

	private static final String FILE = "File";
	private static final String IMAGE = "Image";

	private final IFile file;
	private final Map<String, String[]> values = new LinkedHashMap<>();

	ImagePropertySource(IFile file) {
		this.file = file;
		fill();
	}

	private void put(String category, String name, String value) {
		values.put(category + "/" + name, new String[] { category, name, value });
	}

	private void fill() {
		put(FILE, "Name", file.getName());
		put(FILE, "Path", file.getFullPath().toString());
		IPath location = file.getLocation();
		put(FILE, "Location", location == null ? "" : location.toOSString());
		put(FILE, "Linked", file.isLinked() ? "yes" : "no");
		Optional<ImageFormat> format = ImageFiles.format(file);
		put(IMAGE, "Format", format.map(ImageFormat::displayName).orElse("unknown"));
		ImageSessions sessions = UiServices.sessions();
		Optional<ImageInfo> info = sessions.cachedInfo(file);
		if (info.isEmpty()) {
			put(IMAGE, "Images", "reading\u2026");
			read(sessions);
			return;
		}
		ImageInfo facts = info.get();
		put(FILE, "Size", Texts.bytesExact(facts.fileSize()));
		for (Map.Entry<String, String> property : facts.properties().entrySet()) {
			put(IMAGE, property.getKey(), property.getValue());
		}
		put(IMAGE, "Images", Integer.toString(facts.imageCount()));
		put(IMAGE, "Boot index", facts.bootIndex() == 0 ? "none" : Integer.toString(facts.bootIndex()));
		List<String> editions = new ArrayList<>();
		for (VolumeInfo volume : facts.volumes()) {
			String summary = VolumeFacts.summary(volume);
			String text = volume.name() + (summary.isEmpty() ? "" : " (" + summary + ")");
			put("Image " + volume.index(), "Name", volume.name());
			if (!volume.description().isBlank()) {
				put("Image " + volume.index(), "Description", volume.description());
			}
			put("Image " + volume.index(), "Files", Texts.count(volume.fileCount()));
			put("Image " + volume.index(), "Folders", Texts.count(volume.directoryCount()));
			put("Image " + volume.index(), "Size", Texts.bytesExact(volume.totalBytes()));
			for (Map.Entry<String, String> property : volume.properties().entrySet()) {
				put("Image " + volume.index(), property.getKey(), property.getValue());
			}
			editions.add(volume.index() + ": " + text);
		}
		put(IMAGE, "Editions", String.join("; ", editions));
	}

	private void read(ImageSessions sessions) {
		Job job = Job.create("Reading " + file.getName(), monitor -> {
			try {
				sessions.info(file);
			} catch (Exception | LinkageError e) {
				PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
					values.remove(IMAGE + "/Images");
					put(IMAGE, "Error", ErrorReports.message(e));
					refreshViews();
				});
				return Status.OK_STATUS;
			}
			PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
				values.clear();
				fill();
				refreshViews();
			});
			return Status.OK_STATUS;
		});
		job.setSystem(true);
		job.schedule();
	}

	private static void refreshViews() {
		for (IWorkbenchWindow window : PlatformUI.getWorkbench().getWorkbenchWindows()) {
			if (window.getActivePage() == null) {
				continue;
			}
			for (IViewReference reference : window.getActivePage().getViewReferences()) {
				IViewPart view = reference.getView(false);
				if (view instanceof PropertySheet sheet && sheet.getCurrentPage() instanceof PropertySheetPage page
						&& !page.getControl().isDisposed()) {
					page.refresh();
				}
			}
		}
	}

	@Override
	public Object getEditableValue() {
		return this;
	}

	@Override
	public IPropertyDescriptor[] getPropertyDescriptors() {
		List<IPropertyDescriptor> descriptors = new ArrayList<>();
		for (Map.Entry<String, String[]> value : values.entrySet()) {
			PropertyDescriptor descriptor = new PropertyDescriptor(value.getKey(), value.getValue()[1]);
			descriptor.setCategory(value.getValue()[0]);
			descriptors.add(descriptor);
		}
		return descriptors.toArray(IPropertyDescriptor[]::new);
	}

	@Override
	public @Nullable Object getPropertyValue(Object id) {
		String[] value = values.get(id);
		return value == null ? null : value[2];
	}

	@Override
	public boolean isPropertySet(Object id) {
		return false;
	}

	@Override
	public void resetPropertyValue(Object id) {
		// read-only
	}

	@Override
	public void setPropertyValue(Object id, @Nullable Object value) {
		// read-only
	}
}
