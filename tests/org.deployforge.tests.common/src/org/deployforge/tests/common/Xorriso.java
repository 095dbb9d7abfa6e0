package org.deployforge.tests.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What xorriso, the reference tool for ISO 9660 and El Torito, says of an ISO. */
public final class Xorriso {

	private Xorriso() {
	}

	/**
	 * El Torito as xorriso reports it ({@code -report_el_torito plain}: lines {@code El Torito boot img : N Pltf B
	 * Emul Ld_seg Hdpt Ldsiz LBA} and {@code El Torito img path : N PATH}).
	 *
	 * @return lines "PLATFORM EMULATION LOADSIZE PATH" per entry, e.g. "BIOS none 8 /boot/etfsboot.com"; the path is
	 *         "-" for a boot image no file names
	 */
	public static List<String> bootEntries(Path iso) throws IOException, InterruptedException {
		String report = Tools.ok("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain").stdout();
		List<String[]> images = new ArrayList<>();
		TreeMap<Integer, String> paths = new TreeMap<>();
		for (String line : report.split("\n")) {
			if (line.startsWith("El Torito boot img :")) {
				images.add(line.substring("El Torito boot img :".length()).trim().split("\\s+"));
			} else if (line.startsWith("El Torito img path :")) {
				String[] parts = line.substring("El Torito img path :".length()).trim().split("\\s+", 2);
				paths.put(Integer.parseInt(parts[0]), parts[1]);
			}
		}
		List<String> entries = new ArrayList<>();
		for (String[] image : images) {
			entries.add(image[1] + " " + image[3] + " " + image[6] + " "
					+ paths.getOrDefault(Integer.parseInt(image[0]), "-"));
		}
		return entries;
	}
}
