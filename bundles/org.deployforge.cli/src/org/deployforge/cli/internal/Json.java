package org.deployforge.cli.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

import org.deployforge.core.ImageEntry;
import org.deployforge.core.LeftOutEntry;
import org.eclipse.jdt.annotation.Nullable;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON writer of the command line: pretty-printed, stable field order (see docs/cli.md). */
final class Json {

	static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
			.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static void print(PrintWriter out, Object value) {
		try {
			out.println(MAPPER.writeValueAsString(value));
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
		}
	}

	/**
	 * @return a streaming generator over {@code out} (pretty-printed like {@link #print}); closing it flushes but
	 *         leaves {@code out} open. Used where output may be huge (a recursive listing of 100,000 entries).
	 */
	static JsonGenerator generator(PrintWriter out) {
		try {
			JsonGenerator generator = MAPPER.getFactory().createGenerator(out);
			generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
			generator.useDefaultPrettyPrinter();
			return generator;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Writes one listing entry (the shape documented under {@code ls --json} in docs/cli.md). */
	static void writeEntry(JsonGenerator json, ImageEntry entry) throws IOException {
		writeEntry(json, entry, null);
	}

	/**
	 * Writes one listing entry; for an entry the image holds but leaves out of its tree ({@code left} not null), its
	 * name as stored, its size (-1 where unknown) and, in {@code skipped}, why {@code extract} skips it.
	 */
	static void writeEntry(JsonGenerator json, ImageEntry entry, @Nullable LeftOutEntry left) throws IOException {
		json.writeStartObject();
		json.writeStringField("path", entry.path());
		json.writeStringField("name", left == null ? entry.name() : left.rawName());
		json.writeStringField("type", entry.directory() ? "directory" : "file");
		json.writeNumberField("size", left == null ? entry.size() : left.size());
		json.writeNumberField("attributes", entry.attributes());
		json.writeStringField("attributeLetters", entry.attributeLetters());
		writeTime(json, "creationTime", entry.creationTime());
		writeTime(json, "lastWriteTime", entry.lastWriteTime());
		writeTime(json, "lastAccessTime", entry.lastAccessTime());
		json.writeStringField("sha1", entry.sha1());
		json.writeArrayFieldStart("namedStreams");
		for (String stream : entry.namedStreams()) {
			json.writeString(stream);
		}
		json.writeEndArray();
		json.writeNumberField("reparseTag", entry.reparseTag());
		json.writeNumberField("linkCount", entry.linkCount());
		json.writeStringField("skipped", left == null ? null : left.reason());
		json.writeEndObject();
	}

	private static void writeTime(JsonGenerator json, String field, @Nullable Instant time) throws IOException {
		json.writeStringField(field, Text.iso(time));
	}
}
