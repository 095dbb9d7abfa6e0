package org.deployforge.cli.internal;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON writer of the command line: pretty-printed, stable field order (see docs/cli.md). */
final class Json {

	static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
}
