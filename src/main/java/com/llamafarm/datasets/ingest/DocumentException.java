package com.llamafarm.datasets.ingest;

/** A document that cannot be used; it is rejected with this reason and the job goes on. */
public class DocumentException extends Exception {

	private final String reason;

	public DocumentException(String reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/** {@code too_large}, {@code encrypted}, {@code corrupt}, {@code timeout}, {@code expands_too_far}, {@code empty}. */
	public String reason() {
		return this.reason;
	}

}
