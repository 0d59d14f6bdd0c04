package com.llamafarm.datasets.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

import com.llamafarm.datasets.pipeline.JobLaunches;

import picocli.CommandLine.Option;

/** Options every job command takes: where the job repository is, restart and tuning knobs. */
public class JobOptions {

	@Option(names = "--fresh", description = "Start afresh instead of resuming an unfinished run of the same command.")
	boolean fresh;

	@Option(names = "--skip-limit", paramLabel = "N", defaultValue = "1000",
			description = "Bad input records (unreadable, invalid) to put in rejects before the job fails; -1 for no limit. Default: ${DEFAULT-VALUE}.")
	long skipLimit;

	@Option(names = "--chunk-size", paramLabel = "N", defaultValue = "500",
			description = "Records per transaction (checkpoint). Default: ${DEFAULT-VALUE}.")
	int chunkSize;

	@Option(names = "--db", paramLabel = "JDBC_URL",
			description = "Job repository database (default: H2 file under ~/.llamafarm, or $LLAMAFARM_DB_URL). "
					+ "User and password come from $LLAMAFARM_DB_USER and $LLAMAFARM_DB_PASSWORD.")
	String db;

	Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("llamafarm.chunk-size", this.chunkSize);
		if (this.db != null) {
			properties.put("spring.datasource.url", this.db);
			if (!this.db.startsWith("jdbc:h2:")) {
				// H2's default user does not apply elsewhere: the URL or $LLAMAFARM_DB_USER says who
				properties.put("spring.datasource.username", System.getenv().getOrDefault("LLAMAFARM_DB_USER", ""));
			}
		}
		return properties;
	}

	/**
	 * Starts the context, launches (or resumes) the job bean named {@code jobBean} with the
	 * command's parameters plus the shared tuning ones, and prints the summary. A resume needs the
	 * {@code checked} parameters as the unfinished run had them.
	 * @return the exit code
	 */
	int launch(String jobBean, JobParameters identifying, JobParametersBuilder tuning, List<String> checked,
			Map<String, java.nio.file.Path> files) throws Exception {
		try (ConfigurableApplicationContext context = Launcher.start(properties());
				StopOnSignal signal = new StopOnSignal(context)) {
			Job job = context.getBean(jobBean, Job.class);
			JobParameters parameters = tuning.addLong("skip.limit", this.skipLimit, false).toJobParameters();
			JobExecution execution = context.getBean(JobLaunches.class)
				.launch(new JobLaunches.Request(job, identifying, parameters, checked, this.fresh));
			return Summary.print(execution, context.getBean(JobRepository.class), System.out, files);
		}
	}

	void check() {
		if (this.chunkSize < 1) {
			throw new UsageException("--chunk-size must be at least 1");
		}
	}

}
