package com.llamafarm.datasets.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * A JSON object of a config file being bound to records, tracking its JSON path so that every
 * error names the file and the path ({@code $.format_conversion.conversion_rules.max_length}).
 * Keys that are never asked for are unknown keys, reported by {@link #finish()}.
 */
public final class ConfigNode {

	private final String file;

	private final String path;

	private final JsonNode node;

	private final Set<String> read = new HashSet<>();

	public ConfigNode(String file, String path, JsonNode node) {
		this.file = file;
		this.path = path;
		this.node = node;
		if (!node.isObject()) {
			throw error(path, "must be an object");
		}
	}

	public String path() {
		return this.path;
	}

	public boolean has(String key) {
		JsonNode value = this.node.get(key);
		return value != null && !value.isNull();
	}

	private JsonNode value(String key) {
		this.read.add(key);
		JsonNode value = this.node.get(key);
		return value == null || value.isNull() ? null : value;
	}

	public ConfigNode object(String key) {
		JsonNode value = value(key);
		return value == null ? null : new ConfigNode(this.file, child(key), value);
	}

	public String string(String key, String defaultValue) {
		JsonNode value = value(key);
		if (value == null) {
			return defaultValue;
		}
		if (!value.isString()) {
			throw error(child(key), "must be a string");
		}
		return value.stringValue();
	}

	public <T> T choice(String key, T defaultValue, Function<String, T> parse, String expected) {
		String value = string(key, null);
		if (value == null) {
			return defaultValue;
		}
		try {
			return parse.apply(value);
		}
		catch (IllegalArgumentException ex) {
			throw error(child(key), "is '" + value + "', expected one of " + expected);
		}
	}

	public Integer integer(String key, Integer defaultValue, int min, int max) {
		JsonNode value = value(key);
		if (value == null) {
			return defaultValue;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			throw error(child(key), "must be a whole number");
		}
		int number = value.intValue();
		if (number < min || number > max) {
			throw error(child(key), "is " + number + ", must be between " + min + " and " + max);
		}
		return number;
	}

	public Double number(String key, Double defaultValue, double min, double max) {
		JsonNode value = value(key);
		if (value == null) {
			return defaultValue;
		}
		if (!value.isNumber()) {
			throw error(child(key), "must be a number");
		}
		double number = value.doubleValue();
		if (number < min || number > max) {
			throw error(child(key), "is " + number + ", must be between " + min + " and " + max);
		}
		return number;
	}

	public Boolean bool(String key, Boolean defaultValue) {
		JsonNode value = value(key);
		if (value == null) {
			return defaultValue;
		}
		if (!value.isBoolean()) {
			throw error(child(key), "must be true or false");
		}
		return value.booleanValue();
	}

	public List<String> strings(String key) {
		JsonNode value = value(key);
		List<String> result = new ArrayList<>();
		if (value == null) {
			return result;
		}
		if (!value.isArray()) {
			throw error(child(key), "must be an array of strings");
		}
		for (int i = 0; i < value.size(); i++) {
			if (!value.get(i).isString()) {
				throw error(child(key) + "[" + i + "]", "must be a string");
			}
			result.add(value.get(i).stringValue());
		}
		return result;
	}

	/** An object whose keys are free and whose values are bound by {@code bind}. */
	public <T> Map<String, T> map(String key, MapBinder<T> bind) {
		JsonNode value = value(key);
		Map<String, T> result = new LinkedHashMap<>();
		if (value == null) {
			return result;
		}
		if (!value.isObject()) {
			throw error(child(key), "must be an object");
		}
		for (var entry : value.properties()) {
			result.put(entry.getKey(), bind.bind(child(key) + "." + entry.getKey(), entry.getValue()));
		}
		return result;
	}

	@FunctionalInterface
	public interface MapBinder<T> {

		T bind(String path, JsonNode value);

	}

	/** Marks keys as known without binding them (they belong to another command). */
	public void ignore(Set<String> keys) {
		this.read.addAll(keys);
	}

	/** Fails on the first key of this object that nothing asked for. */
	public void finish() {
		for (String key : this.node.propertyNames()) {
			if (!this.read.contains(key)) {
				throw error(child(key), "is not a known setting");
			}
		}
	}

	public ConfigException error(String at, String problem) {
		return new ConfigException(this.file + ": " + at + " " + problem);
	}

	public String child(String key) {
		return this.path + "." + key;
	}

}
