package com.llamafarm.datasets.formats;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.llamafarm.datasets.config.ConfigException;
import com.llamafarm.datasets.config.ConfigFile;
import com.llamafarm.datasets.pipeline.OutcomeWriter;
import com.llamafarm.datasets.pipeline.Progress;
import com.llamafarm.datasets.pipeline.StepCounts;

import tools.jackson.databind.json.JsonMapper;

/** The convert stage as a chunk step: dataset reader, conversion, output and rejects writers. */
@Configuration(proxyBeanMethods = false)
public class ConvertStepConfiguration {

	@Bean
	@StepScope
	DatasetReader convertReader(@Value("#{jobParameters['input']}") String input, JsonMapper datasetJson) {
		return new DatasetReader(Path.of(input), datasetJson);
	}

	@Bean
	@StepScope
	ConvertProcessor convertProcessor(@Value("#{jobParameters['input']}") String input,
			@Value("#{jobParameters['config']}") String config, @Value("#{jobParameters['config.hash']}") String hash,
			@Value("#{jobParameters['from']}") String from, @Value("#{jobParameters['to']}") String to) {
		ConversionConfig conversion = loadConfig(config, hash, from, to);
		Conversion pipeline = new Conversion(Codecs.of(DatasetFormat.parse(from), conversion),
				Codecs.of(DatasetFormat.parse(to), conversion), conversion);
		return new ConvertProcessor(pipeline, input);
	}

	/**
	 * The effective conversion config as the launch bound it. A config file edited since then
	 * would make a restart mix two configurations: that fails the step.
	 */
	public static ConversionConfig loadConfig(String config, String hash, String from, String to) {
		ConfigFile file = config == null || config.isEmpty() ? ConfigFile.empty() : ConfigFile.read(Path.of(config));
		String now = effectiveHash(file, from, to);
		if (hash != null && !hash.equals(now)) {
			throw new ConfigException(config + ": the config file changed since this job started; "
					+ "restore it to resume, or run again with --fresh");
		}
		return ConversionConfig.bind(file);
	}

	/** The hash identifying a conversion: the config as written plus the formats chosen. */
	public static String effectiveHash(ConfigFile file, String from, String to) {
		var effective = file.root().deepCopy();
		if (effective.isObject()) {
			((tools.jackson.databind.node.ObjectNode) effective).put("$from", from).put("$to", to);
		}
		return ConfigFile.hash(effective);
	}

	@Bean
	@StepScope
	OutcomeWriter convertWriter(@Value("#{jobParameters['output']}") String output,
			@Value("#{jobParameters['rejects']}") String rejects,
			@Value("#{jobParameters['skip.limit'] ?: 1000}") long skipLimit, JsonMapper datasetJson,
			MeterRegistry meters) {
		return new OutcomeWriter(DatasetWriters.forPath("output", Path.of(output), datasetJson),
				DatasetWriters.rejects(Path.of(rejects), datasetJson), new StepCounts("convert", meters),
				skipLimit, rejects);
	}

	@Bean
	@StepScope
	Progress convertProgress(DatasetReader convertReader, @Value("${llamafarm.progress-interval:10s}") Duration interval)
			throws java.io.IOException {
		return convertReader.progress(interval);
	}


	@Bean
	@StepScope
	ConvertFinishTasklet convertFinishTasklet(@Value("#{jobParameters['output']}") String output,
			@Value("#{jobParameters['rejects']}") String rejects) {
		return new ConvertFinishTasklet(Path.of(output), Path.of(rejects));
	}

	@Bean
	Step convertFinishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ConvertFinishTasklet convertFinishTasklet) {
		return new StepBuilder("convert-finish", jobRepository).tasklet(convertFinishTasklet, transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step convertStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DatasetReader convertReader, ConvertProcessor convertProcessor, OutcomeWriter convertWriter,
			Progress convertProgress, @Value("${llamafarm.chunk-size:500}") int chunkSize) {
		return new StepBuilder("convert", jobRepository).<SourceRecord, com.llamafarm.datasets.pipeline.Outcome>chunk(
				chunkSize)
			.transactionManager(transactionManager)
			.reader(convertReader)
			.processor(convertProcessor)
			.writer(convertWriter)
			.listener(convertProgress)
			.build();
	}

}
