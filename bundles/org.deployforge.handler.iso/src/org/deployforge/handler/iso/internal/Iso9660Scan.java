package org.deployforge.handler.iso.internal;

import static org.deployforge.handler.iso.internal.Sectors.ascii;
import static org.deployforge.handler.iso.internal.Sectors.u32le;
import static org.deployforge.handler.iso.internal.Sectors.u8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deployforge.core.ImageException;
import org.deployforge.handler.iso.internal.FileData.Piece;
import org.deployforge.handler.iso.internal.IsoFacts.Extent;
import org.deployforge.handler.iso.internal.IsoListing.Raw;
import org.deployforge.handler.iso.internal.IsoListing.RawWithTimes;

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
 * @param damage         why the hierarchy is damaged (a folder that loops back, one nested too deep), or null;
 *                       the facts are still good, a listing from this tree is not
 * @param raws           every entry for the listing, a folder before what it holds, paths relative to the root with
 *                       {@code /} between names; files with their {@link Raw#data}: the extents (after each extent's
 *                       extended attribute record, §9.1.2), several for a multi-extent file; Rock Ridge symbolic
 *                       links (RRIP {@code SL}) with their target
 */
record Iso9660Scan(Map<Long, String> fileStarts, long files, long directories, boolean multiExtent, int longestName,
		String rockRidge, List<Raw> raws, @org.eclipse.jdt.annotation.Nullable String damage) {

	private static final int MAX_DEPTH = 64;
	/** Keeps a damaged or hostile volume from exhausting memory: Windows media hold a few thousand entries. */
	private static final int MAX_ENTRIES = 4_000_000;

	/**
	 * @param joliet whether {@code root} is a Joliet root (UCS-2 names)
	 * @param collect whether to collect {@link #raws()} (the listing); without, only the facts (media whose files
	 *                come from UDF need the walk only to name boot images)
	 */
	static Iso9660Scan walk(Sectors sectors, Extent root, boolean joliet, boolean collect) throws ImageException {
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
		List<Raw> raws = new ArrayList<>();
		String damage = null;
		while (!pending.isEmpty()) {
			Object[] item = pending.pop();
			Extent extent = (Extent) item[0];
			String parent = (String) item[1];
			int depth = (Integer) item[2];
			if (depth > MAX_DEPTH) {
				damage = "folder " + parent + " lies more than " + MAX_DEPTH + " levels deep";
				continue;
			}
			if (!seen.add(extent.sector())) {
				damage = "folder " + parent + " is a folder listed before under another name (its records point to"
						+ " sector " + extent.sector() + "): the directory hierarchy loops";
				continue;
			}
			long available = Math.max(0, (sectors.count() - extent.sector()) * Sectors.SIZE);
			int length = (int) Math.min(Math.min(extent.bytes(), available), 16L * 1024 * 1024);
			if (length <= 0) {
				continue;
			}
			byte[] data = sectors.read(extent.sector() * Sectors.SIZE, length, "directory at sector " + extent.sector());
			boolean continuing = false;
			RawWithTimes extending = null;
			List<Piece> pieces = null;
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
				if (raws.size() >= MAX_ENTRIES) {
					throw new org.deployforge.core.CorruptImageException(sectors.file(), "more than " + MAX_ENTRIES
							+ " files and folders in the " + (joliet ? "Joliet" : "ISO 9660")
							+ " directory hierarchy: it is damaged");
				}
				String path = parent + "/" + name;
				String rawPath = path.substring(1);
				int extendedAttributeBlocks = u8(data, position + 1);
				java.time.Instant recorded = IsoFacts.recordDateTime(data, position + 18);
				long child = !joliet ? rockRidgeChildLink(data, systemUse, systemUseEnd) : -1;
				if ((flags & 0x04) != 0 || !joliet && rockRidgeRelocated(data, systemUse, systemUseEnd)) {
					// an associated file (§9.1.6 bit 2), or a folder Rock Ridge shows elsewhere (RRIP RE)
				} else if ((flags & 0x02) != 0 || child >= 0) {
					directories++;
					Extent folder = child >= 0 ? relocated(sectors, child) : new Extent(start, size);
					if (collect) {
						RawWithTimes folderRaw = new RawWithTimes(raws.size(), rawPath, true, 0, null, null, recorded,
								null);
						folderRaw.nameStart = rawPath.length() - name.length();
						raws.add(folderRaw);
					}
					pending.push(new Object[] { folder, path, depth + 1 });
				} else if (!collect) {
					if (!continuing) {
						files++;
						if (size > 0) {
							// an empty file has no data: writers give it any sector (genisoimage: the boot catalog's)
							starts.putIfAbsent(start, path);
						}
					} else {
						multi = true;
					}
					continuing = (flags & 0x80) != 0;
				} else {
					Piece piece = new Piece((start + extendedAttributeBlocks) * Sectors.SIZE, size);
					if (!continuing) {
						files++;
						if (size > 0) {
							// an empty file has no data: writers give it any sector (genisoimage: the boot catalog's)
							starts.putIfAbsent(start, path);
						}
						String link = joliet ? null : rockRidgeLink(data, systemUse, systemUseEnd);
						extending = new RawWithTimes(raws.size(), rawPath, false, 0, link, null, recorded, null);
						extending.nameStart = rawPath.length() - name.length();
						pieces = new ArrayList<>();
						raws.add(extending);
					} else {
						multi = true;
					}
					pieces.add(piece);
					extending.size += size;
					continuing = (flags & 0x80) != 0;
					if (!continuing) {
						extending.data = new FileData(List.copyOf(pieces), null);
					}
				}
				position += recordLength;
			}
			if (continuing && extending != null) {
				// the folder ends inside a multi-extent file: keep the extents that are there
				extending.data = new FileData(List.copyOf(pieces), null);
			}
		}
		return new Iso9660Scan(starts, files, directories, multi, longest, rockRidge, List.copyOf(raws), damage);
	}

	/** @return the folder extent a Rock Ridge {@code CL} child link points to: its "." record gives the size */
	private static Extent relocated(Sectors sectors, long block) throws ImageException {
		if (block >= sectors.count()) {
			return new Extent(block, 0);
		}
		byte[] first = sectors.sector(block);
		return new Extent(block, u32le(first, 10));
	}

	/** @return the block of a Rock Ridge {@code CL} entry (RRIP §4.1.5.1: a relocated folder's place), or -1 */
	private static long rockRidgeChildLink(byte[] data, int from, int to) {
		int entry = suspEntry(data, from, to, "CL", 12);
		return entry < 0 ? -1 : u32le(data, entry + 4);
	}

	/** @return whether a Rock Ridge {@code RE} entry marks this folder as relocated (RRIP §4.1.5.3) */
	private static boolean rockRidgeRelocated(byte[] data, int from, int to) {
		return suspEntry(data, from, to, "RE", 4) >= 0;
	}

	/**
	 * @return where the first System Use Sharing Protocol entry with {@code signature} and at least {@code minimum}
	 *         bytes starts in {@code data[from, to)} (IEEE P1281 §4: signature, length, version, data), or -1
	 */
	private static int suspEntry(byte[] data, int from, int to, String signature, int minimum) {
		int position = from;
		while (position + 4 <= to) {
			int length = u8(data, position + 2);
			if (length < 4 || position + length > to) {
				break;
			}
			if (ascii(data, position, signature) && length >= minimum) {
				return position;
			}
			position += length;
		}
		return -1;
	}

	/**
	 * @return the target of a Rock Ridge symbolic link (RRIP §4.1.3 {@code SL}: component records of flags, length
	 *         and content; flag bit 1 current, 2 parent, 3 root, 0 continued in the next record), or null
	 */
	private static @org.eclipse.jdt.annotation.Nullable String rockRidgeLink(byte[] data, int from, int to) {
		StringBuilder target = null;
		boolean continued = false;
		int position = from;
		while (position + 4 <= to) {
			int length = u8(data, position + 2);
			if (length < 4 || position + length > to) {
				break;
			}
			if (ascii(data, position, "SL") && length >= 5) {
				if (target == null) {
					target = new StringBuilder();
				}
				int component = position + 5;
				int end = position + length;
				while (component + 2 <= end) {
					int componentFlags = u8(data, component);
					int componentLength = u8(data, component + 1);
					if (component + 2 + componentLength > end) {
						break;
					}
					if (!continued && !target.isEmpty() && target.charAt(target.length() - 1) != '/') {
						target.append('/');
					}
					if ((componentFlags & 0x08) != 0) {
						target.setLength(0);
						target.append('/');
					} else if ((componentFlags & 0x04) != 0) {
						target.append("..");
					} else if ((componentFlags & 0x02) != 0) {
						target.append('.');
					} else {
						target.append(new String(data, component + 2, componentLength, StandardCharsets.UTF_8));
					}
					continued = (componentFlags & 0x01) != 0;
					component += 2 + componentLength;
				}
			}
			position += length;
		}
		return target == null ? null : target.toString();
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
