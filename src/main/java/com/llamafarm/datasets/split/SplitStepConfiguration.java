package com.llamafarm.datasets.split;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.llamafarm.datasets.formats.DatasetReader;
import com.llamafarm.datasets.formats.DatasetWriters;
import com.llamafarm.datasets.formats.SourceRecord;
import com.llamafarm.datasets.pipeline.Outcome;
import com.llamafarm.datasets.pipeline.OutcomeWriter;
import com.llamafarm.datasets.pipeline.Progress;
import com.llamafarm.datasets.pipeline.StepCounts;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The split stage: count (and deal groups), assign, shuffle. */
@Configuration(proxyBeanMethods = false)
public class SplitStepConfiguration {

	static SplitPlan plan(String fractions, String shuffle, Long seed, String groupBy) {
		String[] parts = fractions.split(",");
		return new SplitPlan(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
				Boolean.parseBoolean(shuffle), seed == null ? 42 : seed, groupBy == null || groupBy.isEmpty() ? null : groupBy);
	}

	static Path workDir(String output) {
		return Path.of(output).resolve(".work").resolve("split");
	}

	@Bean
	@StepScope
	SplitCountTasklet splitCountTasklet(@Value("#{jobParameters['input']}") String input,
			@Value("#{jobParameters['output']}") String output, @Value("#{jobParameters['fractions']}") String fractions,
			@Value("#{jobParameters['shuffle']}") String shuffle, @Value("#{jobParameters['seed']}") Long seed,
			@Value("#{jobParameters['group.by']}") String groupBy, JsonMapper datasetJson) {
		return new SplitCountTasklet(Path.of(input), plan(fractions, shuffle, seed, groupBy), Path.of(output),
				workDir(output).resolve("groups.jsonl"), datasetJson);
	}

	@Bean
	Step splitCountStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			SplitCountTasklet splitCountTasklet) {
		return new StepBuilder("split-count", jobRepository).tasklet(splitCountTasklet, transactionManager).build();
	}

	@Bean
	@StepScope
	DatasetReader splitReader(@Value("#{jobParameters['input']}") String input, JsonMapper datasetJson) {
		return new DatasetReader(Path.of(input), datasetJson);
	}

	@Bean
	@StepScope
	SplitAssigner splitAssigner(@Value("#{jobParameters['input']}") String input,
			@Value("#{jobParameters['output']}") String output, @Value("#{jobParameters['fractions']}") String fractions,
			@Value("#{jobParameters['shuffle']}") String shuffle, @Value("#{jobParameters['seed']}") Long seed,
			@Value("#{jobParameters['group.by']}") String groupBy,
			@Value("#{stepExecution}") StepExecution step, JobRepository jobRepository, JsonMapper datasetJson) {
		ExecutionContext counted = counted(jobRepository, step);
		return new SplitAssigner(plan(fractions, shuffle, seed, groupBy),
				longs(counted.getString(SplitCountTasklet.COUNTS)), ints(counted.getString(SplitCountTasklet.BUCKETS)),
				workDir(output).resolve("groups.jsonl"), datasetJson, input);
	}

	@Bean
	@StepScope
	OutcomeWriter splitWriter(@Value("#{jobParameters['output']}") String output,
			@Value("#{jobParameters['fractions']}") String fractions, @Value("#{jobParameters['shuffle']}") String shuffle,
			@Value("#{jobParameters['skip.limit'] ?: 1000}") long skipLimit, @Value("#{stepExecution}") StepExecution step,
			JobRepository jobRepository, JsonMapper datasetJson, MeterRegistry meters) throws java.io.IOException {
		String buckets = counted(jobRepository, step).getString(SplitCountTasklet.BUCKETS);
		SplitPlan plan = plan(fractions, shuffle, null, null);
		Path dir = Path.of(output);
		Path work = workDir(output);
		Files.createDirectories(work);
		int[] bucketCounts = ints(buckets);
		Map<String, ItemStreamWriter<ObjectNode>> writers = new LinkedHashMap<>();
		for (int s = 0; s < 3; s++) {
			if (plan.fraction(s) == 0) {
				continue;
			}
			String name = SplitPlan.NAMES.get(s);
			if (plan.shuffle()) {
				for (int b = 0; b < bucketCounts[s]; b++) {
					writers.put(name + "#" + b, DatasetWriters.jsonLines(name + "-" + b,
							SplitShuffleTasklet.bucketFile(work, name, b), datasetJson));
				}
			}
			else {
				writers.put(name, DatasetWriters.jsonLines(name, dir.resolve(name + ".jsonl"), datasetJson));
			}
		}
		Path rejects = dir.resolve("rejects.jsonl");
		return new OutcomeWriter(writers, DatasetWriters.rejects(rejects, datasetJson),
				new StepCounts("split", meters), skipLimit, rejects.toString());
	}

	@Bean
	@StepScope
	Progress splitProgress(DatasetReader splitReader, @Value("${llamafarm.progress-interval:10s}") Duration interval)
			throws java.io.IOException {
		return splitReader.progress(interval);
	}


	@Bean
	Step splitAssignStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DatasetReader splitReader, SplitAssigner splitAssigner, OutcomeWriter splitWriter, Progress splitProgress,
			@Value("${llamafarm.chunk-size:500}") int chunkSize) {
		return new StepBuilder("split-assign", jobRepository).<SourceRecord, Outcome>chunk(chunkSize)
			.transactionManager(transactionManager)
			.reader(splitReader)
			.processor(splitAssigner)
			.writer(splitWriter)
			.listener(splitProgress)
			.build();
	}

	@Bean
	@StepScope
	SplitShuffleTasklet splitShuffleTasklet(@Value("#{jobParameters['output']}") String output,
			@Value("#{jobParameters['fractions']}") String fractions, @Value("#{jobParameters['shuffle']}") String shuffle,
			@Value("#{jobParameters['seed']}") Long seed, @Value("#{stepExecution}") StepExecution step,
			JobRepository jobRepository) {
		String buckets = counted(jobRepository, step).getString(SplitCountTasklet.BUCKETS);
		return new SplitShuffleTasklet(plan(fractions, shuffle, seed, null), ints(buckets), Path.of(output),
				workDir(output));
	}

	@Bean
	Step splitShuffleStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			SplitShuffleTasklet splitShuffleTasklet) {
		return new StepBuilder("split-shuffle", jobRepository).tasklet(splitShuffleTasklet, transactionManager)
			.build();
	}

	/** What the count step of this run found, from its own committed context. */
	static ExecutionContext counted(JobRepository jobRepository, StepExecution step) {
		StepExecution count = jobRepository.getLastStepExecution(step.getJobExecution().getJobInstance(), "split-count");
		if (count == null || !count.getExecutionContext().containsKey(SplitCountTasklet.BUCKETS)) {
			throw new IllegalStateException("the split-count step of this run left no counts; run again with --fresh");
		}
		return count.getExecutionContext();
	}

	private static long[] longs(String csv) {
		String[] parts = csv.split(",");
		return new long[] { Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]) };
	}

	private static int[] ints(String csv) {
		String[] parts = csv.split(",");
		return new int[] { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]) };
	}

}
