package com.llamafarm.datasets.config;

/** A configuration that cannot be used; the message names the file and the JSON path. */
public class ConfigException extends RuntimeException {

	public ConfigException(String message) {
		super(message);
	}

}
