package com.llamafarm.datasets.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries what is worth retrying (see {@link LlmFailure.Kind#RETRYABLE}) with exponential
 * backoff and full jitter, waiting at least what the server asked for in {@code Retry-After}.
 * Authentication, quota and per-item failures are never retried. Gives up after
 * {@code maxAttempts}, or when the server asks to wait longer than {@code maxWait}.
 */
public final class RetryingLlm implements LlmClient {

	private static final Logger log = LoggerFactory.getLogger(RetryingLlm.class);

	private final LlmClient delegate;

	private final int maxAttempts;

	private final Duration baseDelay;

	private final Duration maxDelay;

	private final Duration maxWait;

	private final Sleeper sleeper;

	/** Waits; tests may count instead of sleeping. */
	@FunctionalInterface
	public interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

		Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

	}

	public RetryingLlm(LlmClient delegate, int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxWait,
			Sleeper sleeper) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
		this.delegate = delegate;
		this.maxAttempts = maxAttempts;
		this.baseDelay = baseDelay;
		this.maxDelay = maxDelay;
		this.maxWait = maxWait;
		this.sleeper = sleeper;
	}

	/** Six attempts, 1 s doubling to 60 s, honouring a Retry-After of up to 10 minutes. */
	public static RetryingLlm withDefaults(LlmClient delegate) {
		return new RetryingLlm(delegate, 6, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10),
				Sleeper.REAL);
	}

	@Override
	public LlmReply complete(LlmRequest request) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.delegate.complete(request);
			}
			catch (LlmFailure failure) {
				if (failure.kind() != LlmFailure.Kind.RETRYABLE || attempt >= this.maxAttempts) {
					throw failure;
				}
				Duration wait = waitBefore(attempt + 1, failure.retryAfter());
				if (wait.compareTo(this.maxWait) > 0) {
					throw new LlmFailure(LlmFailure.Kind.RETRYABLE, failure.status(), failure.retryAfter(),
							failure.getMessage() + "; the server asks to wait " + wait.toSeconds() + " s, more than "
									+ this.maxWait.toSeconds() + " s",
							failure);
				}
				log.info("Model call failed ({}); attempt {} of {} in {} ms", failure.getMessage(), attempt + 1,
						this.maxAttempts, wait.toMillis());
				try {
					this.sleeper.sleep(wait);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw failure;
				}
			}
		}
	}

	/**
	 * Full jitter over an exponential ceiling, but never less than the server's Retry-After: a
	 * wait drawn from [ceiling/2, ceiling], ceiling = min(maxDelay, base × 2^(attempt-2)).
	 */
	Duration waitBefore(int attempt, Duration retryAfter) {
		long ceiling = Math.min(this.maxDelay.toMillis(), this.baseDelay.toMillis() << Math.min(30, attempt - 2));
		long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
		long wait = retryAfter != null ? Math.max(retryAfter.toMillis(), jittered) : jittered;
		return Duration.ofMillis(wait);
	}

}
