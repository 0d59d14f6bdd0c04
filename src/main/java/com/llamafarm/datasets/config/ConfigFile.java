package com.llamafarm.datasets.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** A JSON config file as the user wrote it, or the empty config when none is given. */
public record ConfigFile(String name, JsonNode root) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	public static ConfigFile empty() {
		return new ConfigFile("(no config)", JsonNodeFactory.instance.objectNode());
	}

	public static ConfigFile read(Path path) {
		String name = path.toString();
		String text;
		try {
			text = Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw new ConfigException(name + ": config file not found");
		}
		catch (IOException ex) {
			throw new ConfigException(name + ": cannot read config file: " + ex.getMessage());
		}
		try {
			JsonNode root = MAPPER.readTree(text);
			if (root == null || !root.isObject()) {
				throw new ConfigException(name + ": $ must be a JSON object");
			}
			return new ConfigFile(name, root);
		}
		catch (JacksonException ex) {
			var location = ex.getLocation();
			String where = location != null ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
					: "";
			throw new ConfigException(name + ": invalid JSON" + where + ": " + ex.getOriginalMessage());
		}
	}

	public ConfigNode node() {
		return new ConfigNode(this.name, "$", this.root);
	}

	/** A hash of the effective config, part of a job's identity: same config, same job. */
	public static String hash(JsonNode effective) {
		try {
			byte[] canonical = MAPPER.writeValueAsBytes(effective);
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
			return HexFormat.of().formatHex(digest, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
