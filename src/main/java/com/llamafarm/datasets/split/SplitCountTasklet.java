package com.llamafarm.datasets.split;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.llamafarm.datasets.formats.DatasetReader;
import com.llamafarm.datasets.formats.SourceRecord;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * First pass of a split: counts the readable records, so that each split gets its exact share,
 * and with {@code --group-by} deals whole groups to the splits. Holds only the group sizes in
 * memory (one entry per group; a record without the key is a group of its own).
 */
class SplitCountTasklet implements Tasklet {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SplitCountTasklet.class);

	static final String COUNTS = "split.counts";

	static final String BUCKETS = "split.buckets";

	private final Path input;

	private final SplitPlan plan;

	private final Path outputDir;

	private final Path groupsFile;

	private final JsonMapper mapper;

	SplitCountTasklet(Path input, SplitPlan plan, Path outputDir, Path groupsFile, JsonMapper mapper) {
		this.input = input;
		this.plan = plan;
		this.outputDir = outputDir;
		this.groupsFile = groupsFile;
		this.mapper = mapper;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		Map<String, Long> groups = new LinkedHashMap<>();
		long total = 0;
		long keyless = 0;
		DatasetReader reader = new DatasetReader(this.input, this.mapper);
		reader.open(new ExecutionContext());
		try {
			SourceRecord record;
			while ((record = reader.read()) != null) {
				if (!record.readable()) {
					continue;
				}
				if (this.plan.groupBy() != null) {
					String group = this.plan.groupOf(record.record());
					groups.merge(group != null ? "k:" + group : "#" + total, 1L, Long::sum);
					if (group == null) {
						keyless++;
					}
				}
				total++;
			}
		}
		finally {
			reader.close();
		}
		if (keyless > 0) {
			log.warn("{} of {} records have no '{}' (in metadata or at the top level): each is a group of its own{}",
					keyless, total, this.plan.groupBy(), keyless == total ? "; is the key spelled right?" : "");
		}
		long[] counts = this.plan.groupBy() != null ? dealGroups(groups, total) : this.plan.counts(total);
		// a split with no share gets no file: one left by an earlier split of this folder would mislead
		for (int s = 0; s < 3; s++) {
			if (this.plan.fraction(s) == 0) {
				Files.deleteIfExists(this.outputDir.resolve(SplitPlan.NAMES.get(s) + ".jsonl"));
			}
		}
		// the step's own context is committed with its completion (the job's is saved after it, which a
		// kill could miss); the next steps read it from this step's execution
		ExecutionContext job = chunkContext.getStepContext().getStepExecution().getExecutionContext();
		job.putString(COUNTS, counts[0] + "," + counts[1] + "," + counts[2]);
		job.putString(BUCKETS, SplitPlan.buckets(counts[0]) + "," + SplitPlan.buckets(counts[1]) + ","
				+ SplitPlan.buckets(counts[2]));
		return RepeatStatus.FINISHED;
	}

	/** Dealing orders tried; the one whose splits come closest to their shares is kept. */
	static final int DEALS = 32;

	/**
	 * Deals whole groups to the splits and writes the assignment for the next step. Each deal
	 * takes the groups in a seeded order (the first deal in first-seen order without
	 * {@code --shuffle}) and gives each group to the split it brings closest to its share (ties:
	 * the split missing the most). Of {@value #DEALS} deals the one with the smallest total
	 * distance from the shares is kept: with many groups the shares are met closely, with a few
	 * large ones as closely as whole groups allow.
	 */
	private long[] dealGroups(Map<String, Long> groups, long total) throws Exception {
		long[] target = this.plan.counts(total);
		List<String> names = new ArrayList<>(groups.keySet());
		List<String> bestOrder = null;
		int[] bestDeal = null;
		long bestDistance = Long.MAX_VALUE;
		for (int attempt = 0; attempt < DEALS && bestDistance > 0; attempt++) {
			List<String> order = this.plan.dealingOrder(names, attempt);
			long[] assigned = new long[3];
			int[] deal = new int[order.size()];
			for (int g = 0; g < order.size(); g++) {
				long size = groups.get(order.get(g));
				int best = -1;
				long bestChange = Long.MAX_VALUE;
				for (int s = 0; s < 3; s++) {
					if (this.plan.fraction(s) == 0) {
						continue;
					}
					long need = target[s] - assigned[s];
					// how much further from its share the split would be with the group than without
					long change = Math.abs(need - size) - Math.abs(need);
					if (change < bestChange || (change == bestChange && need > target[best] - assigned[best])) {
						bestChange = change;
						best = s;
					}
				}
				assigned[best] += size;
				deal[g] = best;
			}
			long distance = Math.abs(target[0] - assigned[0]) + Math.abs(target[1] - assigned[1])
					+ Math.abs(target[2] - assigned[2]);
			if (distance < bestDistance) {
				bestDistance = distance;
				bestOrder = order;
				bestDeal = deal;
			}
		}
		long[] assigned = new long[3];
		Files.createDirectories(this.groupsFile.getParent());
		try (BufferedWriter out = Files.newBufferedWriter(this.groupsFile, StandardCharsets.UTF_8)) {
			for (int g = 0; g < bestOrder.size(); g++) {
				String group = bestOrder.get(g);
				assigned[bestDeal[g]] += groups.get(group);
				ObjectNode line = JsonNodeFactory.instance.objectNode().put("group", group).put("split", bestDeal[g]);
				out.write(this.mapper.writeValueAsString(line));
				out.write('\n');
			}
		}
		return assigned;
	}

}
