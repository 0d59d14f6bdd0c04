package com.llamafarm.datasets.llm;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every paid call, its tokens and its cost as Micrometer meters
 * ({@code llamafarm.llm.calls{model,outcome}}, {@code llamafarm.llm.tokens{model,kind}},
 * {@code llamafarm.llm.cost.usd{model}}), and keeps running totals for budgets and summaries.
 * Sits inside the cache: answers from the cache cost nothing.
 */
public final class MeteredLlm implements LlmClient {

	private final LlmClient delegate;

	private final MeterRegistry meters;

	private final Prices prices;

	private final String model;

	private long promptTokens;

	private long completionTokens;

	/**
	 * Prices in US dollars per million tokens.
	 */
	public record Prices(double promptPerMillion, double completionPerMillion) {

		public static final Prices FREE = new Prices(0, 0);

		public double cost(long prompt, long completion) {
			return (prompt * this.promptPerMillion + completion * this.completionPerMillion) / 1_000_000.0;
		}

	}

	/** @param model the configured model, for failures (answers name their own) */
	public MeteredLlm(LlmClient delegate, MeterRegistry meters, Prices prices, String model) {
		this.delegate = delegate;
		this.meters = meters;
		this.prices = prices;
		this.model = model;
	}

	@Override
	public LlmReply complete(LlmRequest request) {
		LlmReply reply;
		try {
			reply = this.delegate.complete(request);
		}
		catch (LlmFailure failure) {
			this.meters.counter("llamafarm.llm.calls", "model", this.model, "outcome",
					failure.kind().name().toLowerCase(java.util.Locale.ROOT))
				.increment();
			throw failure;
		}
		String model = reply.model();
		this.meters.counter("llamafarm.llm.calls", "model", model, "outcome", "ok").increment();
		this.meters.counter("llamafarm.llm.tokens", "model", model, "kind", "prompt").increment(reply.promptTokens());
		this.meters.counter("llamafarm.llm.tokens", "model", model, "kind", "completion")
			.increment(reply.completionTokens());
		this.meters.counter("llamafarm.llm.cost.usd", "model", model)
			.increment(this.prices.cost(reply.promptTokens(), reply.completionTokens()));
		synchronized (this) {
			this.promptTokens += reply.promptTokens();
			this.completionTokens += reply.completionTokens();
		}
		return reply;
	}

	public synchronized long totalTokens() {
		return this.promptTokens + this.completionTokens;
	}

	public synchronized double totalCost() {
		return this.prices.cost(this.promptTokens, this.completionTokens);
	}

}
