package com.llamafarm.datasets.formats;

/**
 * A record that cannot be decoded, converted or encoded. It names the field at fault (a JSON
 * path inside the record such as {@code conversations[2].from}) and the rule that failed; the
 * record goes to rejects with both.
 */
public class RecordException extends RuntimeException {

	private final String field;

	private final String reason;

	public RecordException(String field, String reason, String message) {
		super(message);
		this.field = field;
		this.reason = reason;
	}

	/** The JSON path inside the record, or {@code null} when the record as a whole is at fault. */
	public String field() {
		return this.field;
	}

	/** A short, stable reason code used for counts (e.g. {@code missing_field}). */
	public String reason() {
		return this.reason;
	}

	public static RecordException missing(String field) {
		return new RecordException(field, "missing_field", "missing required field '" + field + "'");
	}

	public static RecordException wrongType(String field, String expected, String actual) {
		return new RecordException(field, "wrong_type",
				"field '" + field + "' must be " + expected + ", got " + actual);
	}

}
