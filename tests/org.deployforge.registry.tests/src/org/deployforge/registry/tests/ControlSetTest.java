package org.deployforge.registry.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.registry.EmptyHive;
import org.deployforge.registry.Hive;
import org.deployforge.registry.RegFile;
import org.deployforge.registry.RegValue;
import org.deployforge.registry.RootMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An offline SYSTEM hive has no CurrentControlSet: it is resolved through Select\Current. */
class ControlSetTest {

	@TempDir
	Path temp;

	/** A SYSTEM hive made by our empty-hive writer and engine: Select\Current = current, two control sets. */
	static Path system(Path folder, int current) throws Exception {
		Path file = folder.resolve("SYSTEM");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		try (Hive hive = Hive.openForWrite(file, false)) {
			hive.createKey("Select");
			hive.setValue("Select", RegValue.dword("Current", current));
			hive.setValue("Select", RegValue.dword("Default", current));
			hive.setValue("Select", RegValue.dword("LastKnownGood", 2));
			for (String set : List.of("ControlSet001", "ControlSet002")) {
				hive.createKey(set + "\\Services\\X");
				hive.setValue(set + "\\Services\\X", RegValue.string("From", set));
			}
			hive.commit();
		}
		return file;
	}

	@Test
	void currentControlSetResolvesThroughSelectCurrent() throws Exception {
		Path file = system(temp, 1);
		try (Hive hive = Hive.openForWrite(file, false)) {
			assertEquals("ControlSet001\\Services\\X", hive.resolve("CurrentControlSet\\Services\\X"));
			assertTrue(hive.exists("CurrentControlSet\\Services\\X"));
			assertEquals("ControlSet001", hive.value("currentcontrolset\\Services\\X", "From").orElseThrow().asString());
			assertTrue(hive.notes().contains("CurrentControlSet resolved to ControlSet001 (Select\\Current = 1; an offline "
					+ "SYSTEM hive has no CurrentControlSet)"), hive.notes().toString());
			hive.setValue("CurrentControlSet\\Services\\X", RegValue.dword("Start", 3));
			hive.commit();
		}
		assertEquals("3\n", Hivexsh.value(file, "ControlSet001\\Services\\X", "Start"));
		assertEquals(List.of("ControlSet001", "ControlSet002", "Select"), Hivexsh.subkeys(file, ""));
	}

	@Test
	void regFileNamingCurrentControlSetLandsInTheSelectedSet() throws Exception {
		Path file = system(temp, 2);
		Path reg = Files.writeString(temp.resolve("svc.reg"), """
				Windows Registry Editor Version 5.00

				[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\X\\Parameters]
				"Enabled"=dword:00000001
				""", StandardCharsets.UTF_8);
		try (Hive hive = Hive.openForWrite(file, false)) {
			RegFile.ImportResult result = RegFile.read(reg, RootMapping.forHive(file)).applyTo(hive);
			assertTrue(result.notes().stream().anyMatch(note -> note.contains("ControlSet002")), result.notes().toString());
			hive.commit();
		}
		assertEquals("1\n", Hivexsh.value(file, "ControlSet002\\Services\\X\\Parameters", "Enabled"));
		assertEquals(List.of(), Hivexsh.subkeys(file, "ControlSet001\\Services\\X"));
	}
}
