package com.llamafarm.datasets.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.llamafarm.datasets.cli.ExitCodes;
import com.llamafarm.datasets.support.ChildJob;
import com.llamafarm.datasets.support.Cli;
import com.llamafarm.datasets.support.Databases;
import com.llamafarm.datasets.support.Datasets;

/**
 * A convert job killed with SIGKILL at several points and run again with the same command ends
 * with output byte-identical to an uninterrupted run: nothing lost, nothing doubled. The killed
 * execution is left STARTED; the rerun finds its process gone, recovers it and restarts it. On
 * H2 (the default) and on PostgreSQL.
 */
class KillRestartTest {

	private static final int RECORDS = 120_000;

	@TempDir
	Path dir;

	@Test
	void killedConvertResumesToIdenticalOutputOnH2() throws Exception {
		killAndResume(Databases.h2(this.dir.resolve("db")), "out.jsonl");
	}

	@Test
	void killedConvertToJsonArrayResumesToIdenticalOutputOnH2() throws Exception {
		killAndResume(Databases.h2(this.dir.resolve("db")), "out.json");
	}

	@Test
	void killedConvertResumesToIdenticalOutputOnPostgres() throws Exception {
		killAndResume(Databases.postgres(), "out.jsonl");
	}

	private void killAndResume(String db, String outputName) throws Exception {
		Path input = input();
		Path reference = this.dir.resolve("reference").resolve(outputName);
		Files.createDirectories(reference.getParent());
		Cli.Result clean = Cli.run(Databases.h2(this.dir.resolve("refdb")), convert(input, reference));
		assertThat(clean.exitCode()).as(clean.toString()).isZero();
		long size = Files.size(reference);

		Path output = this.dir.resolve(outputName);
		for (double at : new double[] { 0.15, 0.5, 0.8 }) {
			Process child = ChildJob.start(this.dir, "run-" + at, db, convert(input, output));
			ChildJob.waitForOutput(child, output, (long) (size * at));
			ChildJob.kill(child);
			assertThat(lastStatus(db)).as("status left by the killed run").isEqualTo("STARTED");
		}
		Cli.Result resumed = Cli.run(db, convert(input, output));

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumed.out()).contains("run 1").contains("read " + String.format("%,d", RECORDS + 2));
		assertThat(Files.mismatch(output, reference)).as("first differing byte").isEqualTo(-1L);
		assertThat(Files.mismatch(rejects(output), rejects(reference))).isEqualTo(-1L);
		assertThat(Files.readAllLines(rejects(output))).hasSize(2);
		assertThat(statuses(db)).containsExactly("FAILED", "FAILED", "FAILED", "COMPLETED");
	}

	@Test
	void killedShuffledSplitResumesToIdenticalSplits() throws Exception {
		String db = Databases.h2(this.dir.resolve("db"));
		Path input = input();
		Path reference = this.dir.resolve("reference-split");
		Cli.Result clean = Cli.run(Databases.h2(this.dir.resolve("refdb")), split(input, reference));
		assertThat(clean.exitCode()).as(clean.toString()).isZero();

		Path output = this.dir.resolve("split");
		Process child = ChildJob.start(this.dir, "split", db, split(input, output));
		ChildJob.waitForOutput(child, output.resolve(".work/split/train-00001.jsonl"), 1_000_000);
		ChildJob.kill(child);
		Cli.Result resumed = Cli.run(db, split(input, output));

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		for (String name : List.of("train", "validation", "test", "rejects")) {
			assertThat(Files.mismatch(output.resolve(name + ".jsonl"), reference.resolve(name + ".jsonl")))
				.as(name).isEqualTo(-1L);
		}
		assertThat(Files.readAllLines(output.resolve("train.jsonl"))).hasSize(96_001); // round(0.8 x 120,001 readable records)
		assertThat(statuses(db)).containsExactly("FAILED", "COMPLETED");
	}

	private static String[] split(Path input, Path output) {
		return new String[] { "split", "--input", input.toString(), "--output", output.toString(), "--train", "0.8",
				"--val", "0.1", "--test", "0.1", "--shuffle", "--seed", "3", "--chunk-size", "100" };
	}

	@Test
	void aSecondProcessIsRefusedWhileTheFirstRunsAndAnInputChangeIsRefusedOnRestart() throws Exception {
		String db = Databases.h2(this.dir.resolve("db"));
		Path input = input();
		Path output = this.dir.resolve("out.jsonl");
		String[] command = convert(input, output, 20);
		Process first = ChildJob.start(this.dir, "first", db, command);
		try {
			ChildJob.waitForOutput(first, output, 10_000);

			Cli.Result second = Cli.run(db, command);

			assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.USAGE);
			assertThat(second.err()).contains("already running").contains("pid " + first.pid());
		}
		finally {
			ChildJob.kill(first);
		}

		Files.writeString(input, "{\"instruction\":\"one more\",\"input\":\"\",\"output\":\"x\"}\n",
				StandardOpenOption.APPEND);
		Cli.Result changed = Cli.run(db, command);
		assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(changed.err()).contains("started differently (input.fingerprint was size=").contains("--fresh");

		Cli.Result fresh = Cli.run(db, concat(command, "--fresh"));
		assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
		assertThat(fresh.out()).contains("run 2").contains("written " + String.format("%,d", RECORDS + 1));
		assertThat(Files.readAllLines(output)).hasSize(RECORDS + 1);
	}

	@Test
	void anOutputShorterThanItsLastCheckpointIsAnErrorNeverAGap() throws Exception {
		String db = Databases.h2(this.dir.resolve("db"));
		Path input = input();
		Path output = this.dir.resolve("out.jsonl");
		Process child = ChildJob.start(this.dir, "child", db, convert(input, output));
		ChildJob.waitForOutput(child, output, 2_000_000);
		ChildJob.kill(child);
		Files.write(output, new byte[0]);

		Cli.Result rerun = Cli.run(db, convert(input, output));

		assertThat(rerun.exitCode()).as(rerun.toString()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(rerun.out()).contains(output.toString()).contains("shorter than at the last checkpoint");
	}

	private Path input() throws Exception {
		Path input = this.dir.resolve("in.jsonl");
		if (!Files.exists(input)) {
			Datasets.alpacaJsonl(input, RECORDS / 2, 1);
			Files.writeString(input, "{broken\n{\"instruction\":1,\"output\":\"x\"}\n", StandardOpenOption.APPEND);
			Path rest = this.dir.resolve("rest.jsonl");
			Datasets.alpacaJsonl(rest, RECORDS / 2, 2);
			Files.write(input, Files.readAllBytes(rest), StandardOpenOption.APPEND);
		}
		return input;
	}

	private static String[] convert(Path input, Path output) {
		return convert(input, output, 100);
	}

	private static String[] convert(Path input, Path output, int chunkSize) {
		return new String[] { "convert", "--input", input.toString(), "--from", "alpaca", "--to", "sharegpt",
				"--output", output.toString(), "--chunk-size", Integer.toString(chunkSize) };
	}

	private static String[] concat(String[] a, String... b) {
		List<String> all = new ArrayList<>(List.of(a));
		all.addAll(List.of(b));
		return all.toArray(String[]::new);
	}

	private static Path rejects(Path output) {
		String name = output.getFileName().toString();
		return output.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".rejects.jsonl");
	}

	private static String lastStatus(String db) throws Exception {
		List<String> all = statuses(db);
		return all.get(all.size() - 1);
	}

	private static List<String> statuses(String db) throws Exception {
		List<String> statuses = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(db, db.startsWith("jdbc:h2") ? "sa" : null, "");
				ResultSet rs = connection.createStatement()
					.executeQuery("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID")) {
			while (rs.next()) {
				statuses.add(rs.getString(1));
			}
		}
		return statuses;
	}

}
