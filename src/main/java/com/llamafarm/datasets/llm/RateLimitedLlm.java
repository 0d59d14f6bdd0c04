package com.llamafarm.datasets.llm;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps calls under a provider's limits: requests per minute and tokens per minute, each a token
 * bucket that starts full (a burst of one minute's allowance) and refills continuously. A call
 * reserves one request and its estimated tokens (prompt characters / 4 plus its
 * {@code maxTokens}, or 256), waits until both are available, and settles the difference with
 * the tokens the answer reports. Reservations are fair across threads: each waits its turn.
 */
public final class RateLimitedLlm implements LlmClient {

	static final int DEFAULT_ANSWER_TOKENS = 256;

	private final LlmClient delegate;

	private final Bucket requests;

	private final Bucket tokens;

	private final LongSupplier nanoTime;

	private final RetryingLlm.Sleeper sleeper;

	/** @param requestsPerMinute 0 for no limit; likewise {@code tokensPerMinute} */
	public RateLimitedLlm(LlmClient delegate, int requestsPerMinute, int tokensPerMinute, LongSupplier nanoTime,
			RetryingLlm.Sleeper sleeper) {
		this.delegate = delegate;
		this.nanoTime = nanoTime;
		this.requests = requestsPerMinute > 0 ? new Bucket(requestsPerMinute, nanoTime.getAsLong()) : null;
		this.tokens = tokensPerMinute > 0 ? new Bucket(tokensPerMinute, nanoTime.getAsLong()) : null;
		this.sleeper = sleeper;
	}

	@Override
	public LlmReply complete(LlmRequest request) {
		long estimate = estimate(request);
		long now = this.nanoTime.getAsLong();
		long wait = Math.max(this.requests != null ? this.requests.reserve(1, now) : 0,
				this.tokens != null ? this.tokens.reserve(estimate, now) : 0);
		if (wait > 0) {
			try {
				this.sleeper.sleep(Duration.ofNanos(wait));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new LlmFailure(LlmFailure.Kind.RETRYABLE, 0, null, "interrupted while waiting for the rate limit", ex);
			}
		}
		LlmReply reply = this.delegate.complete(request);
		if (this.tokens != null) {
			this.tokens.settle(reply.promptTokens() + reply.completionTokens() - estimate);
		}
		return reply;
	}

	static long estimate(LlmRequest request) {
		long characters = request.prompt().length() + (request.system() == null ? 0 : request.system().length());
		return characters / 4 + (request.maxTokens() != null ? request.maxTokens() : DEFAULT_ANSWER_TOKENS);
	}

	/** A bucket of a per-minute allowance that may run into debt; the debt is the wait. */
	static final class Bucket {

		private final double capacity;

		private final double perNano;

		private double available;

		private long last;

		Bucket(int perMinute, long now) {
			this.capacity = perMinute;
			this.perNano = perMinute / 60e9;
			this.available = perMinute;
			this.last = now;
		}

		/** Takes {@code n} and returns how long to wait, in nanoseconds, before using them. */
		synchronized long reserve(long n, long now) {
			this.available = Math.min(this.capacity, this.available + (now - this.last) * this.perNano);
			this.last = now;
			this.available -= n;
			return this.available >= 0 ? 0 : (long) Math.ceil(-this.available / this.perNano);
		}

		/** Takes {@code extra} more (or gives back, when negative) after the fact. */
		synchronized void settle(long extra) {
			this.available = Math.min(this.capacity, this.available - extra);
		}

	}

}
