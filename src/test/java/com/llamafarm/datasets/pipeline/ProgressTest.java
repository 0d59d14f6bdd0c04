package com.llamafarm.datasets.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

class ProgressTest {

	@Test
	void aLineSaysRecordsRatePercentAndEta() throws Exception {
		AtomicLong position = new AtomicLong();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		Progress progress = new Progress(position::get, 10L << 20, false, Duration.ofMillis(50), new PrintStream(bytes, true));
		StepExecution step = new StepExecution(1L, "convert",
				new JobExecution(1L, new JobInstance(1L, "convert"), new JobParameters()));

		progress.beforeStep(step);
		position.set(1L << 20);
		assertThat(progress.line(step)).as("the first look has no rate of bytes yet").doesNotContain("ETA");
		Thread.sleep(20);
		position.set(5L << 20);
		step.setReadCount(12_345);
		String line = progress.line(step);

		assertThat(line).startsWith("convert: 12,345 records (").contains("/s)").contains("50% of 10.0 MB").contains("ETA ");

		Thread.sleep(200);
		progress.afterStep(step);
		assertThat(bytes.toString()).as("off a terminal, progress is logged line by line").contains("convert: 12,345 records").contains("\n");
	}

}
