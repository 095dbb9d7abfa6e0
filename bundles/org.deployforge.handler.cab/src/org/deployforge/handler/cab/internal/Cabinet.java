package org.deployforge.handler.cab.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * The directory of a cabinet file as [MS-CAB] describes it: the CFHEADER (§2.1), one CFFOLDER per folder (§2.2) and
 * one CFFILE per file (§2.3). Only metadata is read here; file data is decompressed by {@code cabextract}.
 *
 * @param file       the cabinet file
 * @param size       {@code cbCabinet}: the cabinet's size in bytes as its header states it
 * @param version    {@code versionMajor.versionMinor} (1.3 for every cabinet made since 1996)
 * @param flags      {@code flags}: 0x1 a previous cabinet exists, 0x2 a next one, 0x4 reserve fields present
 * @param setId      {@code setID}: shared by the cabinets of a spanned set
 * @param setIndex   {@code iCabinet}: 0-based number of this cabinet in its set
 * @param previous   {@code szCabinetPrev}, or null
 * @param next       {@code szCabinetNext}, or null
 * @param folders    the folders (compression units), in order
 * @param files      the files, in CFFILE order (the order {@code cabextract} lists and streams them)
 */
public record Cabinet(Path file, long size, String version, int flags, int setId, int setIndex,
		@Nullable String previous, @Nullable String next, List<Folder> folders, List<FileRecord> files) {

	/** {@code cfhdrPREV_CABINET} */
	public static final int FLAG_PREV_CABINET = 0x1;
	/** {@code cfhdrNEXT_CABINET} */
	public static final int FLAG_NEXT_CABINET = 0x2;
	/** {@code cfhdrRESERVE_PRESENT} */
	public static final int FLAG_RESERVE_PRESENT = 0x4;
	/** CFFILE attribute {@code _A_NAME_IS_UTF}: the name is UTF-8, else it is in the cabinet's code page. */
	public static final int ATTRIBUTE_NAME_IS_UTF = 0x80;
	/** CFFILE attribute {@code _A_EXEC}. */
	public static final int ATTRIBUTE_EXEC = 0x40;
	/** The CFFILE attribute bits that are Windows file attributes (read-only, hidden, system, archive). */
	public static final int WINDOWS_ATTRIBUTES = 0x27;

	private static final int SIGNATURE = 0x4643534D; // "MSCF"
	private static final int HEADER_SIZE = 36;
	private static final int MAX_FILES = 65_535;
	/** CFHEADER reserve (60,000 bytes) plus 65,535 CFFOLDERs with 255 reserve bytes each stay below this. */
	private static final long MAX_DIRECTORY_START = 32L * 1024 * 1024;

	/**
	 * A CFFOLDER.
	 *
	 * @param dataOffset  {@code coffCabStart}: offset of the first CFDATA block, in bytes from the cabinet start
	 * @param dataBlocks  {@code cCFData}: number of CFDATA blocks
	 * @param compression {@code typeCompress}: low 4 bits 0 none, 1 MSZIP, 2 Quantum, 3 LZX; bits 8-12 the window
	 */
	public record Folder(long dataOffset, int dataBlocks, int compression) {

		/** @return "None", "MSZIP", "Quantum:N" or "LZX:N" (N the window as a power of two), as 7-Zip names them */
		public String compressionName() {
			int window = (compression >> 8) & 0x1F;
			return switch (compression & 0xF) {
			case 0 -> "None";
			case 1 -> "MSZIP";
			case 2 -> "Quantum:" + window;
			case 3 -> "LZX:" + window;
			default -> "unknown (0x" + Integer.toHexString(compression) + ")";
			};
		}
	}

	/**
	 * A CFFILE.
	 *
	 * @param rawName     {@code szName} decoded (UTF-8 when {@link #ATTRIBUTE_NAME_IS_UTF} is set, else ISO-8859-1; an
	 *                    invalid UTF-8 byte becomes U+FFFD)
	 * @param size        {@code cbFile}: uncompressed size in bytes
	 * @param folderOffset {@code uoffFolderStart}: offset of the data in the uncompressed folder, in bytes
	 * @param folder      {@code iFolder}: the folder index (0xFFFD, 0xFFFE, 0xFFFF: continued from/to other cabinets)
	 * @param modified    {@code date}/{@code time}: an MS-DOS date and time, a local time without a zone, given here
	 *                    as that wall-clock time in UTC; null when the fields are not a valid date
	 * @param attributes  {@code attribs}: 0x1 read-only, 0x2 hidden, 0x4 system, 0x20 archive, 0x40 execute, 0x80 UTF-8
	 *                    name
	 * @param ordinal     0-based position in the CFFILE list
	 */
	public record FileRecord(String rawName, long size, long folderOffset, int folder, @Nullable Instant modified,
			int attributes, int ordinal) {
	}

	/**
	 * Reads a cabinet's directory.
	 *
	 * @throws CorruptImageException when the structures are truncated or inconsistent
	 * @throws ImageException        when the file cannot be read
	 */
	public static Cabinet read(Path file) throws ImageException {
		ByteBuffer buffer;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long length = channel.size();
			if (length < HEADER_SIZE) {
				throw new CorruptImageException(file, "too short for a cabinet header (" + length + " bytes, CFHEADER needs "
						+ HEADER_SIZE + ")");
			}
			ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, header, 0);
			if (header.getInt(0) != SIGNATURE) {
				throw new CorruptImageException(file, "not a cabinet: no MSCF signature at offset 0");
			}
			long firstFile = Integer.toUnsignedLong(header.getInt(16));
			int fileCount = Short.toUnsignedInt(header.getShort(28));
			// The directory ends at the last CFFILE; names are at most 256 bytes ([MS-CAB] §2.3 szName).
			long directoryEnd = Math.min(length, firstFile + (long) fileCount * (16 + 257));
			if (firstFile > length || firstFile > MAX_DIRECTORY_START) {
				throw new CorruptImageException(file, "coffFiles (" + firstFile + ") points past the end of the file ("
						+ length + " bytes)");
			}
			buffer = ByteBuffer.allocate((int) directoryEnd).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, buffer, 0);
			buffer.limit(buffer.position()).position(0);
		} catch (ImageException e) {
			throw e;
		} catch (IOException e) {
			throw new ImageException(file, "cannot read the cabinet: " + e.getMessage(), e);
		}
		try {
			return parse(file, buffer);
		} catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
			throw new CorruptImageException(file, "the cabinet directory is truncated (CFHEADER/CFFOLDER/CFFILE run past "
					+ "the end of the file)", e);
		}
	}

	private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, position + buffer.position()) < 0) {
				break;
			}
		}
	}

	private static Cabinet parse(Path file, ByteBuffer b) throws ImageException {
		long cabinetSize = Integer.toUnsignedLong(b.getInt(8));
		long firstFile = Integer.toUnsignedLong(b.getInt(16));
		String version = (b.get(25) & 0xFF) + "." + (b.get(24) & 0xFF);
		int folderCount = Short.toUnsignedInt(b.getShort(26));
		int fileCount = Short.toUnsignedInt(b.getShort(28));
		int flags = Short.toUnsignedInt(b.getShort(30));
		int setId = Short.toUnsignedInt(b.getShort(32));
		int setIndex = Short.toUnsignedInt(b.getShort(34));
		int position = HEADER_SIZE;
		int folderReserve = 0;
		if ((flags & FLAG_RESERVE_PRESENT) != 0) {
			int headerReserve = Short.toUnsignedInt(b.getShort(position));
			folderReserve = b.get(position + 2) & 0xFF;
			position += 4 + headerReserve;
		}
		String previous = null;
		String next = null;
		if ((flags & FLAG_PREV_CABINET) != 0) {
			previous = cString(b, position, false);
			position = skipCString(b, position);
			position = skipCString(b, position); // szDiskPrev
		}
		if ((flags & FLAG_NEXT_CABINET) != 0) {
			next = cString(b, position, false);
			position = skipCString(b, position);
			position = skipCString(b, position); // szDiskNext
		}
		List<Folder> folders = new ArrayList<>(folderCount);
		for (int i = 0; i < folderCount; i++) {
			long dataOffset = Integer.toUnsignedLong(b.getInt(position));
			int blocks = Short.toUnsignedInt(b.getShort(position + 4));
			int compression = Short.toUnsignedInt(b.getShort(position + 6));
			folders.add(new Folder(dataOffset, blocks, compression));
			position += 8 + folderReserve;
		}
		if (fileCount > MAX_FILES) {
			throw new CorruptImageException(file, "cFiles is " + fileCount);
		}
		List<FileRecord> files = new ArrayList<>(fileCount);
		int offset = (int) firstFile;
		for (int i = 0; i < fileCount; i++) {
			long size = Integer.toUnsignedLong(b.getInt(offset));
			long folderOffset = Integer.toUnsignedLong(b.getInt(offset + 4));
			int folder = Short.toUnsignedInt(b.getShort(offset + 8));
			int date = Short.toUnsignedInt(b.getShort(offset + 10));
			int time = Short.toUnsignedInt(b.getShort(offset + 12));
			int attributes = Short.toUnsignedInt(b.getShort(offset + 14));
			String name = cString(b, offset + 16, (attributes & ATTRIBUTE_NAME_IS_UTF) != 0);
			if (folder < 0xFFFD && folder >= folderCount) {
				throw new CorruptImageException(file, "CFFILE " + i + " ('" + name + "') names folder " + folder
						+ " but the cabinet has " + folderCount);
			}
			files.add(new FileRecord(name, size, folderOffset, folder, dosTime(date, time), attributes, i));
			offset = skipCString(b, offset + 16);
		}
		return new Cabinet(file, cabinetSize, version, flags, setId, setIndex, previous, next, List.copyOf(folders),
				List.copyOf(files));
	}

	private static int skipCString(ByteBuffer b, int position) {
		int end = position;
		while (b.get(end) != 0) {
			end++;
		}
		return end + 1;
	}

	private static String cString(ByteBuffer b, int position, boolean utf8) {
		int end = position;
		while (b.get(end) != 0) {
			end++;
		}
		byte[] bytes = new byte[end - position];
		b.get(position, bytes);
		if (!utf8) {
			return new String(bytes, StandardCharsets.ISO_8859_1);
		}
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
					.onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
		} catch (CharacterCodingException e) {
			return new String(bytes, StandardCharsets.ISO_8859_1);
		}
	}

	/**
	 * Decodes an MS-DOS date and time: date bits 15-9 year since 1980, 8-5 month, 4-0 day; time bits 15-11 hour, 10-5
	 * minute, 4-0 seconds divided by 2.
	 *
	 * @return the wall-clock time as UTC, or null when the fields are not a valid date
	 */
	public static @Nullable Instant dosTime(int date, int time) {
		try {
			return LocalDateTime.of(1980 + (date >> 9), (date >> 5) & 0xF, date & 0x1F, time >> 11, (time >> 5) & 0x3F,
					(time & 0x1F) * 2).toInstant(ZoneOffset.UTC);
		} catch (DateTimeException e) {
			return null;
		}
	}

	/** @return the sum of the files' sizes in bytes */
	public long totalBytes() {
		return files.stream().mapToLong(FileRecord::size).sum();
	}
}
