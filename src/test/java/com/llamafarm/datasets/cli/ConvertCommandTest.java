package com.llamafarm.datasets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.llamafarm.datasets.support.Cli;
import com.llamafarm.datasets.support.Databases;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The convert command end to end: real jobs on an H2 file repository, files checked. */
class ConvertCommandTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	String db;

	@BeforeEach
	void setUp() {
		this.db = Databases.h2(this.dir.resolve("db"));
	}

	private Path write(String name, String... lines) throws Exception {
		Path file = this.dir.resolve(name);
		Files.write(file, List.of(lines), StandardCharsets.UTF_8);
		return file;
	}

	@Test
	void convertsAlpacaToShareGptDetectingTheFormat() throws Exception {
		Path input = write("in.jsonl", """
				{"instruction":"Add","input":"2 and 3","output":"5","category":"math"}""", """
				{"instruction":"Say hi","input":"","output":"hi"}""");
		Path output = this.dir.resolve("out.jsonl");

		Cli.Result result = Cli.run(this.db, "convert", "--input", input.toString(), "--to", "sharegpt", "--output",
				output.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("read 2, written 2, rejected 0");
		List<String> lines = Files.readAllLines(output);
		assertThat(lines).containsExactly(
				"{\"conversations\":[{\"from\":\"human\",\"value\":\"Add\\n\\n2 and 3\"},{\"from\":\"gpt\",\"value\":\"5\"}],\"category\":\"math\"}",
				"{\"conversations\":[{\"from\":\"human\",\"value\":\"Say hi\"},{\"from\":\"gpt\",\"value\":\"hi\"}]}");
		assertThat(this.dir.resolve("out.rejects.jsonl")).doesNotExist();
	}

	@Test
	void alpacaToShareGptToChatMlToAlpacaGivesBackTheInputFieldForField() throws Exception {
		Path input = Path.of(getClass().getResource("/samples/roundtrip_alpaca.json").toURI());
		Path sharegpt = this.dir.resolve("a.sharegpt.jsonl");
		Path chatml = this.dir.resolve("b.chatml.json");
		Path alpaca = this.dir.resolve("c.alpaca.json");

		for (String[] step : new String[][] { { input.toString(), "sharegpt", sharegpt.toString() },
				{ sharegpt.toString(), "chatml", chatml.toString() }, { chatml.toString(), "alpaca", alpaca.toString() } }) {
			Cli.Result result = Cli.run(this.db, "convert", "--input", step[0], "--to", step[1], "--output", step[2]);
			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.out()).contains("rejected 0");
		}

		JsonNode original = JSON.readTree(input.toFile());
		JsonNode back = JSON.readTree(alpaca.toFile());
		assertThat(back.size()).isEqualTo(original.size());
		for (int i = 0; i < original.size(); i++) {
			assertThat(back.get(i).toString()).as("record %d", i).isEqualTo(original.get(i).toString());
		}
	}

	@Test
	void badRecordsGoToRejectsWithLineFieldAndReasonAndTheJobGoesOn() throws Exception {
		byte[] invalidUtf8 = "{\"instruction\":\"caf\u00e9\",\"output\":\"x\"}\n".getBytes(StandardCharsets.ISO_8859_1);
		Path input = this.dir.resolve("in.jsonl");
		Files.write(input, ("{\"instruction\":\"ok\",\"input\":\"\",\"output\":\"fine\"}\n" + "{not json\n"
				+ "{\"instruction\":\"no output\"}\n" + "{\"instruction\":7,\"output\":\"x\"}\n" + "[1,2]\n")
			.getBytes(StandardCharsets.UTF_8));
		Files.write(input, invalidUtf8, java.nio.file.StandardOpenOption.APPEND);
		Files.writeString(input, "{\"instruction\":\"last\",\"input\":\"\",\"output\":\"ok\"}\n",
				java.nio.file.StandardOpenOption.APPEND);
		Path output = this.dir.resolve("out.jsonl");

		Cli.Result result = Cli.run(this.db, "convert", "--input", input.toString(), "--from", "alpaca", "--to",
				"chatml", "--output", output.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(Files.readAllLines(output)).hasSize(2);
		List<JsonNode> rejects = Files.readAllLines(this.dir.resolve("out.rejects.jsonl"))
			.stream()
			.map(JSON::readTree)
			.toList();
		assertThat(rejects).extracting(r -> r.get("line").asInt()).containsExactly(2, 3, 4, 5, 6);
		assertThat(rejects).extracting(r -> r.get("reason").asString())
			.containsExactly("malformed_json", "missing_field", "wrong_type", "not_an_object", "invalid_utf8");
		assertThat(rejects.get(1).get("field").asString()).isEqualTo("output");
		assertThat(rejects.get(2).get("field").asString()).isEqualTo("instruction");
		assertThat(rejects.get(0).get("raw").asString()).isEqualTo("{not json");
		assertThat(rejects.get(1).get("record").get("instruction").asString()).isEqualTo("no output");
		assertThat(rejects.get(4).get("raw").asString()).startsWith("base64:");
		assertThat(result.out()).contains("rejected 5")
			.contains("malformed_json 1")
			.contains("missing_field 1")
			.contains("invalid_utf8 1");
	}

	@Test
	void pastTheSkipLimitTheJobFailsSayingWhyAndResumesWithAHigherLimit() throws Exception {
		Path input = write("in.jsonl", "{\"instruction\":\"a\",\"input\":\"\",\"output\":\"1\"}", "{bad", "{bad",
				"{bad", "{\"instruction\":\"b\",\"input\":\"\",\"output\":\"2\"}");
		Path output = this.dir.resolve("out.jsonl");

		Cli.Result failed = Cli.run(this.db, "convert", "--input", input.toString(), "--from", "alpaca", "--to",
				"alpaca", "--output", output.toString(), "--skip-limit", "2");

		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.JOB_FAILED);
		assertThat(failed.out()).contains("FAILED").contains("more than 2 bad input records").contains("--skip-limit");

		Cli.Result resumed = Cli.run(this.db, "convert", "--input", input.toString(), "--from", "alpaca", "--to",
				"alpaca", "--output", output.toString(), "--skip-limit", "5");

		assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
		assertThat(resumed.out()).contains("run 1");
		assertThat(Files.readAllLines(output)).hasSize(2);
		assertThat(Files.readAllLines(this.dir.resolve("out.rejects.jsonl"))).hasSize(3);
	}

	@Test
	void resumingWithAnotherConfigOrInputIsRefusedAndFreshStartsOver() throws Exception {
		Path input = write("in.jsonl", "{\"instruction\":\"a\",\"input\":\"\",\"output\":\"1\"}", "{bad", "{bad");
		Path output = this.dir.resolve("out.jsonl");
		Cli.Result failed = Cli.run(this.db, "convert", "--input", input.toString(), "--from", "alpaca", "--to",
				"chatml", "--output", output.toString(), "--skip-limit", "1");
		assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.JOB_FAILED);

		Cli.Result otherFormat = Cli.run(this.db, "convert", "--input", input.toString(), "--from", "alpaca", "--to",
				"sharegpt", "--output", output.toString(), "--skip-limit", "5");
		assertThat(otherFormat.exitCode()).as(otherFormat.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(otherFormat.err()).contains("started differently").contains("config.hash was").contains("--fresh");

		Path otherInput = write("other.jsonl", "{\"instruction\":\"b\",\"input\":\"\",\"output\":\"2\"}");
		Cli.Result otherFile = Cli.run(this.db, "convert", "--input", otherInput.toString(), "--from", "alpaca", "--to",
				"chatml", "--output", output.toString());
		assertThat(otherFile.exitCode()).as(otherFile.toString()).isEqualTo(ExitCodes.USAGE);
		assertThat(otherFile.err()).contains("input was " + input);

		Cli.Result fresh = Cli.run(this.db, "convert", "--input", input.toString(), "--from", "alpaca", "--to",
				"sharegpt", "--output", output.toString(), "--skip-limit", "5", "--fresh");
		assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
		assertThat(fresh.out()).contains("convert COMPLETED");
		assertThat(Files.readString(output)).startsWith("{\"conversations\"");
		assertThat(Cli.run(this.db, "jobs", "list").out()).containsPattern("1\\s+convert\\s+ABANDONED");
	}

	@Test
	void theRejectsFileMayNotBeTheInput() throws Exception {
		Path input = write("x.rejects.jsonl", "{\"instruction\":\"a\",\"output\":\"b\"}");

		Cli.Result result = Cli.run(this.db, "convert", "--input", input.toString(), "--to", "chatml", "--output",
				this.dir.resolve("x.jsonl").toString());

		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(Files.readAllLines(input)).hasSize(1);
	}

	@Test
	void writesAJsonArrayWhenTheOutputEndsInJson() throws Exception {
		Path input = write("in.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}");
		Path output = this.dir.resolve("out.json");

		Cli.Result result = Cli.run(this.db, "convert", "--input", input.toString(), "--to", "alpaca", "--output",
				output.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		JsonNode array = JSON.readTree(output.toFile());
		assertThat(array.isArray()).isTrue();
		assertThat(array.get(0).toString()).isEqualTo("{\"instruction\":\"q\",\"input\":\"\",\"output\":\"a\"}");
	}

	@Test
	void aMissingInputAnEmptyFileAndAnUnwritableOutputAreExitCode2NamingTheFile() throws Exception {
		Path missing = this.dir.resolve("nope.jsonl");
		Cli.Result result = Cli.run(this.db, "convert", "--input", missing.toString(), "--to", "alpaca", "--output",
				this.dir.resolve("o.jsonl").toString());
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains(missing.toString()).contains("no such file");

		Path empty = write("empty.jsonl");
		Files.write(empty, new byte[0]);
		result = Cli.run(this.db, "convert", "--input", empty.toString(), "--to", "alpaca", "--output",
				this.dir.resolve("o.jsonl").toString());
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains(empty.toString()).contains("empty");

		Path input = write("in.jsonl", "{\"instruction\":\"a\",\"output\":\"b\"}");
		Path blocker = write("file-not-folder", "x");
		result = Cli.run(this.db, "convert", "--input", input.toString(), "--to", "alpaca", "--output",
				blocker.resolve("o.jsonl").toString());
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("cannot create the folder");
	}

	@Test
	void aBadConfigIsExitCode2NamingTheFileAndTheJsonPath() throws Exception {
		Path input = write("in.jsonl", "{\"instruction\":\"a\",\"output\":\"b\"}");
		Path config = write("config.json",
				"{\"format_conversion\":{\"conversion_rules\":{\"truncation_strategy\":\"middle\"}}}");

		Cli.Result result = Cli.run(this.db, "convert", "--input", input.toString(), "--to", "alpaca", "--output",
				this.dir.resolve("o.jsonl").toString(), "--config", config.toString());

		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains(config.toString())
			.contains("$.format_conversion.conversion_rules.truncation_strategy");

		Path unknown = write("unknown.json", "{\"format_conversion\":{\"max_lenght\":5}}");
		result = Cli.run(this.db, "convert", "--input", input.toString(), "--to", "alpaca", "--output",
				this.dir.resolve("o.jsonl").toString(), "--config", unknown.toString());
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("$.format_conversion.max_lenght").contains("not a known setting");
	}

	@Test
	void anUndetectableFormatAndAnUnknownFormatAreUsageErrors() throws Exception {
		Path input = write("in.jsonl", "{\"question\":\"a\",\"answer\":\"b\"}");

		Cli.Result result = Cli.run(this.db, "convert", "--input", input.toString(), "--to", "alpaca", "--output",
				this.dir.resolve("o.jsonl").toString());
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("cannot tell the format").contains("question, answer").contains("--from");

		result = Cli.run(this.db, "convert", "--input", input.toString(), "--to", "parquet", "--output",
				this.dir.resolve("o.jsonl").toString());
		assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).contains("unknown format 'parquet'");
	}

	@Test
	void aCustomShapeFromConfigIsReadAndWritten() throws Exception {
		Path input = write("in.jsonl",
				"{\"ticket\":{\"question\":\"Printer jams\",\"context\":\"Model X\"},\"resolution\":\"Clean the roller\",\"priority\":2}");
		Path config = write("config.json", """
				{"custom_format":{"fields":{"instruction":"ticket.question","input":"ticket.context","output":"resolution"}},
				 "format_conversion":{"input_format":"custom","output_format":"chatml"}}""");
		Path output = this.dir.resolve("out.jsonl");

		Cli.Result result = Cli.run(this.db, "convert", "--input", input.toString(), "--output", output.toString(),
				"--config", config.toString());

		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(Files.readString(output).strip()).isEqualTo(
				"{\"messages\":[{\"role\":\"user\",\"content\":\"Printer jams\\n\\nModel X\"},{\"role\":\"assistant\",\"content\":\"Clean the roller\"}],\"priority\":2}");
	}

	@Test
	void whatTheTargetCannotHoldIsCountedNeverSilentlyDropped() throws Exception {
		Path input = write("in.jsonl",
				"{\"instruction\":\"q\",\"input\":\"\",\"output\":\"a\",\"system\":\"Be brief.\"}",
				"{\"conversations\":[{\"from\":\"human\",\"value\":\"x\"},{\"from\":\"function_call\",\"value\":\"{}\"},{\"from\":\"observation\",\"value\":\"{}\"},{\"from\":\"gpt\",\"value\":\"y\"}]}");
		Path config = write("config.json", "{\"format_conversion\":{\"alpaca\":{\"system\":\"prepend\"}}}");
		Path output = this.dir.resolve("out.jsonl");

		Cli.Result result = Cli.run(this.db, "convert", "--input", input.toString(), "--from", "sharegpt", "--to",
				"alpaca", "--output", output.toString(), "--config", config.toString());

		// the first line is Alpaca, not ShareGPT: a bad record; the second cannot be held by Alpaca
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("missing_field 1").contains("alpaca_cannot_hold_tool_turns 1");
		assertThat(Files.readAllLines(this.dir.resolve("out.rejects.jsonl"))).hasSize(2);

		Path alpacaOut = this.dir.resolve("plain.jsonl");
		result = Cli.run(this.db, "convert", "--input", write("a.jsonl", Files.readAllLines(input).get(0)).toString(),
				"--from", "alpaca", "--to", "alpaca", "--output", alpacaOut.toString(), "--config", config.toString());
		assertThat(result.exitCode()).as(result.toString()).isZero();
		assertThat(result.out()).contains("rules applied (system_prompt_prepended 1)");
		assertThat(Files.readString(alpacaOut).strip())
			.isEqualTo("{\"instruction\":\"Be brief.\\n\\nq\",\"input\":\"\",\"output\":\"a\"}");
	}

}
