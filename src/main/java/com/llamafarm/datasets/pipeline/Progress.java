package com.llamafarm.datasets.pipeline;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Shows a step's progress while it runs: records done, rate, and, where the input size is known,
 * percent and ETA. On a terminal one line is redrawn every second; otherwise (a scheduler, a
 * pipe) a log line is printed every {@code interval}. Goes to stderr, which is for diagnostics.
 */
public class Progress implements StepExecutionListener {

	private final LongSupplier position;

	private final long total;

	private final boolean terminal;

	private final Duration interval;

	private final PrintStream out;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "llamafarm-progress");
		thread.setDaemon(true);
		return thread;
	});

	private ScheduledFuture<?> task;

	private long startNanos;

	private long startCount;

	private long startPosition;

	private long positionNanos;

	/**
	 * @param position bytes of input consumed so far
	 * @param total bytes of input, or 0 when unknown
	 */
	public Progress(LongSupplier position, long total, boolean terminal, Duration interval, PrintStream out) {
		this.position = position;
		this.total = total;
		this.terminal = terminal;
		this.interval = interval;
		this.out = out;
	}

	public static boolean onTerminal() {
		return System.console() != null;
	}

	@Override
	public void beforeStep(StepExecution step) {
		this.startNanos = System.nanoTime();
		this.startCount = step.getReadCount();
		this.startPosition = -1;
		long period = this.terminal ? 1000 : this.interval.toMillis();
		this.task = this.timer.scheduleAtFixedRate(() -> show(step), period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public ExitStatus afterStep(StepExecution step) {
		if (this.task != null) {
			this.task.cancel(false);
		}
		if (this.terminal) {
			show(step);
			this.out.println();
		}
		return null;
	}

	private void show(StepExecution step) {
		try {
			this.out.print(line(step) + (this.terminal ? "\r" : "\n"));
			this.out.flush();
		}
		catch (RuntimeException ex) {
			// progress must never break the job
		}
	}

	String line(StepExecution step) {
		double seconds = Math.max(1e-3, (System.nanoTime() - this.startNanos) / 1e9);
		long done = step.getReadCount();
		long rate = Math.round((done - this.startCount) / seconds);
		StringBuilder line = new StringBuilder();
		line.append(step.getStepName()).append(": ").append(String.format("%,d", done)).append(" records (")
			.append(String.format("%,d", rate)).append("/s)");
		if (this.total > 0) {
			long at = this.position.getAsLong();
			if (this.startPosition < 0) {
				// the first look, after the reader opened (at a restart's offset): the rate counts from here
				this.startPosition = at;
				this.positionNanos = System.nanoTime();
			}
			double fraction = Math.min(1.0, at / (double) this.total);
			line.append(String.format(", %.0f%% of %s", fraction * 100, bytes(this.total)));
			double bytesPerSecond = (at - this.startPosition) / Math.max(1e-3, (System.nanoTime() - this.positionNanos) / 1e9);
			if (bytesPerSecond > 0 && fraction < 1.0) {
				long eta = Math.round((this.total - at) / bytesPerSecond);
				line.append(String.format(", ETA %d:%02d", eta / 60, eta % 60));
			}
		}
		if (this.terminal) {
			line.append("   ");
		}
		return line.toString();
	}

	static String bytes(long n) {
		if (n >= 1L << 30) {
			return String.format("%.1f GB", n / (double) (1L << 30));
		}
		if (n >= 1L << 20) {
			return String.format("%.1f MB", n / (double) (1L << 20));
		}
		return String.format("%.1f KB", n / 1024.0);
	}

}
