package org.deployforge.cli.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.deployforge.core.Image;
import org.deployforge.core.ImageEntry;
import org.deployforge.core.ImageException;
import org.deployforge.core.ImagePath;
import org.deployforge.core.ImageTree;
import org.deployforge.core.LeftOutEntry;

import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deployforge ls IMAGE [PATH] [--index N] [-r] [--json]}: a folder's entries from metadata only (as wimdir),
 * streamed, so 100,000 entries list without being held in memory.
 */
@Command(name = "ls", aliases = "dir", description = { "List the files of an image from its metadata (as wimlib-imagex dir).",
		"Columns: attributes (d directory, r read-only, h hidden, s system, a archive, l reparse point),",
		"size in bytes, last write time (UTC), path. Marks: [streams: …] alternate data streams,",
		"[links: N] hard links, [skipped by extract: …] an entry held under a name that is unsafe",
		"('../x', 'C:\\x', a WIM entry named '..'), empty or clashing: listed after the others, never",
		"extracted." })
final class LsCommand extends CommandBase {

	@Parameters(index = "0", paramLabel = "IMAGE", description = "The image file.")
	Path file;

	@Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Folder or file inside the image (default /; \\ accepted).")
	String path = "/";

	@Option(names = "--index", paramLabel = "N", description = "Image index (needed when the file holds several images).")
	Integer index;

	@Option(names = { "-r", "--recursive" }, description = "List everything below PATH (PATH itself first).")
	boolean recursive;

	@Option(names = "--bare", description = "Paths only, one per line (like wimlib-imagex dir).")
	boolean bare;

	@Option(names = "--json", description = "Write JSON (fields in docs/cli.md).")
	boolean json;

	LsCommand(CliContext context) {
		super(context);
	}

	@Override
	public Integer call() throws Exception {
		try (Image image = open(file, true)) {
			int chosen = index(image, index);
			ImageTree tree = image.tree(chosen);
			String where = imagePath(path);
			ImageEntry start = tree.stat(where);
			PrintWriter out = out();
			if (json) {
				try (JsonGenerator generator = Json.generator(out)) {
					generator.writeStartObject();
					generator.writeStringField("file", shown(image.file()));
					generator.writeNumberField("index", chosen);
					generator.writeStringField("path", where);
					generator.writeBooleanField("recursive", recursive);
					generator.writeArrayFieldStart("entries");
					list(tree, start, entry -> {
						try {
							Json.writeEntry(generator, entry);
						} catch (IOException e) {
							throw new UncheckedIOException(e);
						}
					});
					for (LeftOutEntry left : leftOut(tree, start)) {
						Json.writeEntry(generator, left.asEntry(), left);
					}
					generator.writeEndArray();
					generator.writeEndObject();
				}
				out.println();
			} else {
				// control characters in names are shown as \xNN: a name never moves the cursor or clears the screen
				list(tree, start, entry -> out.println(bare ? ImagePath.printable(entry.path()) : row(entry)));
				String name = shown(image.file());
				for (LeftOutEntry left : leftOut(tree, start)) {
					if (bare) {
						// --bare lists only paths that can be extracted; say what is left out where a person reads it
						err().println("deployforge: " + name + ": not listed: " + left.reason());
					} else {
						out.println(row(left));
					}
				}
			}
			out.flush();
		}
		return 0;
	}

	private interface Sink {
		void accept(ImageEntry entry);
	}

	private void list(ImageTree tree, ImageEntry start, Sink sink) throws ImageException {
		if (!start.directory()) {
			sink.accept(start);
		} else if (recursive) {
			tree.walk(start.path(), entry -> {
				sink.accept(entry);
				return true;
			});
		} else {
			List<ImageEntry> children = tree.list(start.path());
			children.forEach(sink::accept);
		}
	}

	/** @return the entries the image holds at or below {@code start} that its tree leaves out (none for a file) */
	private List<LeftOutEntry> leftOut(ImageTree tree, ImageEntry start) throws ImageException {
		return start.directory() ? tree.leftOut(start.path(), recursive) : List.of();
	}

	/**
	 * @return a row for an entry left out of the tree: its facts, the name as stored, and why extract skips it
	 *         ({@code ----a-  3  2026-11-30 00:16:48  /../x  [skipped by extract: unsafe name '../x': …]})
	 */
	static String row(LeftOutEntry left) {
		ImageEntry entry = left.asEntry();
		StringBuilder row = new StringBuilder(160);
		row.append(entry.attributeLetters());
		row.append(left.size() < 0 ? String.format(Locale.ROOT, " %15s  ", "?")
				: String.format(Locale.ROOT, " %15d  ", left.size()));
		row.append(entry.lastWriteTime() == null ? "-                  "
				: Text.SHORT_TIME.format(entry.lastWriteTime()));
		row.append("  ").append(left.path());
		row.append("  [skipped by extract: ").append(left.reason()).append(']');
		return row.toString();
	}

	/** @return {@code ----a-            1234  2018-02-16 17:50:11  /A.txt  [links: 2]} */
	static String row(ImageEntry entry) {
		StringBuilder row = new StringBuilder(96);
		row.append(entry.attributeLetters());
		row.append(String.format(Locale.ROOT, " %15d  ", entry.size()));
		row.append(entry.lastWriteTime() == null ? "-                  " : Text.SHORT_TIME.format(entry.lastWriteTime()));
		row.append("  ").append(ImagePath.printable(entry.path()));
		if (!entry.namedStreams().isEmpty()) {
			row.append("  [streams: ").append(String.join(", ", entry.namedStreams())).append(']');
		}
		if (entry.isHardLinked()) {
			row.append("  [links: ").append(entry.linkCount()).append(']');
		}
		return row.toString();
	}
}
