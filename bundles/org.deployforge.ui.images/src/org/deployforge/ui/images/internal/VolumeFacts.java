package org.deployforge.ui.images.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deployforge.core.VolumeInfo;

/**
 * Reads the well-known facts of an image index from {@link VolumeInfo#properties()}, whatever the handler calls them
 * (WIM XML paths such as {@code WINDOWS/EDITIONID}, or plain names such as {@code Edition}).
 */
final class VolumeFacts {

	private VolumeFacts() {
	}

	static String property(VolumeInfo volume, String... names) {
		Map<String, String> properties = volume.properties();
		for (String name : names) {
			for (Map.Entry<String, String> entry : properties.entrySet()) {
				String key = entry.getKey().toUpperCase(Locale.ROOT).replace(' ', '_');
				String wanted = name.toUpperCase(Locale.ROOT);
				if ((key.equals(wanted) || key.endsWith("/" + wanted)) && !entry.getValue().isBlank()) {
					return entry.getValue();
				}
			}
		}
		return "";
	}

	static String edition(VolumeInfo volume) {
		String edition = property(volume, "EDITIONID", "EDITION");
		return edition.isEmpty() ? property(volume, "FLAGS") : edition;
	}

	/** @return the architecture in words: WIM {@code ARCH} 0 is x86, 5 ARM, 9 x64, 12 ARM64 */
	static String architecture(VolumeInfo volume) {
		String arch = property(volume, "ARCH", "ARCHITECTURE");
		return switch (arch) {
		case "0" -> "x86";
		case "5" -> "ARM";
		case "6" -> "IA64";
		case "9" -> "x64";
		case "12" -> "ARM64";
		default -> arch;
		};
	}

	/** @return the Windows build, e.g. "10.0.22631.2861", from {@code WINDOWS/VERSION/*} or a {@code BUILD} fact */
	static String build(VolumeInfo volume) {
		String major = property(volume, "VERSION/MAJOR", "MAJOR");
		String minor = property(volume, "VERSION/MINOR", "MINOR");
		String build = property(volume, "VERSION/BUILD", "BUILD");
		String spBuild = property(volume, "VERSION/SPBUILD", "SPBUILD");
		if (!major.isEmpty() && !build.isEmpty()) {
			return major + "." + (minor.isEmpty() ? "0" : minor) + "." + build + (spBuild.isEmpty() ? "" : "." + spBuild);
		}
		return build;
	}

	/** @return "Professional, x64, 7.9 GB" with whatever is known */
	static String summary(VolumeInfo volume) {
		List<String> parts = new ArrayList<>();
		String edition = edition(volume);
		if (!edition.isEmpty()) {
			parts.add(edition);
		}
		String arch = architecture(volume);
		if (!arch.isEmpty()) {
			parts.add(arch);
		}
		if (volume.totalBytes() >= 0) {
			parts.add(Texts.bytes(volume.totalBytes()));
		}
		return String.join(", ", parts);
	}
}
