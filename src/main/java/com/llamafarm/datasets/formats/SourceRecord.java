package com.llamafarm.datasets.formats;

import tools.jackson.databind.node.ObjectNode;

/**
 * One record as read from a dataset file: its parsed JSON, or why it could not be parsed.
 *
 * @param line the line the record starts on (1-based)
 * @param record the parsed object; {@code null} when {@code error} is set
 * @param raw the record's text as read, kept for rejects when it cannot be parsed
 * @param error why the record could not be read ({@code null} when it was)
 * @param reason a short reason code for {@code error}
 */
public record SourceRecord(long line, ObjectNode record, String raw, String error, String reason) {

	public static SourceRecord of(long line, ObjectNode record) {
		return new SourceRecord(line, record, null, null, null);
	}

	public static SourceRecord unreadable(long line, String raw, String reason, String error) {
		return new SourceRecord(line, null, raw, error, reason);
	}

	public boolean readable() {
		return this.error == null;
	}

}
