package org.deployforge.handler.iso.internal;

import static org.deployforge.handler.iso.internal.Sectors.ascii;
import static org.deployforge.handler.iso.internal.Sectors.u32le;
import static org.deployforge.handler.iso.internal.Sectors.u8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.deployforge.core.ImageException;
import org.deployforge.handler.iso.internal.IsoFacts.Extent;

/**
 * A walk of an ISO 9660 directory hierarchy (ECMA-119 §9.1 directory records) that collects what the volume
 * descriptors do not say: where each file's data starts (to name El Torito boot images by their load RBA), whether
 * files span several extents (flag bit 7, §9.1.6: how ISO 9660 level 3 holds files over 4 GiB), the longest name
 * (to infer the interchange level), and whether Rock Ridge is in use (IEEE P1282: the SUSP {@code SP} entry of the
 * root's "." record, §5.3 of IEEE P1281, and an {@code ER} entry naming RRIP_1991A, IEEE_P1282 or IEEE_1282).
 * <p>
 * The walk is bounded: each directory extent is read once (loops are cut), at most 64 levels deep.
 *
 * @param fileStarts     first data sector of each file -> its path ({@code /boot/etfsboot.com})
 * @param files          files seen
 * @param directories    directories seen (the root excluded)
 * @param multiExtent    a file spans several extents
 * @param longestName    the longest primary-tree file name without its {@code ;1} version, in characters
 * @param rockRidge      the Rock Ridge extension id (e.g. {@code RRIP_1991A}), "RRIP" when only RRIP entries are
 *                       seen, empty without Rock Ridge
 */
record Iso9660Scan(Map<Long, String> fileStarts, long files, long directories, boolean multiExtent, int longestName,
		String rockRidge) {

	private static final int MAX_DEPTH = 64;

	/**
	 * @param joliet whether {@code root} is a Joliet root (UCS-2 names)
	 */
	static Iso9660Scan walk(Sectors sectors, Extent root, boolean joliet) throws ImageException {
		Map<Long, String> starts = new HashMap<>();
		Set<Long> seen = new HashSet<>();
		Deque<Object[]> pending = new ArrayDeque<>();
		pending.push(new Object[] { root, "", 0 });
		long files = 0;
		long directories = 0;
		boolean multi = false;
		int longest = 0;
		String rockRidge = "";
		boolean first = true;
		while (!pending.isEmpty()) {
			Object[] item = pending.pop();
			Extent extent = (Extent) item[0];
			String parent = (String) item[1];
			int depth = (Integer) item[2];
			if (!seen.add(extent.sector()) || depth > MAX_DEPTH) {
				continue;
			}
			long available = Math.max(0, (sectors.count() - extent.sector()) * Sectors.SIZE);
			int length = (int) Math.min(Math.min(extent.bytes(), available), 16L * 1024 * 1024);
			if (length <= 0) {
				continue;
			}
			byte[] data = sectors.read(extent.sector() * Sectors.SIZE, length, "directory at sector " + extent.sector());
			boolean continuing = false;
			int position = 0;
			while (position < data.length) {
				int recordLength = u8(data, position);
				if (recordLength == 0) {
					position = (position / Sectors.SIZE + 1) * Sectors.SIZE; // records never cross sectors (§6.8.1.1)
					continue;
				}
				if (recordLength < 34 || position + recordLength > data.length) {
					break;
				}
				int nameLength = u8(data, position + 32);
				if (33 + nameLength > recordLength) {
					break;
				}
				int flags = u8(data, position + 25);
				long start = u32le(data, position + 2);
				long size = u32le(data, position + 10);
				boolean dot = nameLength == 1 && (data[position + 33] == 0 || data[position + 33] == 1);
				int systemUse = position + 33 + nameLength + ((nameLength & 1) == 0 ? 1 : 0);
				int systemUseEnd = position + recordLength;
				if (dot) {
					if (first && !joliet && data[position + 33] == 0) {
						rockRidge = rockRidge(sectors, data, systemUse, systemUseEnd);
					}
					first = false;
					position += recordLength;
					continue;
				}
				first = false;
				String name = joliet ? new String(data, position + 33, nameLength & ~1, StandardCharsets.UTF_16BE)
						: new String(data, position + 33, nameLength, StandardCharsets.ISO_8859_1);
				if (!joliet) {
					String alternate = rockRidgeName(data, systemUse, systemUseEnd);
					if (alternate != null) {
						name = alternate;
					} else {
						longest = Math.max(longest, stripVersion(name).length());
					}
				}
				name = stripVersion(name);
				String path = parent + "/" + name;
				if ((flags & 0x02) != 0) {
					directories++;
					pending.push(new Object[] { new Extent(start, size), path, depth + 1 });
				} else {
					if (!continuing) {
						files++;
						starts.putIfAbsent(start, path);
					} else {
						multi = true;
					}
					continuing = (flags & 0x80) != 0;
				}
				position += recordLength;
			}
		}
		return new Iso9660Scan(starts, files, directories, multi, longest, rockRidge);
	}

	private static String stripVersion(String name) {
		int semicolon = name.lastIndexOf(';');
		String stripped = semicolon > 0 ? name.substring(0, semicolon) : name;
		if (stripped.endsWith(".") && stripped.length() > 1) {
			stripped = stripped.substring(0, stripped.length() - 1);
		}
		return stripped;
	}

	/** @return the Rock Ridge alternate name (RRIP {@code NM} entries, concatenated), or null */
	private static String rockRidgeName(byte[] data, int from, int to) {
		StringBuilder name = null;
		int position = from;
		while (position + 4 <= to) {
			int length = u8(data, position + 2);
			if (length < 4 || position + length > to) {
				break;
			}
			if (ascii(data, position, "NM") && length >= 5) {
				int flags = u8(data, position + 4);
				if ((flags & 0x06) == 0) { // not "current" or "parent" directory
					if (name == null) {
						name = new StringBuilder();
					}
					name.append(new String(data, position + 5, length - 5, StandardCharsets.UTF_8));
				}
			}
			position += length;
		}
		return name == null ? null : name.toString();
	}

	/** @return the Rock Ridge id from the root "." record's SUSP entries (following one CE continuation), or "" */
	private static String rockRidge(Sectors sectors, byte[] data, int from, int to) throws ImageException {
		if (!(from + 7 <= to && ascii(data, from, "SP") && u8(data, from + 4) == 0xBE && u8(data, from + 5) == 0xEF)) {
			return "";
		}
		String found = "RRIP";
		byte[] area = data;
		int position = from;
		int end = to;
		boolean followed = false;
		while (true) {
			while (position + 4 <= end) {
				int length = u8(area, position + 2);
				if (length < 4 || position + length > end) {
					break;
				}
				if (ascii(area, position, "ER") && length >= 8) {
					int idLength = u8(area, position + 4);
					if (position + 8 + idLength <= end) {
						return new String(area, position + 8, idLength, StandardCharsets.ISO_8859_1);
					}
				} else if (ascii(area, position, "CE") && length >= 28 && !followed) {
					long block = u32le(area, position + 4);
					long offset = u32le(area, position + 12);
					long ceLength = u32le(area, position + 20);
					if (block < sectors.count() && offset + ceLength <= Sectors.SIZE) {
						followed = true;
						area = sectors.sector(block);
						position = (int) offset;
						end = (int) (offset + ceLength);
						continue;
					}
				} else if (ascii(area, position, "ST")) {
					break;
				}
				position += length;
			}
			return found;
		}
	}
}
