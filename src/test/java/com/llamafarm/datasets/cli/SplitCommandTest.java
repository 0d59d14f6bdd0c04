package com.llamafarm.datasets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.llamafarm.datasets.support.Cli;
import com.llamafarm.datasets.support.Databases;
import com.llamafarm.datasets.support.Datasets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The split command end to end on an H2 file repository. */
class SplitCommandTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	String db;

	Path input;

	@BeforeEach
	void setUp() throws Exception {
		this.db = Databases.h2(this.dir.resolve("db"));
		this.input = Datasets.alpacaJsonl(this.dir.resolve("in.jsonl"), 1000, 5);
	}

	private Cli.Result split(Path output, String... options) {
		List<String> args = new ArrayList<>(List.of("split", "--input", this.input.toString(), "--output",
				output.toString()));
		args.addAll(List.of(options));
		return Cli.run(this.db, args.toArray(String[]::new));
	}

	private static List<String> lines(Path dir, String split) throws Exception {
		Path file = dir.resolve(split + ".jsonl");
		return Files.exists(file) ? Files.readAllLines(file) : List.of();
	}

	@Test
	void withoutShuffleTheSplitsAreExactContiguousRunsOfTheInput() throws Exception {
		Path out = this.dir.resolve("plain");

		Cli.Result result = split(out, "--train", "0.8", "--val", "0.15", "--test", "0.05");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		List<String> all = Files.readAllLines(this.input);
		assertThat(lines(out, "train")).isEqualTo(all.subList(0, 800));
		assertThat(lines(out, "validation")).isEqualTo(all.subList(800, 950));
		assertThat(lines(out, "test")).isEqualTo(all.subList(950, 1000));
		assertThat(out.resolve(".work")).doesNotExist();
	}

	@Test
	void shuffledSplitsHaveExactCountsLoseNothingAndAreDeterministicForASeed() throws Exception {
		Path first = this.dir.resolve("a");
		Path second = this.dir.resolve("b");
		Path other = this.dir.resolve("c");

		assertThat(split(first, "--train", "0.8", "--val", "0.15", "--test", "0.05", "--shuffle", "--seed", "7")
			.exitCode()).isZero();
		assertThat(split(second, "--train", "0.8", "--val", "0.15", "--test", "0.05", "--shuffle", "--seed", "7")
			.exitCode()).isZero();
		assertThat(split(other, "--train", "0.8", "--val", "0.15", "--test", "0.05", "--shuffle", "--seed", "8")
			.exitCode()).isZero();

		assertThat(lines(first, "train")).hasSize(800);
		assertThat(lines(first, "validation")).hasSize(150);
		assertThat(lines(first, "test")).hasSize(50);
		List<String> union = new ArrayList<>();
		for (String split : List.of("train", "validation", "test")) {
			union.addAll(lines(first, split));
			assertThat(Files.mismatch(first.resolve(split + ".jsonl"), second.resolve(split + ".jsonl"))).isEqualTo(-1);
		}
		assertThat(union).containsExactlyInAnyOrderElementsOf(Files.readAllLines(this.input));
		assertThat(lines(first, "train")).isNotEqualTo(Files.readAllLines(this.input).subList(0, 800));
		assertThat(lines(other, "test")).isNotEqualTo(lines(first, "test"));
	}

	@Test
	void groupByKeepsEveryGroupInOneSplit() throws Exception {
		Path out = this.dir.resolve("grouped");

		Cli.Result result = split(out, "--train", "0.7", "--val", "0.15", "--test", "0.15", "--shuffle", "--group-by",
				"source");

		assertThat(result.exitCode()).as(result.toString()).isZero();
		Map<String, Set<String>> splitsOfGroup = new HashMap<>();
		int total = 0;
		for (String split : List.of("train", "validation", "test")) {
			for (String line : lines(out, split)) {
				total++;
				JsonNode source = JSON.readTree(line).get("source");
				if (source != null) {
					splitsOfGroup.computeIfAbsent(source.asString(), k -> new HashSet<>()).add(split);
				}
			}
		}
		assertThat(total).isEqualTo(1000);
		assertThat(splitsOfGroup).isNotEmpty();
		assertThat(splitsOfGroup.values()).allSatisfy(splits -> assertThat(splits).hasSize(1));
		assertThat(splitsOfGroup.values().stream().flatMap(Set::stream).distinct()).hasSize(3);
		assertThat(lines(out, "train").size()).isBetween(650, 750);
	}

	@Test
	void aFewLargeGroupsAreDealtAsCloseToTheSharesAsWholeGroupsAllow() throws Exception {
		List<String> lines = new ArrayList<>();
		int[] sizes = { 10, 10, 10, 5, 2, 1 };
		for (int g = 0; g < sizes.length; g++) {
			for (int i = 0; i < sizes[g]; i++) {
				lines.add("{\"instruction\":\"q" + g + "-" + i + "\",\"output\":\"a\",\"metadata\":{\"doc\":\"d" + g + "\"}}");
			}
		}
		this.input = Files.write(this.dir.resolve("groups.jsonl"), lines);
		Path out = this.dir.resolve("few");

		Cli.Result result = split(out, "--train", "0.8", "--val", "0.1", "--test", "0.1", "--shuffle", "--group-by",
				"doc");

		// shares 30/4/4 of 38: the best whole-group deal is 30 and the 5 apart from the 2 and 1
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(lines(out, "train")).hasSize(30);
		assertThat(List.of(lines(out, "validation").size(), lines(out, "test").size())).containsExactlyInAnyOrder(5, 3);
	}

	@Test
	void aSplitWithNoShareLeavesNoFileBehind() throws Exception {
		Path out = this.dir.resolve("reused");
		assertThat(split(out, "--train", "0.5", "--val", "0.25", "--test", "0.25").exitCode()).isZero();
		assertThat(out.resolve("test.jsonl")).exists();

		assertThat(split(out, "--train", "0.9", "--val", "0.1").exitCode()).isZero();

		assertThat(lines(out, "train")).hasSize(900);
		assertThat(out.resolve("test.jsonl")).doesNotExist();
	}

	@Test
	void aSplitMayNotOverwriteItsOwnInput() throws Exception {
		Path out = this.dir.resolve("same");
		Files.createDirectories(out);
		this.input = Files.copy(this.input, out.resolve("train.jsonl"));

		Cli.Result result = split(out, "--train", "0.9", "--val", "0.1");

		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("overwrite its own input");
		assertThat(Files.readAllLines(this.input)).hasSize(1000);
	}

	@Test
	void fractionsThatDoNotAddUpAreExitCode2() {
		Cli.Result result = split(this.dir.resolve("x"), "--train", "0.8", "--val", "0.3");

		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("must add up to 1").contains("1.1");

		result = split(this.dir.resolve("x"), "--train", "1.5");
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("--train must be between 0 and 1");
	}

}
