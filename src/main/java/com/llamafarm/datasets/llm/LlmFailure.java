package com.llamafarm.datasets.llm;

import java.time.Duration;
import java.util.Locale;

/**
 * A model call that failed, classified by what can be done about it. The message never holds
 * the API key or the prompt; the server's answer is cut to a short excerpt.
 */
public class LlmFailure extends RuntimeException {

	/** What a failure allows. */
	public enum Kind {

		/** Worth trying again after a wait: rate limits, 5xx, 408/409, timeouts, a dropped connection. */
		RETRYABLE,
		/** The key is missing, wrong or not allowed: stop the job, fix it, restart. */
		AUTHENTICATION,
		/** The account's quota or budget is spent: stop the job, restartable later. */
		QUOTA,
		/** This item cannot be answered as asked (context too long, bad request, refusal, malformed answer): reject the item. */
		ITEM;

		public boolean stopsTheJob() {
			return this == AUTHENTICATION || this == QUOTA;
		}

	}

	private final Kind kind;

	private final int status;

	private final Duration retryAfter;

	public LlmFailure(Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.status = status;
		this.retryAfter = retryAfter;
	}

	public Kind kind() {
		return this.kind;
	}

	/** The HTTP status, or 0 when there was no answer. */
	public int status() {
		return this.status;
	}

	/** The wait the server asked for ({@code Retry-After}), or {@code null}. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/** Classifies an HTTP error answer from an OpenAI-compatible or Ollama server. */
	public static LlmFailure fromHttp(int status, String body, Duration retryAfter) {
		String text = body == null ? "" : body.toLowerCase(Locale.ROOT);
		String excerpt = excerpt(body);
		Kind kind;
		if (status == 401 || status == 403) {
			kind = Kind.AUTHENTICATION;
		}
		else if (text.contains("insufficient_quota") || text.contains("billing") || text.contains("quota exceeded")) {
			// OpenAI answers an exhausted quota with 429 too: waiting never helps
			kind = Kind.QUOTA;
		}
		else if (status == 429 || status == 408 || status == 409 || status >= 500) {
			kind = Kind.RETRYABLE;
		}
		else {
			kind = Kind.ITEM;
		}
		return new LlmFailure(kind, status, retryAfter, "HTTP " + status + " from the model server: " + excerpt, null);
	}

	static String excerpt(String body) {
		if (body == null || body.isBlank()) {
			return "(no body)";
		}
		String oneLine = body.replaceAll("\\s+", " ").strip();
		return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
	}

}
