package com.llamafarm.datasets.formats;

import java.util.LinkedHashMap;
import java.util.Map;

import com.llamafarm.datasets.model.Example;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A custom single-exchange shape: each Alpaca field ({@code instruction}, {@code input},
 * {@code output}, {@code system}, {@code history}) mapped to a field of the user's records, by a
 * dotted path for nested objects ({@code data.question}). Everything else about it, the user turn
 * and the rules for what it cannot hold, is Alpaca's.
 */
public final class CustomFieldsCodec implements Codec {

	private final Map<String, String[]> paths = new LinkedHashMap<>();

	private final AlpacaCodec alpaca;

	/** @param mapping Alpaca field to the user's field path; must map instruction and output */
	public CustomFieldsCodec(Map<String, String> mapping, AlpacaOptions options) {
		mapping.forEach((field, path) -> this.paths.put(field, path.split("\\.")));
		this.alpaca = new AlpacaCodec(options);
	}

	@Override
	public DatasetFormat format() {
		return DatasetFormat.CUSTOM;
	}

	@Override
	public boolean matches(JsonNode record) {
		return record.isObject() && get(record, this.paths.get("instruction")) != null
				&& get(record, this.paths.get("output")) != null;
	}

	@Override
	public Example decode(ObjectNode record) {
		ObjectNode rest = record.deepCopy();
		ObjectNode shaped = JsonNodeFactory.instance.objectNode();
		this.paths.forEach((field, path) -> {
			JsonNode value = remove(rest, path);
			if (value != null) {
				shaped.set(field, value);
			}
		});
		rest.properties().forEach(e -> shaped.set(e.getKey(), e.getValue()));
		try {
			return this.alpaca.decode(shaped);
		}
		catch (RecordException ex) {
			throw renamed(ex);
		}
	}

	@Override
	public ObjectNode encode(Example example, ConversionNotes notes) {
		ObjectNode shaped = this.alpaca.encode(example, notes);
		if (!this.paths.containsKey("input")) {
			// a shape without an input field holds the whole user turn as its instruction
			String input = shaped.remove("input").stringValue();
			if (!input.isEmpty()) {
				shaped.put("instruction", shaped.get("instruction").stringValue() + AlpacaCodec.SEPARATOR + input);
			}
		}
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		this.paths.forEach((field, path) -> {
			JsonNode value = shaped.remove(field);
			if (value != null) {
				put(out, path, value);
			}
		});
		// carried-through keys may share an object with mapped paths ({"data": {"source": ...}}
		// beside data.question): merge them into it rather than lose them
		shaped.properties().forEach(e -> merge(out, e.getKey(), e.getValue()));
		return out;
	}

	private static void merge(ObjectNode out, String key, JsonNode value) {
		JsonNode existing = out.get(key);
		if (existing == null) {
			out.set(key, value);
		}
		else if (existing.isObject() && value.isObject()) {
			value.properties().forEach(e -> merge((ObjectNode) existing, e.getKey(), e.getValue()));
		}
	}

	private RecordException renamed(RecordException ex) {
		String field = ex.field();
		if (field == null) {
			return ex;
		}
		for (var entry : this.paths.entrySet()) {
			if (field.equals(entry.getKey()) || field.startsWith(entry.getKey() + "[")) {
				String mapped = String.join(".", entry.getValue()) + field.substring(entry.getKey().length());
				return new RecordException(mapped, ex.reason(), ex.getMessage().replace("'" + field + "'", "'" + mapped + "'"));
			}
		}
		return ex;
	}

	private static JsonNode get(JsonNode node, String[] path) {
		JsonNode current = node;
		for (String key : path) {
			if (current == null || !current.isObject()) {
				return null;
			}
			current = current.get(key);
		}
		return current;
	}

	private static JsonNode remove(ObjectNode node, String[] path) {
		ObjectNode parent = node;
		for (int i = 0; i < path.length - 1; i++) {
			JsonNode child = parent.get(path[i]);
			if (child == null || !child.isObject()) {
				return null;
			}
			parent = (ObjectNode) child;
		}
		JsonNode value = parent.remove(path[path.length - 1]);
		if (path.length > 1 && parent.isEmpty()) {
			remove(node, java.util.Arrays.copyOf(path, path.length - 1));
		}
		return value;
	}

	private static void put(ObjectNode node, String[] path, JsonNode value) {
		ObjectNode parent = node;
		for (int i = 0; i < path.length - 1; i++) {
			parent = parent.withObjectProperty(path[i]);
		}
		parent.set(path[path.length - 1], value);
	}

}
