package org.deployforge.registry.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deployforge.registry.EmptyHive;
import org.deployforge.registry.Hive;
import org.deployforge.registry.KeyInfo;
import org.deployforge.registry.RegFile;
import org.deployforge.registry.RegFormatException;
import org.deployforge.registry.RegValue;
import org.deployforge.registry.RootMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** regedit .reg files: import, export, round trip, errors with line numbers. */
class RegFileTest {

	@TempDir
	Path temp;

	private Path software(String name) throws Exception {
		Path folder = Files.createDirectories(temp.resolve(name));
		Path file = folder.resolve("SOFTWARE");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		return file;
	}

	private static RegFile.Export export(Path hive) throws Exception {
		try (Hive open = Hive.open(hive)) {
			return RegFile.export(open, "", RootMapping.forHive(hive));
		}
	}

	private static RegFile.ImportResult importInto(Path hive, Path reg) throws Exception {
		try (Hive open = Hive.openForWrite(hive, false)) {
			RegFile.ImportResult result = RegFile.read(reg, RootMapping.forHive(hive)).applyTo(open);
			open.commit();
			return result;
		}
	}

	@Test
	void exportImportExportIsIdentical() throws Exception {
		Path first = software("first");
		try (Hive hive = Hive.openForWrite(first, false)) {
			hive.createKey(HiveWriteTest.KEY);
			for (RegValue value : HiveWriteTest.everyType()) {
				hive.setValue(HiveWriteTest.KEY, value);
			}
			hive.createKey("Empty Key\\With ] bracket");
			hive.setValue("Microsoft", RegValue.string("sz without terminator", "x"));
			hive.setValue("Microsoft", new RegValue("sz raw", 1, new byte[] { 'a', 0 }));
			hive.setValue("Microsoft", new RegValue("dword 3 bytes", 4, new byte[] { 1, 2, 3 }));
			hive.setValue("Microsoft", RegValue.string("lines", "one\r\ntwo"));
			hive.commit();
		}
		RegFile.Export exported = export(first);
		assertEquals(0, exported.notes().size(), exported.notes().toString());
		Path reg = temp.resolve("first.reg");
		RegFile.write(reg, exported);
		byte[] bytes = Files.readAllBytes(reg);
		assertEquals(0xFF, bytes[0] & 0xFF, "UTF-16LE byte order mark, as regedit writes");
		assertEquals(0xFE, bytes[1] & 0xFF);
		String text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
		assertTrue(text.startsWith("Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n"),
				text);
		assertTrue(text.contains("\r\n\"Dword\"=dword:deadbeef\r\n"), text);
		assertTrue(text.contains("\r\n\"String\"=\"Hello, Wörld ™ \\\"quoted\\\" C:\\\\path\"\r\n"), text);
		assertTrue(text.contains("\r\n@=\"the default value\"\r\n"), text);
		assertTrue(text.contains("\"Qword\"=hex(b):01,00,00,00,00,00,00,80\r\n"), text);
		// the wrapping regedit itself produces for the stock DevicePath value
		assertTrue(text.contains("\"DevicePath\"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,\\\r\n"
				+ "  00,74,00,25,00,5c,00,69,00,6e,00,66,00,3b,00,43,00,3a,00,5c,00,44,00,72,00,\\\r\n"
				+ "  69,00,76,00,65,00,72,00,73,00,00,00\r\n"), text);

		Path second = software("second");
		importInto(second, reg);
		RegFile.Export again = export(second);
		assertEquals(exported.text(), again.text());
		try (Hive a = Hive.open(first); Hive b = Hive.open(second)) {
			assertEquals(a.values(HiveWriteTest.KEY), b.values(HiveWriteTest.KEY));
			assertEquals(a.values("Microsoft"), b.values("Microsoft"));
		}
		assertEquals(Hivexsh.values(first, HiveWriteTest.KEY), Hivexsh.values(second, HiveWriteTest.KEY));
	}

	@Test
	void missingParentKeysAreCreatedAndDeletionsApply() throws Exception {
		Path hive = software("hive");
		try (Hive open = Hive.openForWrite(hive, false)) {
			open.createKey("Old\\Sub");
			open.createKey("Keep");
			open.setValue("Keep", RegValue.string("drop", "me"));
			open.setValue("Keep", RegValue.string("stay", "here"));
			open.commit();
		}
		Path reg = Files.writeString(temp.resolve("change.reg"), """
				Windows Registry Editor Version 5.00

				; a comment
				[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Product\\Settings]
				"Level"=dword:0000002a
				@="default"

				[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]

				[HKLM\\SOFTWARE\\Keep]
				"drop"=-
				""", StandardCharsets.UTF_8);
		RegFile.ImportResult result = importInto(hive, reg);
		assertEquals(1, result.keysDeleted());
		assertEquals(1, result.valuesDeleted());
		assertEquals(2, result.valuesSet());
		try (Hive open = Hive.open(hive)) {
			assertEquals(List.of("Keep", "Vendor"), open.subkeys("").stream().map(KeyInfo::name).toList());
			assertEquals(42L, open.value("Vendor\\Product\\Settings", "Level").orElseThrow().asNumber());
			assertEquals(List.of(RegValue.string("stay", "here")), open.values("Keep"));
		}
		assertEquals("42\n", Hivexsh.value(hive, "Vendor\\Product\\Settings", "Level"));
		assertEquals("default\n", Hivexsh.value(hive, "Vendor\\Product\\Settings", ""));
	}

	@Test
	void malformedLineGivesItsNumberAndChangesNothing() throws Exception {
		Path hive = software("hive");
		try (Hive open = Hive.openForWrite(hive, false)) {
			open.createKey("Existing");
			open.commit();
		}
		byte[] before = Files.readAllBytes(hive);
		Path reg = Files.writeString(temp.resolve("bad.reg"), """
				Windows Registry Editor Version 5.00

				[HKEY_LOCAL_MACHINE\\SOFTWARE\\New]
				"fine"="value"
				"bytes"=hex:01,02,\\
				  03,04
				"broken"=dwrd:1
				""", StandardCharsets.UTF_8);
		RegFormatException error = assertThrows(RegFormatException.class, () -> importInto(hive, reg));
		assertEquals(7, error.line());
		assertTrue(error.getMessage().startsWith(reg + ": line 7: unrecognised value data 'dwrd:1'"), error.getMessage());
		assertArrayEquals(before, Files.readAllBytes(hive), "the hive is byte-identical");

		for (String[] bad : new String[][] { { "Windows Registry Editor Version 4.00\n", "1" },
				{ "Windows Registry Editor Version 5.00\n\"x\"=\"y\"\n", "2" },
				{ "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SYSTEM\\X]\n", "2" },
				{ "Windows Registry Editor Version 5.00\n[HKLM\\SOFTWARE\\X]\n\"x\"=hex:1g\n", "3" },
				{ "Windows Registry Editor Version 5.00\n[HKLM\\SOFTWARE\\X]\n\"x=\"y\"\n", "3" },
				{ "Windows Registry Editor Version 5.00\n[HKLM\\SOFTWARE\\X\n", "2" },
				{ "Windows Registry Editor Version 5.00\n[HKLM\\SOFTWARE\\X]\n\"a\"=dword:123456789\n", "3" } }) {
			Path file = Files.writeString(temp.resolve("bad-" + bad[1] + ".reg"), bad[0]);
			RegFormatException e = assertThrows(RegFormatException.class, () -> importInto(hive, file), bad[0]);
			assertEquals(Integer.parseInt(bad[1]), e.line(), e.getMessage());
		}
		assertArrayEquals(before, Files.readAllBytes(hive));
	}

	@Test
	void regedit4AnsiAndUtf8InputsAreRead() throws Exception {
		Path hive = software("hive");
		String text = "REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Old Style]\r\n\"Path\"=hex(2):25,77,69,6e,64,69,72,25,\\\r\n"
				+ "  5c,e9,00\r\n\"Name\"=\"Caf\u00e9 \\\"x\\\"\"\r\n\"List\"=hex(7):61,00,62,00,00\r\n";
		Path reg = Files.write(temp.resolve("old.reg"), text.getBytes(Charset.forName("windows-1252")));
		importInto(hive, reg);
		try (Hive open = Hive.open(hive)) {
			assertEquals(RegValue.expandString("Path", "%windir%\\é"), open.value("Old Style", "Path").orElseThrow());
			assertEquals("Café \"x\"", open.value("Old Style", "Name").orElseThrow().asString());
			assertEquals(List.of("a", "b"), open.value("Old Style", "List").orElseThrow().asStrings());
		}
		Path utf8 = Files.writeString(temp.resolve("utf8.reg"),
				"\uFEFFWindows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Ünïcødé ™]\n\"名前\"=\"値\"\n");
		importInto(hive, utf8);
		assertEquals(Map.of("名前", "\"値\""), Hivexsh.values(hive, "Ünïcødé ™"));
		assertFalse(export(hive).text().isEmpty());
	}
}
