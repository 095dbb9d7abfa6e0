package org.deployforge.registry.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.registry.Hive;
import org.deployforge.registry.RegValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code deployforge reg …} on hive files, checked with hivexget. */
class RegCliTest {

	@TempDir
	Path temp;

	private static final String KEY = "Microsoft\\Windows\\CurrentVersion";

	@Test
	void setGetLsAndRmEveryType() throws Exception {
		Path hive = temp.resolve("SOFTWARE");
		Cli.Run created = Cli.run("reg", "new", hive.toString());
		assertEquals(0, created.exit(), created.toString());
		String file = hive.toString();
		String[][] sets = { { "DevicePath", "expand_sz", "%SystemRoot%\\inf;C:\\Drivers" },
				{ "Text", "sz", "plain ü" }, { "Number", "dword", "0xdeadbeef" }, { "Big", "qword", "18446744073709551615" },
				{ "BE", "dword_be", "258" }, { "Bytes", "binary", "01,02,ff" }, { "Nothing", "none", "" },
				{ "Link", "link", "\\Registry\\Machine\\Software" }, { "Odd", "0x12345", "0a0b" } };
		for (String[] set : sets) {
			Cli.Run run = set[2].isEmpty() ? Cli.run("reg", "set", file, KEY, set[0], "--type", set[1])
					: Cli.run("reg", "set", file, KEY, set[0], "--type", set[1], set[2]);
			assertEquals(0, run.exit(), run.toString());
			assertTrue(run.out().contains("read back"), run.out());
		}
		Cli.Run multi = Cli.run("reg", "set", file, KEY, "Multi", "--type", "multi_sz", "one", "two");
		assertEquals(0, multi.exit(), multi.toString());

		assertEquals("%SystemRoot%\\inf;C:\\Drivers\n", Hivexsh.value(hive, KEY, "DevicePath"));
		assertEquals((int) 0xdeadbeefL + "\n", Hivexsh.value(hive, KEY, "Number"));
		assertEquals("-1\n", Hivexsh.value(hive, KEY, "Big"));
		assertEquals("one\ntwo\n\n", Hivexsh.value(hive, KEY, "Multi"));
		assertEquals("dword:00000102", Hivexsh.values(hive, KEY).get("BE"));
		assertEquals("hex(3):01,02,ff", Hivexsh.values(hive, KEY).get("Bytes"));
		assertEquals("hex(0):", Hivexsh.values(hive, KEY).get("Nothing"));
		assertEquals("hex(74565):0a,0b", Hivexsh.values(hive, KEY).get("Odd"));
		assertEquals("str(6):\"\\\\Registry\\\\Machine\\\\Software\"", Hivexsh.values(hive, KEY).get("Link"));

		Cli.Run get = Cli.run("reg", "get", file, KEY, "Number");
		assertEquals("3735928559\n", get.out(), get.toString());
		assertEquals("18446744073709551615\n", Cli.run("reg", "get", file, KEY, "Big").out());
		assertEquals("one\ntwo\n", Cli.run("reg", "get", file, KEY, "Multi").out());

		Cli.Run ls = Cli.run("reg", "ls", file, KEY, "--json");
		assertEquals(0, ls.exit(), ls.toString());
		JsonNode json = new ObjectMapper().readTree(ls.out());
		assertEquals(KEY, json.get("key").asText());
		assertEquals(10, json.get("values").size());
		assertEquals("expand_sz", json.get("values").get(0).get("type").asText());
		assertEquals(false, json.get("state").get("dirty").asBoolean());
		Cli.Run root = Cli.run("reg", "ls", file);
		assertTrue(root.out().contains("Microsoft\\"), root.out());

		assertEquals(0, Cli.run("reg", "rm", file, KEY, "Text").exit());
		assertEquals(null, Hivexsh.values(hive, KEY).get("Text"));
		Cli.Run missing = Cli.run("reg", "get", file, KEY, "Text");
		assertEquals(1, missing.exit());
		assertTrue(missing.err().contains(file + ": no value 'Text'"), missing.err());
		assertEquals(0, Cli.run("reg", "rm", file, "Microsoft\\Windows").exit());
		assertEquals(List.of(), Hivexsh.subkeys(hive, "Microsoft"));

		Cli.Run help = Cli.run("reg", "set", "--help");
		assertEquals(0, help.exit(), help.toString());
		assertTrue(help.out().contains("--type") && help.out().contains("--force"), help.out());
		Cli.Run none = Cli.run("reg");
		assertEquals(2, none.exit(), none.toString());
		assertTrue(none.err().contains("a subcommand is required"), none.err());
		Cli.Run usage = Cli.run("reg", "set", file, KEY, "X", "--type", "dword", "twelve");
		assertEquals(2, usage.exit(), usage.toString());
		assertTrue(usage.err().contains("'twelve' is not a dword number"), usage.err());
	}

	@Test
	void importExportAndMalformedFiles() throws Exception {
		Path hive = temp.resolve("SYSTEM");
		Path source = ControlSetTest.system(Files.createDirectories(temp.resolve("src")), 1);
		Files.copy(source, hive);
		Path reg = Files.writeString(temp.resolve("svc.reg"), """
				Windows Registry Editor Version 5.00

				[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\viostor]
				"Start"=dword:00000000
				"ImagePath"=hex(2):53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,64,00,\\
				  72,00,69,00,76,00,65,00,72,00,73,00,5c,00,76,00,69,00,6f,00,73,00,74,00,6f,\\
				  00,72,00,2e,00,73,00,79,00,73,00,00,00
				""", StandardCharsets.UTF_8);
		Cli.Run imported = Cli.run("reg", "import", hive.toString(), reg.toString());
		assertEquals(0, imported.exit(), imported.toString());
		assertTrue(imported.out().contains("CurrentControlSet resolved to ControlSet001"), imported.out());
		assertEquals("System32\\drivers\\viostor.sys\n",
				Hivexsh.value(hive, "ControlSet001\\Services\\viostor", "ImagePath"));

		Path exported = temp.resolve("out.reg");
		Cli.Run export = Cli.run("reg", "export", hive.toString(), "CurrentControlSet\\Services\\viostor", "-o",
				exported.toString());
		assertEquals(0, export.exit(), export.toString());
		String text = new String(Files.readAllBytes(exported), StandardCharsets.UTF_16LE);
		assertTrue(text.startsWith("\uFEFFWindows Registry Editor Version 5.00\r\n\r\n"
				+ "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\viostor]\r\n\"Start\"=dword:00000000\r\n"), text);

		byte[] before = Files.readAllBytes(hive);
		Path bad = Files.writeString(temp.resolve("bad.reg"), """
				Windows Registry Editor Version 5.00

				[HKEY_LOCAL_MACHINE\\SYSTEM\\Setup]
				"CmdLine"="setup.exe"
				"SetupType"=dword:2
				"Broken"=hex(2):zz
				""", StandardCharsets.UTF_8);
		Cli.Run failed = Cli.run("reg", "import", hive.toString(), bad.toString());
		assertEquals(1, failed.exit(), failed.toString());
		assertTrue(failed.err().contains(bad + ": line 6: 'zz' is not a hex byte"), failed.err());
		assertArrayEquals(before, Files.readAllBytes(hive), "a failed import changes nothing");
		try (Hive open = Hive.open(hive)) {
			assertEquals(List.of(RegValue.dword("Start", 0)).get(0),
					open.value("ControlSet001\\Services\\viostor", "Start").orElseThrow());
		}
	}
}
