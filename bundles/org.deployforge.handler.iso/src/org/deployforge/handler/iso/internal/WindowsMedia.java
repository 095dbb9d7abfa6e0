package org.deployforge.handler.iso.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;

/**
 * Whether an ISO looks like Windows install media, from the files Setup and the firmware need (names compared
 * without regard to case, as on Windows): {@code sources/install.wim}, {@code install.esd} or {@code install.swm}
 * (+ {@code install2.swm}, …), {@code sources/boot.wim}, the BIOS El Torito image {@code boot/etfsboot.com} and the
 * UEFI one {@code efi/microsoft/boot/efisys.bin}.
 *
 * @param installImages the install images present, as in-image paths
 * @param bootWim       {@code sources/boot.wim} is present
 * @param biosBoot      {@code boot/etfsboot.com} is present
 * @param uefiBoot      {@code efi/microsoft/boot/efisys.bin} is present
 */
record WindowsMedia(List<String> installImages, boolean bootWim, boolean biosBoot, boolean uefiBoot) {

	static final String BIOS_BOOT = "boot/etfsboot.com";
	static final String UEFI_BOOT = "efi/microsoft/boot/efisys.bin";
	static final String INSTALL_WIM = "sources/install.wim";

	/** Windows boot images, in the order they are tried when a boot entry is named by content. */
	static final List<String> BOOT_FILES = List.of(BIOS_BOOT, UEFI_BOOT, "efi/microsoft/boot/efisys_noprompt.bin",
			"efi/microsoft/boot/efisys_ex.bin");

	static WindowsMedia of(IsoImage image) throws ImageException {
		List<String> installs = new ArrayList<>();
		Optional<ImageEntry> sources = image.findIgnoringCase("sources");
		if (sources.isPresent() && sources.get().directory()) {
			for (ImageEntry child : image.tree(1).list(sources.get().path())) {
				String name = child.name().toLowerCase(Locale.ROOT);
				if (!child.directory() && (name.equals("install.wim") || name.equals("install.esd")
						|| name.matches("install\\d*\\.swm"))) {
					installs.add(child.path());
				}
			}
		}
		return new WindowsMedia(installs, image.findIgnoringCase("sources/boot.wim").isPresent(),
				image.findIgnoringCase(BIOS_BOOT).isPresent(), image.findIgnoringCase(UEFI_BOOT).isPresent());
	}

	/** @return whether the ISO looks like Windows install media */
	boolean looksLikeWindows() {
		return (!installImages.isEmpty() || bootWim) && (biosBoot || uefiBoot);
	}

	/** @return "yes (…)" naming what was found, or "no" */
	String describe() {
		List<String> found = new ArrayList<>(installImages);
		if (bootWim) {
			found.add("/sources/boot.wim");
		}
		if (biosBoot) {
			found.add(ImagePath.ROOT + BIOS_BOOT);
		}
		if (uefiBoot) {
			found.add(ImagePath.ROOT + UEFI_BOOT);
		}
		return (looksLikeWindows() ? "yes" : "no") + (found.isEmpty() ? "" : " (" + String.join(", ", found) + ")");
	}
}
