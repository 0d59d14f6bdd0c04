package com.llamafarm.datasets.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/** The jobs, one per command, and the order of their steps: the only place that knows it. */
@Configuration(proxyBeanMethods = false)
public class JobsConfiguration {

	@Bean
	Job convertJob(JobRepository jobRepository, Step convertStep, Step convertFinishStep, RunOwnership runOwnership) {
		return new JobBuilder("convert", jobRepository).listener(runOwnership)
			.start(convertStep)
			.next(convertFinishStep)
			.build();
	}

	@Bean
	Job splitJob(JobRepository jobRepository, Step splitCountStep, Step splitAssignStep, Step splitShuffleStep,
			RunOwnership runOwnership) {
		return new JobBuilder("split", jobRepository).listener(runOwnership)
			.start(splitCountStep)
			.next(splitAssignStep)
			.next(splitShuffleStep)
			.build();
	}

	/** Dataset records are written compactly, one per line, keys in their order. */
	@Bean
	JsonMapper datasetJson() {
		return JsonMapper.builder().build();
	}

	@Bean
	@ConditionalOnMissingBean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

}
