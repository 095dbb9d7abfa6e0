package org.deployforge.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.deployforge.core.AtomicReplace;
import org.deployforge.core.ImageException;

/**
 * Writes a new, empty hive (hivex cannot create one): 8192 bytes, a base block and one 4096-byte hive bin holding the
 * root key ({@code nk}), one security descriptor ({@code sk}) and a free cell.
 * <p>
 * Format facts: Maxim Suhanov, "Windows registry file format specification" (github.com/msuhanov/regf), sections
 * "Base block", "Hive bin", "Key node", "Key security"; cross-checked against hivex's {@code lib/hivex-internal.h}
 * ({@code struct ntreg_header}: checksum at 0x1FC is the XOR of the 127 dwords before it; {@code ntreg_nk_record},
 * {@code ntreg_sk_record}) and hivex's own {@code images/minimal}. Base block: {@code regf}, sequence numbers 1/1,
 * last-written FILETIME, version 1.5 (major 1, minor 5; hivex writes 'lh' subkey lists, which need 1.5), type 0
 * (primary file), format 1 (direct memory load), root cell offset 0x20, hive bins data size 4096, clustering factor 1,
 * file name (UTF-16LE, 64 bytes). The root key has the flags KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME (0x2C),
 * as Windows gives root keys; its security descriptor grants SYSTEM and Administrators full control and Users read,
 * inherited by subkeys (what hivex then copies to every key it creates).
 */
public final class EmptyHive {

	/** Root key name Windows gives prototype hives (as in hivex's images/minimal). */
	public static final String DEFAULT_ROOT_NAME = "$$$PROTO.HIV";

	private static final int BIN = 4096;
	private static final int ROOT = 0x20;

	private EmptyHive() {
	}

	/**
	 * Writes an empty hive atomically (beside, then renamed).
	 *
	 * @param file     the hive to create; an existing file is refused
	 * @param rootName the root key's name (ASCII/Latin-1, at most 255 characters)
	 * @throws ImageException when the file exists or cannot be written
	 */
	public static void create(Path file, String rootName) throws ImageException {
		if (Files.exists(file)) {
			throw new ImageException(file, "exists already; a new hive is only written to a new file");
		}
		byte[] bytes = bytes(rootName, file.getFileName().toString(), Instant.now());
		try (AtomicReplace replace = AtomicReplace.beside(file)) {
			Files.write(replace.temporary(), bytes);
			try {
				Files.setPosixFilePermissions(replace.temporary(), PosixFilePermissions.fromString("rw-r--r--"));
			} catch (UnsupportedOperationException e) {
				// not a POSIX file system
			}
			replace.commit();
		} catch (IOException e) {
			throw new ImageException(file, "cannot write the new hive: " + e.getMessage(), e);
		}
	}

	/**
	 * @return the bytes of an empty hive
	 * @param rootName the root key name (Latin-1)
	 * @param fileName the name recorded in the base block (only the last 31 characters are kept, as Windows does)
	 * @param now      the last-written time of the base block and the root key
	 */
	public static byte[] bytes(String rootName, String fileName, Instant now) {
		if (rootName.isEmpty() || rootName.length() > 255 || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(rootName)) {
			throw new IllegalArgumentException("root key name must be 1-255 Latin-1 characters: '" + rootName + "'");
		}
		long filetime = (now.getEpochSecond() + 11_644_473_600L) * 10_000_000L + now.getNano() / 100;
		ByteBuffer hive = ByteBuffer.allocate(2 * BIN).order(ByteOrder.LITTLE_ENDIAN);

		// Base block
		hive.put(0, "regf".getBytes(StandardCharsets.US_ASCII));
		hive.putInt(4, 1); // primary sequence number
		hive.putInt(8, 1); // secondary sequence number
		hive.putLong(12, filetime);
		hive.putInt(20, 1); // major version
		hive.putInt(24, 5); // minor version
		hive.putInt(28, 0); // file type: primary
		hive.putInt(32, 1); // file format: direct memory load
		hive.putInt(36, ROOT); // root cell offset (relative to the first hive bin)
		hive.putInt(40, BIN); // hive bins data size
		hive.putInt(44, 1); // clustering factor
		String name = fileName.length() > 31 ? fileName.substring(fileName.length() - 31) : fileName;
		hive.put(48, name.getBytes(StandardCharsets.UTF_16LE));
		hive.putInt(508, checksum(hive));

		// Hive bin
		int bin = BIN;
		hive.put(bin, "hbin".getBytes(StandardCharsets.US_ASCII));
		hive.putInt(bin + 4, 0); // offset of this bin, relative to the first
		hive.putInt(bin + 8, BIN); // size
		hive.putLong(bin + 20, filetime); // timestamp (first bin only)

		// Root key node
		byte[] rootBytes = rootName.getBytes(StandardCharsets.ISO_8859_1);
		int nkSize = align8(4 + 0x4C + rootBytes.length);
		int sk = ROOT + nkSize;
		int nk = bin + ROOT;
		hive.putInt(nk, -nkSize);
		hive.put(nk + 4, (byte) 'n').put(nk + 5, (byte) 'k');
		hive.putShort(nk + 6, (short) 0x2C); // KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME
		hive.putLong(nk + 8, filetime);
		hive.putInt(nk + 0x10, 0); // access bits
		hive.putInt(nk + 0x14, -1); // parent: none
		hive.putInt(nk + 0x18, 0); // subkeys
		hive.putInt(nk + 0x1C, 0); // volatile subkeys
		hive.putInt(nk + 0x20, -1); // subkeys list
		hive.putInt(nk + 0x24, -1); // volatile subkeys list
		hive.putInt(nk + 0x28, 0); // values
		hive.putInt(nk + 0x2C, -1); // values list
		hive.putInt(nk + 0x30, sk); // key security
		hive.putInt(nk + 0x34, -1); // class name
		hive.putShort(nk + 0x4C, (short) rootBytes.length);
		hive.putShort(nk + 0x4E, (short) 0);
		hive.put(nk + 0x50, rootBytes);

		// Key security: self-relative security descriptor
		byte[] descriptor = securityDescriptor();
		int skSize = align8(4 + 20 + descriptor.length);
		int skAbs = bin + sk;
		hive.putInt(skAbs, -skSize);
		hive.put(skAbs + 4, (byte) 's').put(skAbs + 5, (byte) 'k');
		hive.putInt(skAbs + 8, sk); // flink: itself (the only one)
		hive.putInt(skAbs + 12, sk); // blink
		hive.putInt(skAbs + 16, 1); // reference count: the root key
		hive.putInt(skAbs + 20, descriptor.length);
		hive.put(skAbs + 24, descriptor);

		// The rest of the bin is one free cell
		int free = sk + skSize;
		hive.putInt(bin + free, BIN - free);
		return hive.array();
	}

	private static int align8(int size) {
		return (size + 7) & ~7;
	}

	/**
	 * The base block checksum: XOR of the 127 dwords at 0..507; 0xFFFFFFFF becomes 0xFFFFFFFE and 0 becomes 1
	 * (Suhanov, "Base block", Notes).
	 */
	static int checksum(ByteBuffer hive) {
		int sum = 0;
		for (int i = 0; i < 508; i += 4) {
			sum ^= hive.getInt(i);
		}
		if (sum == -1) {
			return -2;
		}
		return sum == 0 ? 1 : sum;
	}

	/**
	 * A self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6): owner BUILTIN\Administrators (S-1-5-32-544), group SYSTEM
	 * (S-1-5-18), DACL: SYSTEM and Administrators KEY_ALL_ACCESS (0xF003F), Users (S-1-5-32-545) KEY_READ (0x20019),
	 * each ACE CONTAINER_INHERIT_ACE | OBJECT_INHERIT_ACE.
	 */
	private static byte[] securityDescriptor() {
		byte[] system = sid(18);
		byte[] administrators = sid(32, 544);
		byte[] users = sid(32, 545);
		byte[][] aces = { ace(0xF003F, system), ace(0xF003F, administrators), ace(0x20019, users) };
		int aclSize = 8;
		for (byte[] ace : aces) {
			aclSize += ace.length;
		}
		int owner = 20;
		int group = owner + administrators.length;
		int dacl = group + system.length;
		ByteBuffer sd = ByteBuffer.allocate(dacl + aclSize).order(ByteOrder.LITTLE_ENDIAN);
		sd.put(0, (byte) 1); // revision
		sd.putShort(2, (short) 0x8004); // SE_SELF_RELATIVE | SE_DACL_PRESENT
		sd.putInt(4, owner);
		sd.putInt(8, group);
		sd.putInt(12, 0); // no SACL
		sd.putInt(16, dacl);
		sd.put(owner, administrators);
		sd.put(group, system);
		sd.put(dacl, (byte) 2); // ACL revision
		sd.putShort(dacl + 2, (short) aclSize);
		sd.putShort(dacl + 4, (short) aces.length);
		int at = dacl + 8;
		for (byte[] ace : aces) {
			sd.put(at, ace);
			at += ace.length;
		}
		return sd.array();
	}

	private static byte[] sid(int... subAuthorities) {
		ByteBuffer sid = ByteBuffer.allocate(8 + 4 * subAuthorities.length).order(ByteOrder.LITTLE_ENDIAN);
		sid.put(0, (byte) 1);
		sid.put(1, (byte) subAuthorities.length);
		sid.put(7, (byte) 5); // SECURITY_NT_AUTHORITY, big-endian 48-bit
		for (int i = 0; i < subAuthorities.length; i++) {
			sid.putInt(8 + 4 * i, subAuthorities[i]);
		}
		return sid.array();
	}

	private static byte[] ace(int mask, byte[] sid) {
		ByteBuffer ace = ByteBuffer.allocate(8 + sid.length).order(ByteOrder.LITTLE_ENDIAN);
		ace.put(0, (byte) 0); // ACCESS_ALLOWED_ACE_TYPE
		ace.put(1, (byte) 0x03); // OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE
		ace.putShort(2, (short) (8 + sid.length));
		ace.putInt(4, mask);
		ace.put(8, sid);
		return ace.array();
	}
}
