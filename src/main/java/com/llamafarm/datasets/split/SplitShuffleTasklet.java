package com.llamafarm.datasets.split;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Last pass of a shuffled split: each shuffle bucket is read, shuffled in memory with a seeded
 * random, and appended to its split's file. One bucket per transaction: the bucket done and each
 * file's size are checkpointed, so a restart truncates the files to the last checkpoint and goes
 * on with the next bucket. Memory is bounded by the bucket size.
 */
class SplitShuffleTasklet implements Tasklet {

	private final SplitPlan plan;

	private final int[] buckets;

	private final Path outputDir;

	private final Path workDir;

	SplitShuffleTasklet(SplitPlan plan, int[] buckets, Path outputDir, Path workDir) {
		this.plan = plan;
		this.buckets = buckets;
		this.outputDir = outputDir;
		this.workDir = workDir;
	}

	static Path bucketFile(Path workDir, String split, int bucket) {
		return workDir.resolve(split + "-" + String.format("%05d", bucket) + ".jsonl");
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		if (!this.plan.shuffle()) {
			removeWorkFiles();
			return RepeatStatus.FINISHED;
		}
		ExecutionContext context = chunkContext.getStepContext().getStepExecution().getExecutionContext();
		int next = context.getInt("next", 0);
		if (next == 0 && !context.containsKey("started")) {
			for (int s = 0; s < 3; s++) {
				if (this.plan.fraction(s) > 0) {
					Files.write(output(s), new byte[0]);
					// sizes go with 'started': a failure in the first bucket restarts from empty files
					context.putLong("size." + s, 0L);
				}
			}
			context.putString("started", "yes");
		}
		else {
			for (int s = 0; s < 3; s++) {
				if (this.plan.fraction(s) > 0) {
					truncate(output(s), context.getLong("size." + s));
				}
			}
		}
		int linear = 0;
		for (int s = 0; s < 3; s++) {
			for (int b = 0; b < this.buckets[s]; b++, linear++) {
				if (linear < next) {
					continue;
				}
				long lines = shuffleBucket(s, b);
				contribution.incrementWriteCount(lines);
				context.putInt("next", linear + 1);
				for (int t = 0; t < 3; t++) {
					if (this.plan.fraction(t) > 0) {
						context.putLong("size." + t, Files.size(output(t)));
					}
				}
				return RepeatStatus.CONTINUABLE;
			}
		}
		removeWorkFiles();
		return RepeatStatus.FINISHED;
	}

	private void removeWorkFiles() throws IOException {
		if (Files.isDirectory(this.workDir)) {
			try (var files = Files.list(this.workDir)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
			}
			Files.deleteIfExists(this.workDir);
			try {
				Files.deleteIfExists(this.workDir.getParent());
			}
			catch (java.nio.file.DirectoryNotEmptyException ex) {
				// another stage's work files are still there
			}
		}
	}

	private Path output(int split) {
		return this.outputDir.resolve(SplitPlan.NAMES.get(split) + ".jsonl");
	}

	private long shuffleBucket(int split, int bucket) throws IOException {
		Path file = bucketFile(this.workDir, SplitPlan.NAMES.get(split), bucket);
		if (!Files.exists(file)) {
			return 0;
		}
		List<String> lines = new ArrayList<>();
		try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			while ((line = in.readLine()) != null) {
				lines.add(line);
			}
		}
		Collections.shuffle(lines, new Random(this.plan.seed() * 1_000_003L + split * 1_009L + bucket));
		try (FileChannel out = FileChannel.open(output(split), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
			StringBuilder text = new StringBuilder();
			for (String line : lines) {
				text.append(line).append('\n');
				if (text.length() > 1 << 20) {
					write(out, text);
				}
			}
			write(out, text);
		}
		return lines.size();
	}

	private static void write(FileChannel out, StringBuilder text) throws IOException {
		ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
		while (bytes.hasRemaining()) {
			out.write(bytes);
		}
		text.setLength(0);
	}

	private static void truncate(Path file, long size) throws IOException {
		long actual = Files.size(file);
		if (actual < size) {
			throw new IOException(file + " is shorter than at the last checkpoint (" + actual + " < " + size
					+ " bytes): it was changed since the failed run; run again with --fresh");
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(size);
		}
	}

}
