package org.deployforge.registry.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deployforge.registry.EmptyHive;
import org.deployforge.registry.Hive;
import org.deployforge.registry.RegFile;
import org.deployforge.registry.RegValue;
import org.deployforge.registry.RootMapping;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our .reg files against another implementation, hivex's {@code hivexregedit} (Debian libwin-hivex-perl): it merges
 * what we export, and we import what it exports, with the same values as a result.
 */
class HivexregeditTest {

	@TempDir
	Path temp;

	private static final String ROOT = "HKEY_LOCAL_MACHINE\\SOFTWARE";

	private Path original() throws Exception {
		Path file = Files.createDirectories(temp.resolve("original")).resolve("SOFTWARE");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		try (Hive hive = Hive.openForWrite(file, false)) {
			hive.createKey(HiveWriteTest.KEY);
			for (RegValue value : HiveWriteTest.everyType()) {
				hive.setValue(HiveWriteTest.KEY, value);
			}
			hive.createKey("Classes\\.txt");
			hive.setValue("Classes\\.txt", RegValue.string("", "txtfile"));
			hive.commit();
		}
		return file;
	}

	private Path fresh(String name) throws Exception {
		Path file = Files.createDirectories(temp.resolve(name)).resolve("SOFTWARE");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		return file;
	}

	private static void assertSameValues(Path expected, Path actual) throws Exception {
		try (Hive a = Hive.open(expected); Hive b = Hive.open(actual)) {
			for (String key : List.of(HiveWriteTest.KEY, "Classes\\.txt")) {
				List<RegValue> wanted = a.values(key).stream()
						.sorted((x, y) -> x.name().compareTo(y.name())).toList();
				List<RegValue> found = b.values(key).stream()
						.sorted((x, y) -> x.name().compareTo(y.name())).toList();
				assertEquals(wanted, found, key);
			}
		}
	}

	@Test
	void hivexregeditMergesWhatWeExport() throws Exception {
		Path original = original();
		RegFile.Export export;
		try (Hive hive = Hive.open(original)) {
			export = RegFile.export(hive, "", new RootMapping(ROOT));
		}
		// hivexregedit reads the local encoding with Unix line ends (its manual: iconv -f utf-16le | dos2unix); Perl
		// reads files as bytes unless told that the local encoding is UTF-8 (PERL_UNICODE=SDA)
		Path reg = Files.writeString(temp.resolve("ours.reg"), export.text().replace("\r\n", "\n"),
				StandardCharsets.UTF_8);
		Path target = fresh("merged");
		Tools.ok("env", "PERL_UNICODE=SDA", "hivexregedit", "--merge", "--prefix", ROOT, target.toString(),
				reg.toString());
		assertSameValues(original, target);
	}

	@Test
	void weImportWhatHivexregeditExports() throws Exception {
		Path original = original();
		Tools.Result exported = Tools.ok("hivexregedit", "--export", "--prefix", ROOT, original.toString(), "\\");
		Path reg = Files.writeString(temp.resolve("theirs.reg"), exported.stdout(), StandardCharsets.UTF_8);
		Path target = fresh("imported");
		try (Hive hive = Hive.openForWrite(target, false)) {
			RegFile.read(reg, new RootMapping(ROOT)).applyTo(hive);
			hive.commit();
		}
		assertSameValues(original, target);
	}
}
