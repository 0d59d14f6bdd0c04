package com.llamafarm.datasets.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

import com.llamafarm.datasets.pipeline.JobLaunches;
import com.llamafarm.datasets.pipeline.RunOwnership;

/**
 * SIGTERM or Ctrl-C while a job runs: the job is stopped at its next checkpoint (STOPPED,
 * restartable, exit code 1) and the summary printed, instead of the database being closed under
 * it. The JVM waits for that up to {@value #GRACE_SECONDS} s, then the context closes.
 *
 * <p>
 * Not on H2: its engine closes the database when the JVM starts to exit (it cannot be told not
 * to in AUTO_SERVER mode), so there a signal ends the run as a kill does, and the rerun resumes
 * from the last checkpoint.
 */
final class StopOnSignal implements AutoCloseable {

	static final int GRACE_SECONDS = 60;

	private final CountDownLatch done = new CountDownLatch(1);

	private final Thread hook;

	StopOnSignal(ConfigurableApplicationContext context) {
		this.hook = new Thread(() -> {
			String url = context.getEnvironment().getProperty("spring.datasource.url", "");
			if (!url.startsWith("jdbc:h2:")) {
				context.getBean(RunOwnership.class).running().ifPresent(id -> stop(context, id));
			}
			try {
				this.done.await(GRACE_SECONDS, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			context.close();
		}, "llamafarm-stop");
		Runtime.getRuntime().addShutdownHook(this.hook);
	}

	private static void stop(ConfigurableApplicationContext context, long executionId) {
		try {
			JobExecution execution = JobLaunches.find(context.getBean(JobRepository.class), executionId);
			if (execution != null && execution.isRunning()) {
				System.err.println("stopping at the next checkpoint; run the same command again to resume");
				context.getBean(JobLaunches.class).requestStop(execution);
			}
		}
		catch (Exception ex) {
			System.err.println("could not stop the job cleanly (" + ex.getMessage() + "); it resumes from its last checkpoint");
		}
	}

	@Override
	public void close() {
		this.done.countDown();
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// shutting down: the hook is running and waits for this countdown
		}
	}

}
