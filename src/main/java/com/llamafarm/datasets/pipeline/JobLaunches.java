package com.llamafarm.datasets.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts a job, or restarts it where it stopped. A job instance is identified by what it makes
 * (the command, its input, its output, a hash of the effective config) plus a run number:
 * running the same command again after a failure, a stop or a kill restarts the unfinished run;
 * after a completed run, or with {@code fresh}, a new run starts from scratch.
 *
 * <p>
 * Two runs never mix in one output: a restart needs the parameters a request names as checked
 * (the input's fingerprint) as the unfinished run had them, and a new run is refused while an
 * unfinished run of another input or config writes the same output (with {@code fresh}, that run
 * is abandoned). A run left STARTED by a killed process is recovered (Spring Batch's
 * {@link JobOperator#recover}) before it is restarted; one whose process is alive is refused.
 */
@Component
public class JobLaunches {

	private static final Logger log = LoggerFactory.getLogger(JobLaunches.class);

	static final String RUN = "run";

	public static final String INPUT_FINGERPRINT = "input.fingerprint";

	private final JobOperator operator;

	private final JobRepository repository;

	private final RunOwnership ownership;

	private final JdbcTemplate jdbc;

	public JobLaunches(JobOperator operator, JobRepository repository, RunOwnership ownership, JdbcTemplate jdbc) {
		this.operator = operator;
		this.repository = repository;
		this.ownership = ownership;
		this.jdbc = jdbc;
	}

	/**
	 * What a launch asks for.
	 * @param identifying the command, its input and output, the config hash (or the settings that
	 * stand for it); must include {@code output}
	 * @param tuning every other parameter
	 * @param checked names of {@code tuning} parameters that must be as the unfinished run had
	 * them for it to be resumed
	 */
	public record Request(Job job, JobParameters identifying, JobParameters tuning, List<String> checked,
			boolean fresh) {
	}

	/** A launch refused before anything ran; the message says why and what to do. */
	public static class LaunchRefusedException extends RuntimeException {

		public LaunchRefusedException(String message) {
			super(message);
		}

	}

	public JobExecution launch(Request request) throws Exception {
		long run = 1;
		JobInstance last = null;
		while (true) {
			JobInstance instance = this.repository.getJobInstance(request.job().getName(),
					withRun(request.identifying(), run));
			if (instance == null) {
				break;
			}
			last = instance;
			run++;
		}
		if (last == null) {
			settleOthersWritingTheOutput(request);
			return start(request, 1);
		}
		long lastRun = run - 1;
		JobExecution previous = this.repository.getLastJobExecution(last);
		if (previous == null || previous.getStatus() == BatchStatus.COMPLETED
				|| previous.getStatus() == BatchStatus.ABANDONED) {
			settleOthersWritingTheOutput(request);
			return start(request, lastRun + 1);
		}
		if (previous.getStatus().isRunning()) {
			refuseIfAlive(previous);
			log.info("Execution {} was left {} by a process that is gone; recovering it", previous.getId(),
					previous.getStatus());
			previous = this.operator.recover(previous);
		}
		if (request.fresh()) {
			this.operator.abandon(previous);
			return start(request, lastRun + 1);
		}
		refuseIfChanged(previous, request.tuning(), request.checked());
		return start(request, lastRun);
	}

	/**
	 * Before a new run: an unfinished run of the same job writing the same output, with another
	 * input or config, is refused (it would be overwritten, then resuming it would mix the two), or
	 * abandoned with {@code fresh}. One whose process is alive is refused either way.
	 */
	private void settleOthersWritingTheOutput(Request request) throws JobExecutionAlreadyRunningException {
		String output = request.identifying().getString("output");
		List<Long> unfinished = this.jdbc.queryForList("""
				SELECT e.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION e
				JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
				JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
				WHERE i.JOB_NAME = ? AND p.PARAMETER_NAME = 'output' AND p.PARAMETER_VALUE = ?
				  AND e.STATUS NOT IN ('COMPLETED', 'ABANDONED')
				  AND e.JOB_EXECUTION_ID = (SELECT MAX(x.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION x
				                            WHERE x.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID)""", Long.class,
				request.job().getName(), output);
		for (long id : unfinished) {
			JobExecution other = find(this.repository, id);
			if (other == null) {
				continue;
			}
			if (other.getStatus().isRunning()) {
				refuseIfAlive(other);
				other = this.operator.recover(other);
			}
			if (request.fresh()) {
				this.operator.abandon(other);
				continue;
			}
			List<String> changes = differences(other.getJobParameters(), request.identifying(),
					request.identifying().getIdentifyingParameters().stream().map(JobParameter::name).toList());
			throw new LaunchRefusedException("an unfinished run (execution " + id + ") writing this output was started "
					+ "differently (" + String.join("; ", changes) + "): starting another would overwrite it, and "
					+ "resuming it later would mix the two. Run its command again to resume it, or add --fresh to "
					+ "abandon it and start this one");
		}
	}

	private static List<String> differences(JobParameters was, JobParameters is, List<String> names) {
		List<String> changes = new ArrayList<>();
		for (String name : names) {
			Object before = value(was, name);
			Object now = value(is, name);
			if (before != null && !before.equals(now)) {
				changes.add(name + " was " + before + ", is " + now);
			}
		}
		return changes;
	}

	/** Refuses to resume {@code previous} when a checked parameter differs from {@code now}'s. */
	private static void refuseIfChanged(JobExecution previous, JobParameters now, List<String> checked) {
		List<String> changes = differences(previous.getJobParameters(), now, checked);
		if (!changes.isEmpty()) {
			throw new LaunchRefusedException("the unfinished run (execution " + previous.getId()
					+ ") writing this output was started differently (" + String.join("; ", changes)
					+ "): resuming would mix two runs in one output. Restore what changed to resume it, "
					+ "or add --fresh to start afresh");
		}
	}

	private static Object value(JobParameters parameters, String name) {
		JobParameter<?> parameter = parameters.getParameter(name);
		return parameter == null ? null : parameter.value();
	}

	/**
	 * Refuses an execution whose process is alive. One with no owner yet may be starting in
	 * another process right now: it counts as alive while it is younger than the heartbeat's
	 * staleness limit.
	 */
	private void refuseIfAlive(JobExecution execution) {
		Optional<RunOwnership.Owner> owner = this.ownership.ownerOf(execution.getId());
		boolean alive = owner.map(RunOwnership.Owner::alive)
			.orElseGet(() -> execution.getCreateTime()
				.isAfter(java.time.LocalDateTime.now().minus(RunOwnership.STALE)));
		if (alive) {
			throw new LaunchRefusedException("this job is already running (execution " + execution.getId()
					+ owner.map(o -> ", " + o.describe()).orElse(", starting") + "); wait for it to finish");
		}
	}

	private JobExecution start(Request request, long run) throws Exception {
		JobParametersBuilder parameters = new JobParametersBuilder(withRun(request.identifying(), run));
		parameters.addJobParameters(request.tuning());
		return start(request.job(), parameters.toJobParameters());
	}

	/** Starts or restarts; losing a race with another process starting the same run is a refusal. */
	private JobExecution start(Job job, JobParameters parameters) throws Exception {
		try {
			return this.operator.start(job, parameters);
		}
		catch (JobExecutionAlreadyRunningException | OptimisticLockingFailureException ex) {
			throw new LaunchRefusedException(
					"another process started this job at the same moment; it runs it, this one stops");
		}
	}

	/**
	 * Asks a running execution, in this process or another, to stop: its status becomes STOPPING
	 * in the repository, which the running step reads at its next commit and stops there (STOPPED,
	 * restartable). Unlike {@link JobOperator#stop}, it does not touch the step executions, which
	 * the running process is updating (that race failed the job instead of stopping it).
	 */
	public void requestStop(JobExecution execution) {
		execution.setStatus(BatchStatus.STOPPING);
		this.repository.update(execution);
	}

	/** The execution with this id, or {@code null}: the JDBC repository throws for unknown ids. */
	public static JobExecution find(JobRepository repository, long executionId) {
		try {
			return repository.getJobExecution(executionId);
		}
		catch (org.springframework.dao.EmptyResultDataAccessException ex) {
			return null;
		}
	}

	private static JobParameters withRun(JobParameters identifying, long run) {
		return new JobParametersBuilder(identifying).addLong(RUN, run, true).toJobParameters();
	}

	/**
	 * Restarts a given execution by id, recovering it first if its process is gone.
	 * @param inputFingerprint the input's fingerprint now ({@value #INPUT_FINGERPRINT}), or
	 * {@code null} when the job has no input
	 */
	public JobExecution restart(long executionId, Job job, String inputFingerprint) throws Exception {
		JobExecution execution = find(this.repository, executionId);
		if (execution == null) {
			throw new LaunchRefusedException("no job execution " + executionId + " (see 'jobs list')");
		}
		JobExecution last = this.repository.getLastJobExecution(execution.getJobInstance());
		if (last != null && last.getId() != executionId) {
			throw new LaunchRefusedException("execution " + executionId + " is not the last of its run; the last is "
					+ last.getId());
		}
		if (execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
			throw new LaunchRefusedException("execution " + executionId + " is " + execution.getStatus()
					+ ": nothing to restart");
		}
		if (execution.getStatus().isRunning()) {
			refuseIfAlive(execution);
			execution = this.operator.recover(execution);
		}
		JobParameters now = new JobParametersBuilder(execution.getJobParameters())
			.addString(INPUT_FINGERPRINT, inputFingerprint, false)
			.toJobParameters();
		refuseIfChanged(execution, now, List.of(INPUT_FINGERPRINT));
		return start(job, execution.getJobParameters());
	}

}
