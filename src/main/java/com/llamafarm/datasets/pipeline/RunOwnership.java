package com.llamafarm.datasets.pipeline;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records which process owns a running job execution (host, pid, process start, heartbeat), so
 * that a rerun can tell whether a STARTED execution is alive or was killed. A killed run leaves
 * its row behind; its pid is gone (same host) or its heartbeat is stale (another host).
 */
@Component
public class RunOwnership implements JobExecutionListener {

	static final Duration HEARTBEAT = Duration.ofSeconds(5);

	static final Duration STALE = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(RunOwnership.class);

	private final JdbcTemplate jdbc;

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "llamafarm-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	private ScheduledFuture<?> beat;

	private volatile Long running;

	public RunOwnership(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The owner of a running execution as recorded.
	 * @param heartbeatAge seconds since its last heartbeat, by the database's clock
	 */
	public record Owner(String host, long pid, String processStart, double heartbeatAge) {

		/** Whether the owning process is still running. */
		public boolean alive() {
			if (host.equals(thisHost())) {
				Optional<ProcessHandle> process = ProcessHandle.of(this.pid);
				return process.isPresent() && process.get().isAlive()
						&& (this.processStart == null || this.processStart.equals(startOf(process.get())));
			}
			return this.heartbeatAge < STALE.toSeconds();
		}

		public String describe() {
			return "pid " + this.pid + " on " + this.host;
		}

	}

	public Optional<Owner> ownerOf(long executionId) {
		List<Owner> owners = this.jdbc.query(
				"SELECT HOST, PID, PROCESS_START, EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) - HEARTBEAT_EPOCH"
						+ " FROM LLAMAFARM_JOB_OWNER WHERE JOB_EXECUTION_ID = ?",
				(rs, i) -> new Owner(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getDouble(4)),
				executionId);
		return owners.stream().findFirst();
	}

	@Override
	public void beforeJob(JobExecution execution) {
		ProcessHandle self = ProcessHandle.current();
		this.jdbc.update("DELETE FROM LLAMAFARM_JOB_OWNER WHERE JOB_EXECUTION_ID = ?", execution.getId());
		this.jdbc.update(
				"INSERT INTO LLAMAFARM_JOB_OWNER (JOB_EXECUTION_ID, HOST, PID, PROCESS_START, HEARTBEAT_EPOCH)"
						+ " VALUES (?, ?, ?, ?, EXTRACT(EPOCH FROM CURRENT_TIMESTAMP))",
				execution.getId(), thisHost(), self.pid(), startOf(self));
		long id = execution.getId();
		this.running = id;
		this.beat = this.heartbeats.scheduleAtFixedRate(() -> beat(id), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private void beat(long executionId) {
		try {
			this.jdbc.update("UPDATE LLAMAFARM_JOB_OWNER SET HEARTBEAT_EPOCH = EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)"
					+ " WHERE JOB_EXECUTION_ID = ?", executionId);
		}
		catch (RuntimeException ex) {
			// a missed beat must not end the beating (an exception would cancel the schedule)
			log.warn("Heartbeat of execution {} failed: {}", executionId, ex.getMessage());
		}
	}

	/** The execution this process is running, if any. */
	public Optional<Long> running() {
		return Optional.ofNullable(this.running);
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.running = null;
		if (this.beat != null) {
			this.beat.cancel(false);
		}
		this.jdbc.update("DELETE FROM LLAMAFARM_JOB_OWNER WHERE JOB_EXECUTION_ID = ?", execution.getId());
	}

	static String thisHost() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			return "localhost";
		}
	}

	static String startOf(ProcessHandle process) {
		return process.info().startInstant().map(Instant::toString).orElse(null);
	}

}
