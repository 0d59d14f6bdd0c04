package com.llamafarm.datasets.model;

/**
 * The speaker of a turn. Beyond the three chat roles, tool use keeps its two ShareGPT turn kinds
 * so that function-calling datasets survive a round trip.
 */
public enum Role {

	SYSTEM("system"), USER("user"), ASSISTANT("assistant"), FUNCTION_CALL("function_call"), OBSERVATION("observation");

	private final String id;

	Role(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	public boolean isTool() {
		return this == FUNCTION_CALL || this == OBSERVATION;
	}

}
