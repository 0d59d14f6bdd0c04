package com.llamafarm.datasets.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.llamafarm.datasets.config.ConfigFile;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON and fixture access for the format tests. */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/** Parses an object written with single quotes for readability. */
	static ObjectNode obj(String json) {
		return (ObjectNode) MAPPER.readTree(json.replace('\'', '"'));
	}

	/** Parses an object exactly as written (for text that holds single quotes). */
	static ObjectNode strict(String json) {
		return (ObjectNode) MAPPER.readTree(json);
	}

	/** Compact JSON, keys in their order: what the dataset writers write. */
	static String write(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	static String resource(String name) {
		try (InputStream in = Json.class.getResourceAsStream("/formats/" + name)) {
			if (in == null) {
				throw new IllegalStateException("no test resource formats/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The records of a JSON Lines fixture, blank lines skipped. */
	static List<ObjectNode> lines(String name) {
		return resource(name).lines().filter(line -> !line.isBlank()).map(Json::strict).toList();
	}

	/** A conversion config bound from the JSON of a config file. */
	static ConversionConfig config(String json) {
		return ConversionConfig.bind(new ConfigFile("test-config.json", obj(json)));
	}

}
