package com.llamafarm.datasets.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import com.llamafarm.datasets.pipeline.StepCounts;

/** What a job did, in a few lines: status, counts by reason, rules applied, where to look. */
final class Summary {

	private Summary() {
	}

	/**
	 * Prints what the run did. Counts are those of each step's latest execution in the run, so a
	 * resumed run whose steps completed before the kill still shows them.
	 */
	static int print(JobExecution execution, JobRepository repository, PrintStream out, Map<String, java.nio.file.Path> files) {
		BatchStatus status = execution.getStatus();
		Duration took = execution.getStartTime() != null && execution.getEndTime() != null
				? Duration.between(execution.getStartTime(), execution.getEndTime()) : Duration.ZERO;
		out.printf("%s %s in %.1f s (execution %d, run %s)%n", execution.getJobInstance().getJobName(), status,
				took.toMillis() / 1000.0, execution.getId(), execution.getJobParameters().getLong("run"));
		Map<String, StepExecution> latest = new java.util.LinkedHashMap<>();
		List<JobExecution> executions = new ArrayList<>(repository.getJobExecutions(execution.getJobInstance()));
		executions.sort(java.util.Comparator.comparingLong(JobExecution::getId));
		for (JobExecution each : executions) {
			for (StepExecution step : each.getStepExecutions()) {
				latest.put(step.getStepName(), step);
			}
		}
		for (StepExecution step : latest.values()) {
			Map<String, Long> counts = StepCounts.of(step.getExecutionContext());
			if (counts.isEmpty()) {
				continue;
			}
			long written = sum(counts, "written.");
			long rejected = sum(counts, "rejected.");
			// counts from the execution context add up over restarts; the step's own are this run's
			long read = counts.getOrDefault("read.all", step.getReadCount());
			out.printf("  %s: read %,d, written %,d, rejected %,d%s%n", step.getStepName(), read, written, rejected,
					details(counts, "rejected."));
			List<String> splits = new ArrayList<>();
			counts.forEach((key, n) -> {
				if (key.startsWith("written.") && !key.equals("written.ok")) {
					splits.add(key.substring(8) + " " + String.format("%,d", n));
				}
			});
			if (!splits.isEmpty()) {
				out.println("    written to: " + String.join(", ", splits));
			}
			String rules = details(counts, "rule.");
			if (!rules.isEmpty()) {
				out.println("    rules applied" + rules);
			}
		}
		files.forEach((label, path) -> {
			if (java.nio.file.Files.exists(path)) {
				out.println("  " + label + ": " + path);
			}
		});
		if (status != BatchStatus.COMPLETED) {
			String why = execution.getAllFailureExceptions()
				.stream()
				.map(Summary::rootMessage)
				.findFirst()
				.orElse(execution.getExitStatus().getExitDescription());
			if (why != null && !why.isBlank()) {
				out.println("  why: " + firstLine(why));
			}
			out.println("  run the same command again to resume from the last checkpoint, or add --fresh to start over");
			return ExitCodes.JOB_FAILED;
		}
		return ExitCodes.OK;
	}

	private static long sum(Map<String, Long> counts, String prefix) {
		return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
	}

	private static String details(Map<String, Long> counts, String prefix) {
		List<String> parts = new ArrayList<>();
		counts.forEach((key, n) -> {
			if (key.startsWith(prefix)) {
				parts.add(key.substring(prefix.length()) + " " + String.format("%,d", n));
			}
		});
		return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
	}

	/**
	 * The message that says what went wrong: the outermost of ours or of an item stream (they name
	 * the file), else the root cause's.
	 */
	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t.getMessage() != null && (t.getClass().getName().startsWith("com.llamafarm")
					|| t instanceof org.springframework.batch.infrastructure.item.ItemStreamException)) {
				return t.getMessage();
			}
			root = t;
		}
		return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return newline < 0 ? text : text.substring(0, newline);
	}

}
