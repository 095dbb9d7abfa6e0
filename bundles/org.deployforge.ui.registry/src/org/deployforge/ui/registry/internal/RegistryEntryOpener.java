package org.deployforge.ui.registry.internal;

import java.util.Locale;
import java.util.Set;

import org.deployforge.ui.images.ImageEntryContext;
import org.deployforge.ui.images.ImageEntryOpener;
import org.deployforge.ui.registry.RegistryUi;
import org.eclipse.ui.PartInitException;
import org.osgi.service.component.annotations.Component;

/**
 * Opens registry hives double-clicked on the image editor's Files page ({@code Windows/System32/config/SOFTWARE},
 * {@code Users/Default/NTUSER.DAT}, …) in the Registry editor, on the image editor's session: the editor's Save
 * stages the hive into the image, the image editor's Save writes it.
 */
@Component(service = ImageEntryOpener.class)
public final class RegistryEntryOpener implements ImageEntryOpener {

	/** The names Windows gives hive files (upper case); the Files page opens them without reading their bytes first. */
	static final Set<String> HIVE_NAMES = Set.of("SYSTEM", "SOFTWARE", "SAM", "SECURITY", "DEFAULT", "NTUSER.DAT",
			"USRCLASS.DAT", "COMPONENTS", "DRIVERS", "BCD", "ELAM", "BBI");

	@Override
	public boolean canOpen(ImageEntryContext entry) {
		String name = entry.name().toUpperCase(Locale.ROOT);
		return HIVE_NAMES.contains(name) || name.endsWith(".HIV");
	}

	@Override
	public void open(ImageEntryContext entry) throws PartInitException {
		entry.page().openEditor(new ImageHiveEditorInput(entry), RegistryUi.EDITOR_ID);
	}
}
