package com.llamafarm.datasets.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one record shape every stage works on; formats are codecs at the edges.
 *
 * @param id stable identifier: the source's {@code id} field when it has one, otherwise (when
 * given as {@code null}) a hash of the normalised messages, computed when first asked for
 * @param messages the turns, in order
 * @param fields top-level keys of the source record that its format does not define, written
 * back untouched by every encoder (e.g. {@code id}, {@code category}, {@code tools})
 * @param metadata the product's metadata (source, provenance, scores, ...), written as a
 * {@code metadata} object when not empty
 */
public record Example(String id, List<Message> messages, ObjectNode fields, ObjectNode metadata) {

	public Example {
		Objects.requireNonNull(messages, "messages");
		messages = List.copyOf(messages);
		fields = fields != null ? fields : JsonNodeFactory.instance.objectNode();
		metadata = metadata != null ? metadata : JsonNodeFactory.instance.objectNode();
	}

	/** The given id, or the content hash: a conversion that never asks does not pay for it. */
	@Override
	public String id() {
		return this.id != null ? this.id : contentId(this.messages);
	}

	/**
	 * A content-derived id: SHA-256 over the roles and NFC-normalised, trimmed contents, first 16
	 * bytes in hex. Equal conversations get equal ids whatever format they came from.
	 */
	public static String contentId(List<Message> messages) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Message message : messages) {
				digest.update(message.role().id().getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
				String normalised = Normalizer.normalize(message.content().strip(), Normalizer.Form.NFC);
				digest.update(normalised.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest(), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
