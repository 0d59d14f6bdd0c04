package com.llamafarm.datasets.pipeline;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

import tools.jackson.databind.node.ObjectNode;

/**
 * Writes accepted records to the stage's output and rejections to {@code rejects.jsonl}, in the
 * chunk's transaction, and keeps the counts. Bad input counts against the skip limit; past it the
 * step fails with a message that says so.
 */
public class OutcomeWriter implements ItemStreamWriter<Outcome> {

	private final Map<String, ItemStreamWriter<ObjectNode>> outputs;

	private final ItemStreamWriter<ObjectNode> rejects;

	private final StepCounts counts;

	private final long skipLimit;

	private final String rejectsName;

	private long badInput;

	/** @param skipLimit how many bad input records to put up with; negative for no limit */
	public OutcomeWriter(ItemStreamWriter<ObjectNode> output, ItemStreamWriter<ObjectNode> rejects, StepCounts counts,
			long skipLimit, String rejectsName) {
		this(Collections.singletonMap(null, output), rejects, counts, skipLimit, rejectsName);
	}

	/** @param outputs the writer of each {@link Outcome.Accepted#target()} */
	public OutcomeWriter(Map<String, ItemStreamWriter<ObjectNode>> outputs, ItemStreamWriter<ObjectNode> rejects,
			StepCounts counts, long skipLimit, String rejectsName) {
		this.outputs = outputs;
		this.rejects = rejects;
		this.counts = counts;
		this.skipLimit = skipLimit;
		this.rejectsName = rejectsName;
	}

	@Override
	public void write(Chunk<? extends Outcome> chunk) throws Exception {
		Map<String, Chunk<ObjectNode>> accepted = new HashMap<>();
		Chunk<ObjectNode> rejected = new Chunk<>();
		long newBadInput = 0;
		String lastBad = null;
		for (Outcome outcome : chunk) {
			if (outcome instanceof Outcome.Accepted a) {
				accepted.computeIfAbsent(a.target(), t -> new Chunk<>()).add(a.record());
				a.notes().forEach((rule, n) -> this.counts.add("rule", rule, n));
			}
			else if (outcome instanceof Outcome.Rejected r) {
				rejected.add(r.reject());
				this.counts.add("rejected", r.reason(), 1);
				if (r.badInput()) {
					newBadInput++;
					lastBad = r.reject().path("message").asString();
				}
			}
		}
		for (var entry : accepted.entrySet()) {
			ItemStreamWriter<ObjectNode> writer = this.outputs.get(entry.getKey());
			if (writer == null) {
				throw new IllegalStateException("no output for " + entry.getKey());
			}
			writer.write(entry.getValue());
			this.counts.add("written", countKey(entry.getKey()), entry.getValue().size());
		}
		if (!rejected.isEmpty()) {
			this.rejects.write(rejected);
		}
		this.counts.add("read", "all", chunk.size());
		this.badInput += newBadInput;
		if (this.skipLimit >= 0 && this.badInput > this.skipLimit) {
			throw new SkipLimitExceededException("more than " + this.skipLimit + " bad input records (" + this.badInput
					+ "; the last: " + lastBad + "); see " + this.rejectsName
					+ " and fix the input, or raise --skip-limit and run the same command again");
		}
	}

	/** Outputs named {@code name#part} (a split's shuffle buckets) are counted under the name. */
	private static String countKey(String target) {
		if (target == null) {
			return "ok";
		}
		int hash = target.indexOf('#');
		return hash < 0 ? target : target.substring(0, hash);
	}

	@Override
	public void open(ExecutionContext context) throws ItemStreamException {
		this.counts.restore(context);
		this.badInput = context.getLong("bad_input", 0L);
		for (ItemStreamWriter<ObjectNode> output : this.outputs.values()) {
			output.open(context);
		}
		this.rejects.open(context);
	}

	@Override
	public void update(ExecutionContext context) throws ItemStreamException {
		for (ItemStreamWriter<ObjectNode> output : this.outputs.values()) {
			output.update(context);
		}
		this.rejects.update(context);
		this.counts.save(context);
		context.putLong("bad_input", this.badInput);
	}

	@Override
	public void close() throws ItemStreamException {
		try {
			for (ItemStreamWriter<ObjectNode> output : this.outputs.values()) {
				output.close();
			}
		}
		finally {
			this.rejects.close();
		}
	}

	/** The step stops: too much of the input is bad. */
	public static class SkipLimitExceededException extends RuntimeException {

		public SkipLimitExceededException(String message) {
			super(message);
		}

	}

}
