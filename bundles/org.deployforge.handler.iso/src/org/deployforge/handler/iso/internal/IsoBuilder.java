package org.deployforge.handler.iso.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.CommitResult;
import org.deployforge.core.ImageException;
import org.deployforge.core.capability.IsoBuildCapability;
import org.deployforge.handler.iso.internal.Genisoimage.BootImage;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Builds bootable Windows-style media from a folder with {@code genisoimage}: ISO 9660 level 3 + Joliet + UDF 1.02,
 * El Torito BIOS entry {@code boot/etfsboot.com} (no emulation, load size 8 sectors of 512 bytes, as oscdimg writes
 * it) and UEFI entry (platform 0xEF) {@code efi/microsoft/boot/efisys.bin}. Names are found without regard to case,
 * as media copied from a FAT stick may spell them {@code BOOT/ETFSBOOT.COM}.
 */
final class IsoBuilder implements IsoBuildCapability {

	/** The BIOS load size of etfsboot.com on Microsoft media: 8 sectors of 512 bytes (4 KiB). */
	static final int ETFSBOOT_LOAD_SECTORS = 8;

	@Override
	public CommitResult build(Path sourceDirectory, Path destination, @Nullable String volumeLabel,
			IProgressMonitor monitor) throws ImageException {
		SubMonitor progress = SubMonitor.convert(monitor, "Building " + destination.getFileName(), 100);
		if (!Files.isDirectory(sourceDirectory)) {
			throw new ImageException(sourceDirectory, Files.exists(sourceDirectory) ? "is not a folder" : "no such folder");
		}
		Path absoluteDestination = destination.toAbsolutePath().normalize();
		if (absoluteDestination.startsWith(sourceDirectory.toAbsolutePath().normalize())) {
			throw new ImageException(destination, "the ISO cannot be written inside the folder it is built from ("
					+ sourceDirectory + ")");
		}
		String bios = find(sourceDirectory, WindowsMedia.BIOS_BOOT);
		String uefi = find(sourceDirectory, WindowsMedia.UEFI_BOOT);
		if (bios == null && uefi == null) {
			throw new ImageException(sourceDirectory, "not laid out like Windows media: neither " + WindowsMedia.BIOS_BOOT
					+ " (BIOS boot image) nor " + WindowsMedia.UEFI_BOOT + " (UEFI boot image) is present");
		}
		List<BootImage> boots = new ArrayList<>();
		if (bios != null) {
			boots.add(new BootImage(bios, ElToritoEntry.PLATFORM_BIOS, 0, 0, ETFSBOOT_LOAD_SECTORS));
		}
		if (uefi != null) {
			boots.add(new BootImage(uefi, ElToritoEntry.PLATFORM_UEFI, 0, 0, 0));
		}
		String label = volumeLabel == null || volumeLabel.isBlank()
				? sourceDirectory.toAbsolutePath().normalize().getFileName().toString().toUpperCase(Locale.ROOT)
				: volumeLabel.strip();
		if (label.length() > 32) {
			throw new ImageException(destination, "volume label '" + label + "' has " + label.length()
					+ " characters; ISO 9660 allows at most 32");
		}
		try (AtomicReplace output = AtomicReplace.beside(destination)) {
			List<String> command;
			try {
				command = Genisoimage.command(sourceDirectory, output.temporary(), label, boots, false, List.of());
			} catch (Genisoimage.UnsupportedBootException e) {
				throw new ImageException(destination, e.getMessage(), e);
			}
			Tool.ok(destination, command, progress.split(90));
			List<String> notes = new ArrayList<>();
			notes.add("built by genisoimage from " + sourceDirectory);
			try (Sectors sectors = new Sectors(output.temporary())) {
				IsoFacts facts = IsoFacts.read(sectors);
				notes.add("file systems: " + (facts.enhanced() ? "ISO 9660 level 4 (ISO 9660:1999)" : "ISO 9660")
						+ " + Joliet level " + facts.jolietLevel()
						+ (facts.udf() ? " + UDF " + facts.udfRevisionText() : "") + "; volume label '"
						+ facts.volumeLabel() + "'");
				for (ElToritoEntry entry : ElToritoCatalog.read(sectors, facts.bootCatalogSector())) {
					notes.add("El Torito entry " + entry.number() + ": " + entry.platformName() + ", "
							+ entry.emulationName() + ", " + entry.sectorCount() + " sectors, "
							+ (entry.number() <= boots.size() ? boots.get(entry.number() - 1).relativePath() : ""));
				}
			}
			if (bios == null || uefi == null) {
				notes.add(bios == null ? "no BIOS entry: " + WindowsMedia.BIOS_BOOT + " is missing"
						: "no UEFI entry: " + WindowsMedia.UEFI_BOOT + " is missing");
			}
			output.commit();
			return new CommitResult(destination, 0, Files.size(destination), notes);
		} catch (IOException e) {
			throw new ImageException(destination, "cannot build: " + e.getMessage(), e);
		}
	}

	/** @return the relative path of {@code relative} below {@code folder}, matched without regard to case, or null */
	static @Nullable String find(Path folder, String relative) throws ImageException {
		Path current = folder;
		StringBuilder found = new StringBuilder();
		for (String component : relative.split("/")) {
			Path next = null;
			try (Stream<Path> children = Files.list(current)) {
				for (Path child : children.toList()) {
					if (child.getFileName().toString().equalsIgnoreCase(component)) {
						next = child;
						break;
					}
				}
			} catch (IOException e) {
				throw new ImageException(folder, "cannot list " + current + ": " + e.getMessage(), e);
			}
			if (next == null) {
				return null;
			}
			if (found.length() > 0) {
				found.append('/');
			}
			found.append(next.getFileName());
			current = next;
		}
		return Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS) ? found.toString() : null;
	}
}
