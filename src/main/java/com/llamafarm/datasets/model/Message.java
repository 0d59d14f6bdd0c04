package com.llamafarm.datasets.model;

import java.util.Objects;

import tools.jackson.databind.node.ObjectNode;

/**
 * One turn of a conversation.
 *
 * @param role who speaks
 * @param content what is said
 * @param extra keys of the source turn that no format field holds (e.g. {@code name},
 * {@code weight}), carried through untouched; may be {@code null}
 */
public record Message(Role role, String content, ObjectNode extra) {

	public Message {
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(content, "content");
	}

	public Message(Role role, String content) {
		this(role, content, null);
	}

	public boolean hasExtra() {
		return this.extra != null && !this.extra.isEmpty();
	}

	public Message withContent(String newContent) {
		return new Message(this.role, newContent, this.extra);
	}

}
