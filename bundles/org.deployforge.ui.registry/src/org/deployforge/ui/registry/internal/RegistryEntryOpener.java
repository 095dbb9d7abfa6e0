package org.deployforge.ui.registry.internal;

import java.util.Locale;
import java.util.Set;

import org.deployforge.ui.images.ErrorReports;
import org.deployforge.ui.images.OpenableEntry;
import org.deployforge.ui.images.EntryOpener;
import org.deployforge.ui.registry.RegistryUi;
import org.eclipse.ui.PartInitException;
import org.osgi.service.component.annotations.Component;

/**
 * Opens registry hives double-clicked on the image editor's Files page ({@code Windows/System32/config/SOFTWARE},
 * {@code Users/Default/NTUSER.DAT}, …) in the Registry editor, on the image editor's session: the editor's Save
 * stages the hive into the image, the image editor's Save writes it.
 */
@Component(service = EntryOpener.class)
public final class RegistryEntryOpener implements EntryOpener {

	/** The names Windows gives hive files (upper case); the Files page opens them without reading their bytes first. */
	static final Set<String> HIVE_NAMES = Set.of("SYSTEM", "SOFTWARE", "SAM", "SECURITY", "DEFAULT", "NTUSER.DAT",
			"USRCLASS.DAT", "COMPONENTS", "DRIVERS", "BCD", "ELAM", "BBI");

	@Override
	public String label() {
		return "Open in Registry Editor";
	}

	@Override
	public boolean canOpen(OpenableEntry entry) {
		String name = entry.name().toUpperCase(Locale.ROOT);
		return HIVE_NAMES.contains(name) || name.endsWith(".HIV");
	}

	@Override
	public void open(OpenableEntry entry) {
		try {
			entry.parentEditor().getSite().getPage().openEditor(new ImageHiveEditorInput(entry), RegistryUi.EDITOR_ID);
		} catch (PartInitException e) {
			ErrorReports.show("Cannot open " + entry.name(), "Opening " + entry.path() + " of " + entry.imageName()
					+ " in the Registry editor failed.", e);
		}
	}
}
