package com.llamafarm.datasets.pipeline;

import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Per-step counts of written and rejected records by reason, and of conversion rules applied.
 * Kept in the step's execution context, so they are committed with the chunk and survive a
 * restart, and published to Micrometer as {@code llamafarm.records} tagged by step, outcome and
 * reason.
 */
public final class StepCounts {

	public static final String PREFIX = "counts.";

	private final String step;

	private final MeterRegistry meters;

	private final Map<String, Long> counts = new TreeMap<>();

	public StepCounts(String step, MeterRegistry meters) {
		this.step = step;
		this.meters = meters;
	}

	public void restore(ExecutionContext context) {
		this.counts.clear();
		for (var entry : context.entrySet()) {
			if (entry.getKey().startsWith(PREFIX) && entry.getValue() instanceof Number n) {
				this.counts.put(entry.getKey().substring(PREFIX.length()), n.longValue());
			}
		}
	}

	public void save(ExecutionContext context) {
		this.counts.forEach((key, value) -> context.putLong(PREFIX + key, value));
	}

	/** @param outcome {@code read}, {@code written}, {@code rejected} or {@code rule} */
	public long add(String outcome, String reason, long n) {
		this.meters.counter("llamafarm.records", "step", this.step, "outcome", outcome, "reason", reason)
			.increment(n);
		return this.counts.merge(outcome + "." + reason, n, Long::sum);
	}

	public long get(String outcome, String reason) {
		return this.counts.getOrDefault(outcome + "." + reason, 0L);
	}

	/** Counts read back from a finished step's context, keyed {@code outcome.reason}. */
	public static Map<String, Long> of(ExecutionContext context) {
		Map<String, Long> result = new TreeMap<>();
		for (var entry : context.entrySet()) {
			if (entry.getKey().startsWith(PREFIX) && entry.getValue() instanceof Number n) {
				result.put(entry.getKey().substring(PREFIX.length()), n.longValue());
			}
		}
		return result;
	}

}
