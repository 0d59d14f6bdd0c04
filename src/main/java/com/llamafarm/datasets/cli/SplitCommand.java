package com.llamafarm.datasets.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.parameters.JobParametersBuilder;


import com.llamafarm.datasets.pipeline.JobLaunches;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "split", mixinStandardHelpOptions = true,
		description = { "Split a dataset into train, validation and test files (JSON Lines, records unchanged).", "",
				"Counts are exact shares of the readable records. Without --shuffle each split is a contiguous run of the input; with it, membership and order are drawn from --seed.",
				"",
				"--group-by keeps every record sharing a metadata key (metadata.KEY, else the top-level KEY) in one split, so that no document leaks between train and test.",
				"" },
		footer = { "", "Example:",
				"  llamafarm datasets split --input full.jsonl --train 0.8 --val 0.15 --test 0.05 --shuffle --seed 7 --group-by source --output split/" })
class SplitCommand implements Callable<Integer> {

	@Option(names = "--input", required = true, paramLabel = "FILE", description = "The dataset to split.")
	Path input;

	@Option(names = "--train", required = true, paramLabel = "FRACTION", description = "Share of the training split.")
	double train;

	@Option(names = "--val", defaultValue = "0", paramLabel = "FRACTION", description = "Share of the validation split.")
	double val;

	@Option(names = "--test", defaultValue = "0", paramLabel = "FRACTION", description = "Share of the test split.")
	double test;

	@Option(names = "--shuffle", description = "Draw membership and order at random (seeded).")
	boolean shuffle;

	@Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed for --shuffle and group dealing. Default: ${DEFAULT-VALUE}.")
	long seed;

	@Option(names = "--group-by", paramLabel = "KEY", description = "Keep records with the same value of this key together.")
	String groupBy;

	@Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder for train.jsonl, validation.jsonl, test.jsonl and rejects.jsonl.")
	Path output;

	@Mixin
	JobOptions job = new JobOptions();

	@Override
	public Integer call() throws Exception {
		this.job.check();
		for (var fraction : List.of(new Object[] { "--train", this.train }, new Object[] { "--val", this.val },
				new Object[] { "--test", this.test })) {
			double value = (double) fraction[1];
			if (!(value >= 0 && value <= 1)) {
				throw new UsageException(fraction[0] + " must be between 0 and 1, got " + value);
			}
		}
		double sum = this.train + this.val + this.test;
		if (Math.abs(sum - 1.0) > 1e-6) {
			throw new UsageException(String.format("--train, --val and --test must add up to 1; they add up to %.4f", sum));
		}
		if (this.train == 0) {
			throw new UsageException("--train must be more than 0");
		}
		Path in = Paths.input(this.input);
		Path out = Paths.outputFolder(this.output);
		for (String name : List.of("train.jsonl", "validation.jsonl", "test.jsonl", "rejects.jsonl")) {
			if (in.equals(out.resolve(name))) {
				throw new UsageException(this.input + ": the split would overwrite its own input; write it to another folder");
			}
		}
		if (in.startsWith(out.resolve(".work"))) {
			throw new UsageException(this.input + ": is a work file of a split in " + this.output);
		}
		String fingerprint = Paths.fingerprint(in);
		String fractions = this.train + "," + this.val + "," + this.test;
		// the split's settings are its config: they identify the job with the input and output
		var identifying = new JobParametersBuilder().addString("command", "split")
			.addString("input", in.toString())
			.addString("output", out.toString())
			.addString("fractions", fractions)
			.addString("shuffle", Boolean.toString(this.shuffle))
			.addLong("seed", this.seed)
			.addString("group.by", this.groupBy == null ? "" : this.groupBy)
			.toJobParameters();
		var tuning = new JobParametersBuilder().addString(JobLaunches.INPUT_FINGERPRINT, fingerprint, false);
		return this.job.launch("splitJob", identifying, tuning, List.of(JobLaunches.INPUT_FINGERPRINT),
				java.util.Map.of("output", out));
	}

}
