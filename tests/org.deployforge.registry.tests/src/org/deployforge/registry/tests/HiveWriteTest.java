package org.deployforge.registry.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;
import org.deployforge.registry.EmptyHive;
import org.deployforge.registry.Hive;
import org.deployforge.registry.HiveCommitResult;
import org.deployforge.registry.KeyInfo;
import org.deployforge.registry.RegValue;
import org.deployforge.registry.ValueType;
import org.deployforge.tests.common.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hives we create and change, read back by our engine and by the real hivex tools. */
class HiveWriteTest {

	@TempDir
	Path temp;

	static final String KEY = "Microsoft\\Windows\\CurrentVersion";

	/** One value of every type Windows defines, plus an unknown type code, plus odd sizes. */
	static List<RegValue> everyType() {
		return List.of(RegValue.string("String", "Hello, Wörld ™ \"quoted\" C:\\path"),
				RegValue.expandString("DevicePath", "%SystemRoot%\\inf;C:\\Drivers"),
				RegValue.multiString("Multi", List.of("first", "zweite ü", "", "last")),
				RegValue.dword("Dword", 0xDEADBEEF), RegValue.dwordBigEndian("DwordBE", 0x01020304),
				RegValue.qword("Qword", 0x8000000000000001L), RegValue.binary("Binary", new byte[] { 0, 1, 2, (byte) 255 }),
				RegValue.binary("BinaryLarge", bytes(5000)), RegValue.none("None", new byte[] { 9, 8, 7 }),
				RegValue.none("NoneEmpty", new byte[0]), RegValue.link("SymbolicLinkValue", "\\Registry\\Machine\\X"),
				new RegValue("ResourceList", ValueType.RESOURCE_LIST.code(), bytes(20)),
				new RegValue("Unknown", 0x12345, new byte[] { 1, 2, 3, 4, 5, 6 }),
				RegValue.string("", "the default value"), RegValue.string("名前 Ω", "Unicode name"));
	}

	static byte[] bytes(int size) {
		byte[] data = new byte[size];
		for (int i = 0; i < size; i++) {
			data[i] = (byte) (i * 7 + 3);
		}
		return data;
	}

	@Test
	void emptyHiveIsAcceptedByHivexTools() throws Exception {
		Path file = temp.resolve("SOFTWARE");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		assertEquals(8192, Files.size(file));
		byte[] bytes = Files.readAllBytes(file);
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		int xor = 0;
		for (int i = 0; i < 508; i += 4) {
			xor ^= buffer.getInt(i);
		}
		assertEquals(xor, buffer.getInt(508), "base block checksum");
		// hivexsh opens it (it checks the checksum, the hbin and the root cell) and lists an empty root
		assertEquals(List.of(), Hivexsh.subkeys(file, ""));
		assertEquals(Map.of(), Hivexsh.values(file, ""));
		try (Hive hive = Hive.open(file)) {
			KeyInfo root = hive.key("").orElseThrow();
			assertEquals(0, root.subkeys());
			assertFalse(hive.state().dirty());
			assertTrue(Duration.between(root.lastWritten(), Instant.now()).abs().toMinutes() < 5, root.toString());
		}
		assertInstanceOf(ImageException.class,
				assertThrows(ImageException.class, () -> EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME)));
	}

	@Test
	void everyValueTypeIsWrittenAndReadBackByUsAndByHivexget() throws Exception {
		Path file = temp.resolve("SOFTWARE");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		List<RegValue> values = everyType();
		HiveCommitResult result;
		try (Hive hive = Hive.openForWrite(file, false)) {
			assertTrue(hive.createKey(KEY));
			for (RegValue value : values) {
				hive.setValue(KEY, value);
			}
			result = hive.commit();
		}
		assertEquals(3 + values.size(), result.changes());
		assertEquals(3 + values.size(), result.verified(), "every created key and set value read back");

		try (Hive hive = Hive.open(file)) {
			List<RegValue> back = hive.values(KEY);
			assertEquals(values, back, "our engine reads back the same names, types and bytes");
			assertEquals(List.of("first", "zweite ü", "", "last"), back.get(2).asStrings());
			assertEquals(0xDEADBEEFL, back.get(3).asNumber());
			assertEquals(0x01020304L, back.get(4).asNumber());
		}
		// hivexget's own reading of every value, in its notation
		Map<String, String> theirs = Hivexsh.values(file, KEY);
		assertEquals(values.size(), theirs.size(), theirs.toString());
		for (RegValue value : values) {
			String name = value.name().isEmpty() ? "@" : value.name();
			assertEquals(Hivexsh.notation(value), theirs.get(name), name);
		}
		// and single values as hivexget prints them: strings as text, numbers signed decimal
		assertEquals("%SystemRoot%\\inf;C:\\Drivers\n", Hivexsh.value(file, KEY, "DevicePath"));
		assertEquals((int) 0xDEADBEEF + "\n", Hivexsh.value(file, KEY, "Dword"));
		assertEquals(0x8000000000000001L + "\n", Hivexsh.value(file, KEY, "Qword"));
		assertEquals("first\nzweite ü\n\nlast\n\n", Hivexsh.value(file, KEY, "Multi"));
		assertEquals("the default value\n", Hivexsh.value(file, KEY, ""));
		assertEquals(List.of("Microsoft"), Hivexsh.subkeys(file, ""));
	}

	@Test
	void deleteRenameAndReplaceAreCommittedAtomically() throws Exception {
		Path file = temp.resolve("SOFTWARE");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
		try (Hive hive = Hive.openForWrite(file, false)) {
			hive.createKey("A\\B\\C");
			hive.setValue("A\\B", RegValue.string("keep", "x"));
			hive.setValue("A\\B\\C", RegValue.dword("deep", 7));
			hive.createKey("Gone\\Child");
			hive.setValue("Gone\\Child", RegValue.string("v", "w"));
			hive.commit();
		}
		byte[] before = Files.readAllBytes(file);
		try (Hive hive = Hive.openForWrite(file, false)) {
			hive.renameKey("a\\b", "Renamed");
			assertTrue(hive.deleteKey("GONE"));
			assertFalse(hive.deleteKey("Gone"));
			hive.setValue("A\\Renamed", RegValue.string("KEEP", "replaced"));
			hive.renameValue("A\\Renamed\\C", "deep", "deeper");
			assertTrue(hive.deleteValue("A\\Renamed", "keep"));
			// nothing on disk changes before commit
			assertArrayEquals(before, Files.readAllBytes(file));
			HiveCommitResult result = hive.commit();
			assertTrue(result.verified() > 0);
			assertTrue(hive.notes().stream().anyMatch(note -> note.contains("by copy and delete")), hive.notes().toString());
		}
		assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
		try (Hive hive = Hive.open(file)) {
			assertEquals(List.of("A"), hive.subkeys("").stream().map(KeyInfo::name).toList());
			assertEquals(List.of("Renamed"), hive.subkeys("A").stream().map(KeyInfo::name).toList());
			assertEquals(List.of(), hive.values("A\\Renamed"));
			assertEquals(List.of(RegValue.dword("deeper", 7)), hive.values("A\\Renamed\\C"));
		}
		assertEquals(List.of("Renamed"), Hivexsh.subkeys(file, "A"));
		assertEquals(Map.of("deeper", "dword:00000007"), Hivexsh.values(file, "A\\Renamed\\C"));

		// a rename that only changes case goes through a staging key; every change is still read back
		try (Hive hive = Hive.openForWrite(file, false)) {
			hive.renameKey("A", "a");
			HiveCommitResult result = hive.commit();
			assertTrue(result.verified() > 0, result.toString());
		}
		assertEquals(List.of("a"), Hivexsh.subkeys(file, ""));
		assertEquals(Map.of("deeper", "dword:00000007"), Hivexsh.values(file, "a\\Renamed\\C"));
		try (var files = Files.list(temp)) {
			assertEquals(List.of(file), files.toList(), "no work files left beside the hive");
		}
	}

	@Test
	void dirtyHiveIsReportedAndNotWrittenWithoutForce() throws Exception {
		Path file = temp.resolve("SYSTEM");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		// an interrupted write: primary sequence number ahead of the secondary (checksum fixed, else hivex refuses)
		byte[] bytes = Files.readAllBytes(file);
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		buffer.putInt(4, 5);
		buffer.putInt(8, 4);
		int xor = 0;
		for (int i = 0; i < 508; i += 4) {
			xor ^= buffer.getInt(i);
		}
		buffer.putInt(508, xor);
		Files.write(file, bytes);
		Files.write(temp.resolve("SYSTEM.LOG1"), new byte[0]);

		try (Hive hive = Hive.openForWrite(file, false)) {
			assertTrue(hive.state().dirty());
			assertTrue(hive.state().explanation().contains("primary sequence number 5 differs from its secondary 4"),
					hive.state().explanation());
			assertEquals(List.of(temp.resolve("SYSTEM.LOG1")), hive.state().logs());
			ImageException refused = assertThrows(ImageException.class, () -> hive.createKey("X"));
			assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
			assertTrue(refused.getMessage().startsWith(file.toString()), refused.getMessage());
		}
		assertArrayEquals(bytes, Files.readAllBytes(file));
		try (Hive hive = Hive.openForWrite(file, true)) {
			hive.createKey("X");
			HiveCommitResult result = hive.commit();
			assertTrue(result.notes().stream().anyMatch(note -> note.contains("--force")), result.notes().toString());
		}
		assertTrue(Files.exists(temp.resolve("SYSTEM.LOG1")), "the log is never dropped");
		assertEquals(List.of("X"), Hivexsh.subkeys(file, ""));
	}

	@Test
	void newFormatLogWithNewerEntriesMakesACleanHiveDirty() throws Exception {
		Path file = temp.resolve("SOFTWARE");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		ByteBuffer log = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
		log.put(0, "regf".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		log.put(512, "HvLE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		log.putInt(512 + 12, 1); // sequence number = the hive's secondary (1): not yet in the hive
		Files.write(temp.resolve("SOFTWARE.LOG2"), log.array());
		try (Hive hive = Hive.open(file)) {
			assertTrue(hive.state().dirty(), hive.state().explanation());
			assertEquals(List.of(temp.resolve("SOFTWARE.LOG2")), hive.state().pendingLogs());
		}
		log.putInt(512 + 12, 0); // an older entry: already in the hive
		Files.write(temp.resolve("SOFTWARE.LOG2"), log.array());
		try (Hive hive = Hive.open(file)) {
			assertFalse(hive.state().dirty(), hive.state().explanation());
			assertTrue(hive.state().explanation().contains("SOFTWARE.LOG2"), hive.state().explanation());
		}
	}

	@Test
	void damagedHivesGiveOneClearErrorAndNeverKillTheJvm() throws Exception {
		Path file = temp.resolve("SOFTWARE");
		EmptyHive.create(file, EmptyHive.DEFAULT_ROOT_NAME);
		try (Hive hive = Hive.openForWrite(file, false)) {
			hive.createKey("K");
			hive.setValue("K", RegValue.binary("big", bytes(300)));
			hive.commit();
		}
		byte[] good = Files.readAllBytes(file);

		// not a hive at all
		Path text = Files.writeString(temp.resolve("notahive"), "hello");
		ImageException notHive = assertThrows(ImageException.class, () -> Hive.open(text));
		assertTrue(notHive.getMessage().startsWith(text.toString()) && notHive.getMessage().contains("not a registry hive"),
				notHive.getMessage());

		// a bad base block checksum: hivex refuses, we say so
		byte[] badSum = good.clone();
		badSum[508] ^= 0x55;
		Path sum = Files.write(temp.resolve("badsum"), badSum);
		ImageException checksum = assertThrows(ImageException.class, () -> Hive.open(sum));
		assertInstanceOf(CorruptImageException.class, checksum);
		assertTrue(checksum.getMessage().startsWith(sum.toString()), checksum.getMessage());

		// every single byte of the hive bins flipped in turn, then listed, read and changed: errors, never a crash
		int errors = 0;
		int opened = 0;
		for (int offset = 4096; offset < good.length; offset += 7) {
			byte[] damaged = good.clone();
			damaged[offset] ^= (byte) 0xA5;
			Path copy = Files.write(temp.resolve("damaged"), damaged);
			try (Hive hive = Hive.openForWrite(copy, false)) {
				opened++;
				for (KeyInfo key : hive.subkeys("")) {
					hive.values(key.path());
					hive.setValue(key.path(), RegValue.dword("new", 1));
					hive.deleteKey(key.path());
				}
			} catch (ImageException e) {
				errors++;
				assertTrue(e.getMessage().startsWith(copy.toString()), e.getMessage());
			}
		}
		assertTrue(opened > 0 && errors > 0, "opened " + opened + ", errors " + errors);
		assertEquals(List.of("K"), Hivexsh.subkeys(file, ""));
	}
}
