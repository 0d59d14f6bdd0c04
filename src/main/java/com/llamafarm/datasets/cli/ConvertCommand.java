package com.llamafarm.datasets.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import com.llamafarm.datasets.config.ConfigFile;
import com.llamafarm.datasets.formats.Codecs;
import com.llamafarm.datasets.formats.ConversionConfig;
import com.llamafarm.datasets.formats.ConvertStepConfiguration;
import com.llamafarm.datasets.formats.DatasetFormat;
import com.llamafarm.datasets.formats.DatasetReader;
import com.llamafarm.datasets.pipeline.JobLaunches;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "convert", mixinStandardHelpOptions = true,
		description = { "Convert a dataset between Alpaca, ChatML, ShareGPT and a custom shape.", "",
				"Reads JSON Lines or a JSON array. Writes a JSON array when --output ends in .json, JSON Lines otherwise.",
				"Records that cannot be converted go to <output name>.rejects.jsonl with their line and reason.", "" },
		footer = { "", "Example:",
				"  llamafarm datasets convert --input raw.jsonl --from sharegpt --to alpaca --output alpaca.json" })
class ConvertCommand implements Callable<Integer> {

	@Option(names = "--input", required = true, paramLabel = "FILE", description = "The dataset to convert.")
	Path input;

	@Option(names = "--from", paramLabel = "FORMAT",
			description = "Its format: alpaca, chatml, sharegpt or custom. Detected from the first record when omitted.")
	String from;

	@Option(names = "--to", paramLabel = "FORMAT",
			description = "The format to write (or format_conversion.output_format in --config).")
	String to;

	@Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the result.")
	Path output;

	@Option(names = "--config", paramLabel = "FILE",
			description = "JSON config with a format_conversion block and, for custom shapes, custom_format.")
	Path config;

	@Mixin
	JobOptions job = new JobOptions();

	@Override
	public Integer call() throws Exception {
		this.job.check();
		Path in = Paths.input(this.input);
		Path out = Paths.outputFile(this.output, in);
		ConfigFile file = this.config == null ? ConfigFile.empty() : ConfigFile.read(this.config.toAbsolutePath());
		ConversionConfig conversion = ConversionConfig.bind(file);
		DatasetFormat target = this.to != null ? parse(this.to, "--to") : conversion.outputFormat();
		DatasetFormat source = sourceFormat(in, conversion);
		if (target == null) {
			throw new UsageException("say which format to write with --to (alpaca, chatml, sharegpt, custom)");
		}
		if ((source == DatasetFormat.CUSTOM || target == DatasetFormat.CUSTOM) && conversion.custom() == null) {
			throw new UsageException("the custom format needs a config with a custom_format block (--config)");
		}
		Path rejects = rejectsPath(out);
		if (rejects.equals(in)) {
			throw new UsageException(this.input + ": is where this conversion would write its rejects; choose another --output");
		}
		String fingerprint = Paths.fingerprint(in);
		String configPath = this.config == null ? "" : this.config.toAbsolutePath().toString();
		String hash = ConvertStepConfiguration.effectiveHash(file, source.id(), target.id());

		var identifying = new JobParametersBuilder().addString("command", "convert")
			.addString("input", in.toString())
			.addString("output", out.toString())
			.addString("config.hash", hash)
			.toJobParameters();
		var tuning = new JobParametersBuilder().addString(JobLaunches.INPUT_FINGERPRINT, fingerprint, false)
			.addString("config", configPath, false)
			.addString("from", source.id(), false)
			.addString("to", target.id(), false)
			.addString("rejects", rejects.toString(), false);
		java.util.Map<String, Path> files = new java.util.LinkedHashMap<>();
		files.put("output", out);
		files.put("rejects", rejects);
		return this.job.launch("convertJob", identifying, tuning,
				List.of(JobLaunches.INPUT_FINGERPRINT),
				files);
	}

	static Path rejectsPath(Path output) {
		String name = output.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String stem = dot > 0 ? name.substring(0, dot) : name;
		return output.resolveSibling(stem + ".rejects.jsonl");
	}

	private DatasetFormat sourceFormat(Path in, ConversionConfig conversion) {
		if (this.from != null) {
			return parse(this.from, "--from");
		}
		if (conversion.inputFormat() != null) {
			return conversion.inputFormat();
		}
		ObjectNode first = DatasetReader.firstRecord(in, JsonMapper.builder().build());
		if (first == null) {
			throw new UsageException(this.input + ": no readable JSON object among the first records; is it a dataset?");
		}
		DatasetFormat detected = Codecs.detect(first, conversion);
		if (detected == null) {
			throw new UsageException(this.input + ": cannot tell the format from the first record (keys: "
					+ String.join(", ", first.propertyNames()) + "); say it with --from");
		}
		return detected;
	}

	private static DatasetFormat parse(String value, String option) {
		try {
			return DatasetFormat.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException(option + ": " + ex.getMessage());
		}
	}

}
