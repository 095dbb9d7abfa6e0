package org.deployforge.registry.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deployforge.registry.Hive;
import org.deployforge.registry.KeyInfo;
import org.deployforge.registry.RegValue;
import org.deployforge.tests.common.Fixtures;
import org.junit.jupiter.api.Test;

/** The hivex project's own test hives, read by our engine and compared with hivexget/hivexsh. */
class HiveFixturesTest {

	@Test
	void minimalHiveHasAnEmptyRootAndIsClean() throws Exception {
		var file = Fixtures.require("hive/minimal");
		try (Hive hive = Hive.open(file)) {
			KeyInfo root = hive.key("").orElseThrow();
			assertEquals(0, root.subkeys());
			assertEquals(0, root.values());
			assertTrue(hive.subkeys("").isEmpty());
			assertFalse(hive.state().dirty(), hive.state().explanation());
			assertEquals("1.5", hive.formatVersion());
			assertTrue(root.lastWritten().isAfter(Instant.parse("2000-01-01T00:00:00Z")), root.lastWritten().toString());
		}
		assertEquals(List.of(), Hivexsh.subkeys(file, ""));
	}

	@Test
	void specialNamesComeThroughExactly() throws Exception {
		var file = Fixtures.require("hive/special");
		try (Hive hive = Hive.open(file)) {
			List<String> ours = hive.subkeys("").stream().map(KeyInfo::name).toList();
			// hivex's own test (perl/t/130-special.t) names these three keys and their values
			assertEquals(List.of("abcd_äöüß", "weird™", "zero\0key"), ours);
			assertEquals("abcd_äöüß", hive.values("abcd_äöüß").get(0).name());
			assertEquals("symbols $£₤₧€", hive.values("weird™").get(0).name());
			assertEquals("zero\0val", hive.values("zero\0key").get(0).name());
			// the value is found case-insensitively, as Windows does
			assertTrue(hive.value("ABCD_ÄÖÜß", "abcd_ÄÖÜß").isPresent());

			// hivexsh prints C strings: the same names, cut at the NUL
			List<String> cut = new ArrayList<>();
			for (String name : ours) {
				cut.add(name.contains("\0") ? name.substring(0, name.indexOf('\0')) : name);
			}
			assertEquals(cut, Hivexsh.subkeys(file, ""));
			for (String key : List.of("abcd_äöüß", "weird™")) {
				Map<String, String> theirs = Hivexsh.values(file, key);
				List<RegValue> values = hive.values(key);
				assertEquals(theirs.size(), values.size());
				for (RegValue value : values) {
					assertEquals(theirs.get(value.name()), Hivexsh.notation(value), key + "\\" + value.name());
				}
			}
		}
	}

	@Test
	void rlenvalueHiveValuesMatchHivexget() throws Exception {
		var file = Fixtures.require("hive/rlenvalue_test_hive");
		try (Hive hive = Hive.open(file)) {
			assertEquals(List.of("ModerateValueParent"), hive.subkeys("").stream().map(KeyInfo::name).toList());
			List<RegValue> values = hive.values("ModerateValueParent");
			Map<String, String> theirs = Hivexsh.values(file, "ModerateValueParent");
			assertEquals(List.copyOf(theirs.keySet()), values.stream().map(RegValue::name).toList());
			for (RegValue value : values) {
				assertEquals(theirs.get(value.name()), Hivexsh.notation(value), value.name());
				// the names say the sizes: 3Bytes, 16Bytes, … 33Bytes
				assertEquals(Integer.parseInt(value.name().replace("Bytes", "")), value.size(), value.name());
			}
		}
	}
}
