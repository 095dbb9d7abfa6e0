package org.deployforge.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.core.ImagePath;
import org.deployforge.core.UnsafePathException;
import org.deployforge.tests.common.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file names stored in {@code cab/dirwalk-vulns.cab} (made by cabextract's authors to attack extractors) either are
 * refused by {@link ImagePath} or land inside the target folder.
 */
class CabinetNamesTest {

	@TempDir
	Path target;

	/** Reads the CFFILE names of a cabinet ([MS-CAB] §2.1 CFHEADER, §2.4 CFFILE). */
	static List<String> cabinetFileNames(Path cabinet) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(cabinet)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(0x4643534D, buffer.getInt(0), "MSCF signature");
		int firstFile = buffer.getInt(16);
		int fileCount = Short.toUnsignedInt(buffer.getShort(28));
		List<String> names = new ArrayList<>();
		int offset = firstFile;
		for (int i = 0; i < fileCount; i++) {
			int attributes = Short.toUnsignedInt(buffer.getShort(offset + 14));
			int nameStart = offset + 16;
			int end = nameStart;
			while (buffer.get(end) != 0) {
				end++;
			}
			boolean utf8 = (attributes & 0x80) != 0;
			names.add(new String(buffer.array(), nameStart, end - nameStart,
					utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
			offset = end + 1;
		}
		return names;
	}

	@Test
	void everyNameIsRefusedOrStaysInside() throws IOException {
		List<String> names = cabinetFileNames(Fixtures.require("cab/dirwalk-vulns.cab"));
		assertTrue(names.size() >= 5, "the fixture holds several hostile names: " + names);
		int refused = 0;
		for (String name : names) {
			try {
				Path resolved = ImagePath.parse(name).resolveUnder(target);
				assertTrue(resolved.startsWith(target.toAbsolutePath()), name + " -> " + resolved);
			} catch (UnsafePathException e) {
				refused++;
				assertTrue(e.getMessage().contains("unsafe name"), e.getMessage());
			}
		}
		assertTrue(refused > 0, "names with '..' are refused: " + names);
		assertFalse(names.stream().allMatch(name -> name.contains("..")), "the fixture also has harmless names");
	}
}
