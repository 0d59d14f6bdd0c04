package com.llamafarm.datasets.formats;

import java.util.Set;

import com.llamafarm.datasets.model.Example;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Typed access to a record's fields, failing with the field's path. */
final class Fields {

	private Fields() {
	}

	static String requiredString(JsonNode node, String name, String path) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull() || value.isMissingNode()) {
			throw RecordException.missing(path);
		}
		return string(value, path);
	}

	static String optionalString(JsonNode node, String name, String path) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull() || value.isMissingNode()) {
			return null;
		}
		return string(value, path);
	}

	static String string(JsonNode value, String path) {
		if (!value.isString()) {
			throw RecordException.wrongType(path, "a string", typeName(value));
		}
		return value.stringValue();
	}

	static String typeName(JsonNode value) {
		return switch (value.getNodeType()) {
			case STRING -> "a string";
			case NUMBER -> "a number";
			case BOOLEAN -> "a boolean";
			case ARRAY -> "an array";
			case OBJECT -> "an object";
			case NULL -> "null";
			default -> value.getNodeType().name().toLowerCase();
		};
	}

	/** The record's keys outside {@code known}, in their order, to carry through untouched. */
	static ObjectNode rest(ObjectNode record, Set<String> known) {
		ObjectNode rest = JsonNodeFactory.instance.objectNode();
		for (var entry : record.properties()) {
			if (!known.contains(entry.getKey())) {
				rest.set(entry.getKey(), entry.getValue());
			}
		}
		return rest;
	}

	/** The record's {@code metadata} object, or an empty one. */
	static ObjectNode metadata(ObjectNode record) {
		JsonNode metadata = record.get("metadata");
		if (metadata == null || metadata.isNull()) {
			return JsonNodeFactory.instance.objectNode();
		}
		if (!metadata.isObject()) {
			throw RecordException.wrongType("metadata", "an object", typeName(metadata));
		}
		return ((ObjectNode) metadata).deepCopy();
	}

	/**
	 * Appends the carried-through fields and the metadata object to an encoded record. Keys in
	 * {@code consumed} are format hints this encoder has used up (they are not written again).
	 */
	static ObjectNode finish(ObjectNode out, Example example, Set<String> consumed) {
		for (var entry : example.fields().properties()) {
			if (!out.has(entry.getKey())) {
				out.set(entry.getKey(), entry.getValue());
			}
		}
		ObjectNode metadata = example.metadata();
		if (!metadata.isEmpty()) {
			ObjectNode written = metadata;
			if (consumed.stream().anyMatch(metadata::has)) {
				written = metadata.deepCopy();
				consumed.forEach(written::remove);
			}
			if (!written.isEmpty()) {
				out.set("metadata", written);
			}
		}
		return out;
	}

}
