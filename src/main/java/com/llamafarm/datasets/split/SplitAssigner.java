package com.llamafarm.datasets.split;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamSupport;

import com.llamafarm.datasets.formats.SourceRecord;
import com.llamafarm.datasets.pipeline.Outcome;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Second pass of a split: sends each record to its split, and with {@code --shuffle} to one of
 * that split's shuffle buckets. Without shuffle the splits are contiguous runs of the input. With
 * shuffle, membership is drawn by selection sampling (each record joins a split with probability
 * need/remaining), which gives exact counts in one pass; each draw comes from the seed and the
 * record's index, and the counts so far are checkpointed, so a restart draws the same.
 */
class SplitAssigner extends ItemStreamSupport implements ItemProcessor<SourceRecord, Outcome> {

	private final SplitPlan plan;

	private final long[] target;

	private final int[] buckets;

	private final Path groupsFile;

	private final JsonMapper mapper;

	private final String file;

	private Map<String, Integer> groups;

	private long index;

	private final long[] assigned = new long[3];

	SplitAssigner(SplitPlan plan, long[] target, int[] buckets, Path groupsFile, JsonMapper mapper, String file) {
		this.plan = plan;
		this.target = target;
		this.buckets = buckets;
		this.groupsFile = groupsFile;
		this.mapper = mapper;
		this.file = file;
		setName("assigner");
	}

	@Override
	public void open(ExecutionContext context) throws ItemStreamException {
		this.index = context.getLong(getExecutionContextKey("index"), 0L);
		for (int s = 0; s < 3; s++) {
			this.assigned[s] = context.getLong(getExecutionContextKey("assigned." + s), 0L);
		}
		if (this.plan.groupBy() != null) {
			this.groups = new HashMap<>();
			try (BufferedReader in = Files.newBufferedReader(this.groupsFile, StandardCharsets.UTF_8)) {
				String line;
				while ((line = in.readLine()) != null) {
					JsonNode node = this.mapper.readTree(line);
					this.groups.put(node.get("group").asString(), node.get("split").asInt());
				}
			}
			catch (Exception ex) {
				throw new ItemStreamException("cannot read the group assignment " + this.groupsFile, ex);
			}
		}
	}

	@Override
	public void update(ExecutionContext context) throws ItemStreamException {
		context.putLong(getExecutionContextKey("index"), this.index);
		for (int s = 0; s < 3; s++) {
			context.putLong(getExecutionContextKey("assigned." + s), this.assigned[s]);
		}
	}

	@Override
	public Outcome process(SourceRecord source) {
		if (!source.readable()) {
			return Outcome.unreadable("split", this.file, source);
		}
		long i = this.index++;
		int split = splitOf(source, i);
		this.assigned[split]++;
		String name = SplitPlan.NAMES.get(split);
		if (this.plan.shuffle()) {
			int bucket = (int) (this.plan.uniform(i, 7) * this.buckets[split]);
			name = name + "#" + bucket;
		}
		return new Outcome.Accepted(source.record(), Map.of(), name);
	}

	private int splitOf(SourceRecord source, long i) {
		if (this.groups != null) {
			String group = this.plan.groupOf(source.record());
			return this.groups.get(group != null ? "k:" + group : "#" + i);
		}
		if (!this.plan.shuffle()) {
			return i < this.target[0] ? 0 : i < this.target[0] + this.target[1] ? 1 : 2;
		}
		long remaining = 0;
		long[] need = new long[3];
		for (int s = 0; s < 3; s++) {
			need[s] = this.target[s] - this.assigned[s];
			remaining += need[s];
		}
		double x = this.plan.uniform(i, 0) * remaining;
		return x < need[0] ? 0 : x < need[0] + need[1] ? 1 : 2;
	}

}
