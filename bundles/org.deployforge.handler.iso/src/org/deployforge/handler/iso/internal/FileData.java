package org.deployforge.handler.iso.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.deployforge.core.CorruptImageException;
import org.deployforge.core.ImageException;
import org.eclipse.jdt.annotation.Nullable;

/**
 * Where the bytes of one file lie in an ISO file, as our own readers found them: the data of a UDF file entry (its
 * allocation descriptors, ECMA-167 4/14.14, mapped to byte offsets in the ISO, or the data embedded in the entry
 * itself, 4/14.6.8 allocation type 3), or of an ISO 9660 file (one extent, or several for a multi-extent file, ECMA-119
 * §9.1.6). Reading needs no tool: bytes are copied straight from the ISO ({@link FileChannel#transferTo}, which the
 * JDK does in the kernel on Linux).
 *
 * @param extents  the pieces in file order; their lengths add up to the file size
 * @param embedded the whole content when it is embedded in the file entry (then {@code extents} is empty), else null
 */
record FileData(List<Piece> extents, byte @Nullable [] embedded) {

	/**
	 * One contiguous piece of a file.
	 *
	 * @param offset byte offset in the ISO file, or -1 for a piece that is not recorded (reads as zeros: ECMA-167
	 *               4/14.14.1.1 extent types 1 and 2)
	 * @param length bytes
	 */
	record Piece(long offset, long length) {
	}

	static final FileData EMPTY = new FileData(List.of(), null);

	/** @return the file size in bytes */
	long size() {
		if (embedded != null) {
			return embedded.length;
		}
		long size = 0;
		for (Piece piece : extents) {
			size += piece.length();
		}
		return size;
	}

	/**
	 * Checks that every recorded piece lies inside the ISO.
	 *
	 * @throws CorruptImageException naming {@code what} and the piece that does not
	 */
	void check(Path iso, long isoBytes, String what) throws CorruptImageException {
		for (Piece piece : extents) {
			if (piece.offset() >= 0 && (piece.offset() + piece.length() > isoBytes || piece.length() < 0)) {
				throw new CorruptImageException(iso, "the data of " + what + " (" + piece.length() + " bytes at byte "
						+ piece.offset() + ") lies beyond the end of the file (" + isoBytes
						+ " bytes): the ISO is truncated or damaged");
			}
		}
	}

	/**
	 * Copies the whole file to {@code out} from its current position.
	 *
	 * @param what     the file's in-image path, for the error message
	 * @param progress called with the bytes copied since the last call, at least every 64 MiB
	 * @throws IOException when the ISO ends early (a {@link CorruptImageException} naming {@code what}) or a write
	 *                     fails
	 */
	void copyTo(Path iso, String what, FileChannel in, FileChannel out, ByteCounter progress) throws IOException {
		if (embedded != null) {
			ByteBuffer buffer = ByteBuffer.wrap(embedded);
			while (buffer.hasRemaining()) {
				out.write(buffer);
			}
			progress.copied(embedded.length);
			return;
		}
		ByteBuffer zeros = null;
		for (Piece piece : extents) {
			long done = 0;
			while (done < piece.length()) {
				long step = Math.min(piece.length() - done, 64L << 20);
				long copied;
				if (piece.offset() < 0) {
					if (zeros == null) {
						zeros = ByteBuffer.allocate(1 << 16);
					}
					zeros.clear().limit((int) Math.min(zeros.capacity(), step));
					copied = out.write(zeros);
				} else {
					copied = in.transferTo(piece.offset() + done, step, out);
					if (copied <= 0) {
						throw endsEarly(iso, what, piece.offset() + done);
					}
				}
				done += copied;
				progress.copied(copied);
			}
		}
	}

	/** The ISO ended inside a file's data: shorter than when it was listed, or damaged. */
	private static CorruptImageException endsEarly(Path iso, String what, long offset) {
		return new CorruptImageException(iso, "the data of " + what + " ends at byte " + offset
				+ " of the file: the ISO is truncated or was changed since it was opened");
	}

	/** Receives copy progress in bytes. */
	@FunctionalInterface
	interface ByteCounter {
		void copied(long bytes) throws IOException;
	}

	/**
	 * @param what the file's in-image path, for the error message
	 * @return a stream of the file's bytes with its own channel to the ISO; {@link InputStream#skip} moves without
	 *         reading
	 */
	InputStream open(Path iso, String what) throws ImageException {
		if (embedded != null) {
			return new java.io.ByteArrayInputStream(embedded);
		}
		FileChannel channel;
		try {
			channel = FileChannel.open(iso, StandardOpenOption.READ);
		} catch (IOException e) {
			throw new ImageException(iso, "cannot read the file: " + org.deployforge.core.IoErrors.reason(e), e);
		}
		return new PieceStream(iso, what, channel, extents, size());
	}

	/** Positioned reads over the pieces. */
	private static final class PieceStream extends InputStream {
		private final Path iso;
		private final String what;
		private final FileChannel channel;
		private final List<Piece> pieces;
		private final long size;
		private long position;

		PieceStream(Path iso, String what, FileChannel channel, List<Piece> pieces, long size) {
			this.iso = iso;
			this.what = what;
			this.channel = channel;
			this.pieces = pieces;
			this.size = size;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (position >= size) {
				return -1;
			}
			if (len == 0) {
				return 0;
			}
			long start = 0;
			for (Piece piece : pieces) {
				if (position < start + piece.length()) {
					long within = position - start;
					int want = (int) Math.min(len, piece.length() - within);
					int read;
					if (piece.offset() < 0) {
						java.util.Arrays.fill(b, off, off + want, (byte) 0);
						read = want;
					} else {
						read = channel.read(ByteBuffer.wrap(b, off, want), piece.offset() + within);
						if (read <= 0) {
							throw endsEarly(iso, what, piece.offset() + within);
						}
					}
					position += read;
					return read;
				}
				start += piece.length();
			}
			return -1;
		}

		@Override
		public long skip(long n) {
			long skipped = Math.max(0, Math.min(n, size - position));
			position += skipped;
			return skipped;
		}

		@Override
		public int available() {
			return (int) Math.min(Integer.MAX_VALUE, size - position);
		}

		@Override
		public void close() throws IOException {
			channel.close();
		}
	}
}
