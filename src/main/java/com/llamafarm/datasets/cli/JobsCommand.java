package com.llamafarm.datasets.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.llamafarm.datasets.pipeline.JobLaunches;
import com.llamafarm.datasets.pipeline.RunOwnership;
import com.llamafarm.datasets.pipeline.StepCounts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List, inspect, restart and stop job executions.",
		subcommands = { JobsCommand.ListJobs.class, JobsCommand.Status.class, JobsCommand.Restart.class,
				JobsCommand.Stop.class })
class JobsCommand {

	/** A subcommand about one execution: its id, the repository options, the context. */
	abstract static class OnExecution implements Callable<Integer> {

		@Parameters(paramLabel = "ID", description = "The execution id (see 'jobs list').")
		long id;

		@Mixin
		JobOptions job = new JobOptions();

		@Override
		public Integer call() throws Exception {
			try (ConfigurableApplicationContext context = Launcher.start(this.job.properties())) {
				return run(context, execution(context, this.id));
			}
		}

		abstract int run(ConfigurableApplicationContext context, JobExecution execution) throws Exception;

	}

	/** The execution with this id, or a usage error that says how to find one. */
	static JobExecution execution(ConfigurableApplicationContext context, long id) {
		JobExecution execution = JobLaunches.find(context.getBean(JobRepository.class), id);
		if (execution == null) {
			throw new UsageException("no job execution " + id + " (see 'jobs list')");
		}
		return execution;
	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "The latest job executions, newest first.",
			footer = { "", "Example:", "  llamafarm datasets jobs list --limit 20" })
	static class ListJobs implements Callable<Integer> {

		@Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "How many. Default: ${DEFAULT-VALUE}.")
		int limit;

		@Mixin
		JobOptions job = new JobOptions();

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = Launcher.start(this.job.properties())) {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				RunOwnership ownership = context.getBean(RunOwnership.class);
				List<Map<String, Object>> rows = jdbc.queryForList("""
						SELECT e.JOB_EXECUTION_ID AS ID, i.JOB_NAME AS JOB, e.STATUS AS STATUS, e.START_TIME AS STARTED,
						  (SELECT p.PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS p
						    WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = 'input') AS INPUT,
						  (SELECT p.PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS p
						    WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = 'output') AS OUTPUT
						FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
						ORDER BY e.JOB_EXECUTION_ID DESC LIMIT ?""", this.limit);
				System.out.printf("%-6s %-10s %-22s %-20s %s%n", "ID", "JOB", "STATUS", "STARTED", "INPUT -> OUTPUT");
				for (Map<String, Object> row : rows) {
					long id = ((Number) row.get("ID")).longValue();
					String status = String.valueOf(row.get("STATUS"));
					if (status.equals("STARTED") || status.equals("STARTING")) {
						boolean alive = ownership.ownerOf(id).map(RunOwnership.Owner::alive).orElse(false);
						status = alive ? "RUNNING" : status + " (gone)";
					}
					String started = row.get("STARTED") == null ? "-" : row.get("STARTED").toString().replace('T', ' ');
					System.out.printf("%-6d %-10s %-22s %-20.19s %s -> %s%n", id, row.get("JOB"), status, started,
							row.get("INPUT"), row.get("OUTPUT"));
				}
				return ExitCodes.OK;
			}
		}

	}

	@Command(name = "status", mixinStandardHelpOptions = true, description = "One execution: parameters, steps, counts.",
			footer = { "", "Example:", "  llamafarm datasets jobs status 12" })
	static class Status extends OnExecution {

		@Override
		int run(ConfigurableApplicationContext context, JobExecution execution) {
			System.out.printf("execution %d: %s %s%n", execution.getId(), execution.getJobInstance().getJobName(),
					execution.getStatus());
			System.out.printf("  started %s, ended %s%n", execution.getStartTime(), execution.getEndTime());
			List<JobParameter<?>> parameters = new java.util.ArrayList<>(execution.getJobParameters().parameters());
			parameters.sort(java.util.Comparator.comparing((JobParameter<?> p) -> !p.identifying())
				.thenComparing(JobParameter::name));
			for (JobParameter<?> parameter : parameters) {
				System.out.printf("  %s%s = %s%n", parameter.name(), parameter.identifying() ? "" : " (tuning)",
						parameter.value());
			}
			for (StepExecution step : execution.getStepExecutions()) {
				System.out.printf("  step %s: %s, read %,d, written %,d, filtered %,d, commits %,d, rollbacks %,d%n",
						step.getStepName(), step.getStatus(), step.getReadCount(), step.getWriteCount(),
						step.getFilterCount(), step.getCommitCount(), step.getRollbackCount());
				StepCounts.of(step.getExecutionContext())
					.forEach((key, n) -> System.out.printf("    %s %,d%n", key, n));
			}
			String exit = execution.getExitStatus().getExitDescription();
			if (exit != null && !exit.isBlank()) {
				System.out.println("  exit: " + exit.lines().findFirst().orElse(""));
			}
			return ExitCodes.OK;
		}

	}

	@Command(name = "restart", mixinStandardHelpOptions = true,
			description = "Restart a failed, stopped or killed execution where it stopped.",
			footer = { "", "Example:", "  llamafarm datasets jobs restart 12" })
	static class Restart extends OnExecution {

		@Override
		int run(ConfigurableApplicationContext context, JobExecution previous) throws Exception {
			String name = previous.getJobInstance().getJobName();
			Job job = context.getBeansOfType(Job.class)
				.values()
				.stream()
				.filter(j -> j.getName().equals(name))
				.findFirst()
				.orElseThrow(() -> new UsageException("execution " + this.id + " is of an unknown job '" + name + "'"));
			String input = previous.getJobParameters().getString("input");
			String fingerprint = input != null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(input))
					? Paths.fingerprint(java.nio.file.Path.of(input)) : null;
			JobExecution execution = context.getBean(JobLaunches.class).restart(this.id, job, fingerprint);
			return Summary.print(execution, context.getBean(JobRepository.class), System.out, java.util.Map.of());
		}

	}

	@Command(name = "stop", mixinStandardHelpOptions = true,
			description = "Ask a running execution, in any process, to stop at its next checkpoint (it ends STOPPED and can be restarted).",
			footer = { "", "Example:", "  llamafarm datasets jobs stop 12" })
	static class Stop extends OnExecution {

		@Override
		int run(ConfigurableApplicationContext context, JobExecution execution) {
			if (!execution.isRunning()) {
				throw new UsageException("execution " + this.id + " is " + execution.getStatus() + ", not running");
			}
			boolean alive = context.getBean(RunOwnership.class).ownerOf(this.id).map(RunOwnership.Owner::alive).orElse(false);
			if (!alive) {
				throw new UsageException("execution " + this.id + " was left " + execution.getStatus()
						+ " by a process that is gone; run its command again (or 'jobs restart " + this.id + "') to resume it");
			}
			context.getBean(JobLaunches.class).requestStop(execution);
			System.out.println("execution " + this.id + " will stop at its next checkpoint");
			return ExitCodes.OK;
		}

	}

}
