package com.llamafarm.datasets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.llamafarm.datasets.support.ChildJob;
import com.llamafarm.datasets.support.Cli;
import com.llamafarm.datasets.support.Databases;
import com.llamafarm.datasets.support.Datasets;

/** jobs list, status and restart read and act on the job repository another process wrote. */
class JobsCommandTest {

	@TempDir
	Path dir;

	@Test
	void listStatusAndRestartAKilledExecution() throws Exception {
		String db = Databases.h2(this.dir.resolve("db"));
		Path input = Datasets.alpacaJsonl(this.dir.resolve("in.jsonl"), 60_000, 9);
		Path output = this.dir.resolve("out.jsonl");
		String[] convert = convert(input, output, 50);
		Process child = ChildJob.start(this.dir, "child", db, convert);
		ChildJob.waitForOutput(child, output, 500_000);
		ChildJob.kill(child);

		Cli.Result list = Cli.run(db, "jobs", "list");
		assertThat(list.exitCode()).as(list.toString()).isZero();
		assertThat(list.out()).containsPattern("1\\s+convert\\s+STARTED \\(gone\\)")
			.contains(input + " -> " + output);

		Cli.Result status = Cli.run(db, "jobs", "status", "1");
		assertThat(status.exitCode()).as(status.toString()).isZero();
		assertThat(status.out()).contains("execution 1: convert STARTED")
			.contains("output = " + output)
			.contains("input = " + input)
			.contains("from (tuning) = alpaca")
			.containsPattern("step convert: STARTED, read [1-9]");

		Cli.Result restart = Cli.run(db, "jobs", "restart", "1");
		assertThat(restart.exitCode()).as(restart.toString()).isZero();
		assertThat(restart.out()).contains("convert COMPLETED").contains("read 60,000, written 60,000");
		assertThat(Files.readAllLines(output)).hasSize(60_000);

		list = Cli.run(db, "jobs", "list");
		assertThat(list.out()).containsPattern("2\\s+convert\\s+COMPLETED").containsPattern("1\\s+convert\\s+FAILED");

		Cli.Result again = Cli.run(db, "jobs", "restart", "2");
		assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(again.err()).contains("execution 2 is COMPLETED");
		assertThat(Cli.run(db, "jobs", "status", "99").err()).contains("no job execution 99");
	}

	@Test
	void stopAsksARunningExecutionInAnotherProcessToStopAtItsNextCheckpoint() throws Exception {
		String db = Databases.h2(this.dir.resolve("db"));
		Path input = Datasets.alpacaJsonl(this.dir.resolve("in.jsonl"), 400_000, 9);
		Path output = this.dir.resolve("out.jsonl");
		String[] convert = convert(input, output, 20);
		Process child = ChildJob.start(this.dir, "child", db, convert);
		ChildJob.waitForOutput(child, output, 50_000);

		Cli.Result stop = Cli.run(db, "jobs", "stop", "1");

		assertThat(stop.exitCode()).as(stop.toString()).isZero();
		assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(child.exitValue()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(Files.readString(this.dir.resolve("child.out"))).contains("convert STOPPED");
		assertThat(Cli.run(db, "jobs", "stop", "1").err()).contains("is STOPPED, not running");

		Cli.Result resumed = Cli.run(db, convert);
		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(Files.readAllLines(output)).hasSize(400_000);
	}

	private static String[] convert(Path input, Path output, int chunkSize) {
		return new String[] { "convert", "--input", input.toString(), "--from", "alpaca", "--to", "chatml", "--output",
				output.toString(), "--chunk-size", Integer.toString(chunkSize) };
	}

}
