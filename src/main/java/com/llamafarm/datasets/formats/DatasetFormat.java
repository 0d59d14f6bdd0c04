package com.llamafarm.datasets.formats;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The dataset formats the product reads and writes. */
public enum DatasetFormat {

	ALPACA, CHATML, SHAREGPT, CUSTOM;

	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static DatasetFormat parse(String value) {
		for (DatasetFormat format : values()) {
			if (format.id().equalsIgnoreCase(value.strip())) {
				return format;
			}
		}
		throw new IllegalArgumentException("unknown format '" + value + "' (expected one of " + ids() + ")");
	}

	public static String ids() {
		return Arrays.stream(values()).map(DatasetFormat::id).collect(Collectors.joining(", "));
	}

}
