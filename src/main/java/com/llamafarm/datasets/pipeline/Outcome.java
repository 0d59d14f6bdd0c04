package com.llamafarm.datasets.pipeline;

import java.util.Map;

import com.llamafarm.datasets.formats.RecordException;
import com.llamafarm.datasets.formats.SourceRecord;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What a stage's processor made of one record: the record to write, or a rejection. */
public sealed interface Outcome {

	/**
	 * @param notes rules applied to the record, counted by name
	 * @param target which of the stage's outputs receives it ({@code null} for the only one)
	 */
	record Accepted(ObjectNode record, Map<String, Integer> notes, String target) implements Outcome {

		public Accepted(ObjectNode record, Map<String, Integer> notes) {
			this(record, notes, null);
		}

	}

	/**
	 * @param reject the line written to {@code rejects.jsonl}
	 * @param reason the reason code counted
	 * @param badInput whether the source record itself was unreadable or invalid (counted against
	 * the skip limit) rather than refused by a configured rule
	 */
	record Rejected(ObjectNode reject, String reason, boolean badInput) implements Outcome {
	}

	/** A rejection for an unreadable source record. */
	public static Rejected unreadable(String stage, String file, SourceRecord source) {
		ObjectNode reject = header(stage, file, source.line(), source.reason(), null,
				"line " + source.line() + ": " + source.error());
		reject.put("raw", source.raw());
		return new Rejected(reject, source.reason(), true);
	}

	/** A rejection for a record that was read but refused. */
	public static Rejected refused(String stage, String file, SourceRecord source, RecordException ex, boolean badInput) {
		String where = ex.field() != null ? "line " + source.line() + ", field '" + ex.field() + "': "
				: "line " + source.line() + ": ";
		ObjectNode reject = header(stage, file, source.line(), ex.reason(), ex.field(), where + ex.getMessage());
		reject.set("record", source.record());
		return new Rejected(reject, ex.reason(), badInput);
	}

	private static ObjectNode header(String stage, String file, long line, String reason, String field,
			String message) {
		ObjectNode reject = JsonNodeFactory.instance.objectNode();
		reject.put("stage", stage);
		reject.put("file", file);
		reject.put("line", line);
		reject.put("reason", reason);
		if (field != null) {
			reject.put("field", field);
		}
		reject.put("message", message);
		return reject;
	}

}
