package com.llamafarm.datasets.cli;

/** The process's exit codes. */
public final class ExitCodes {

	/** The command did what it was asked. */
	public static final int OK = 0;

	/** The job ran and failed or was stopped; running the same command again resumes it. */
	public static final int JOB_FAILED = 1;

	/** Bad usage, a bad config, or an input or output that cannot be used: nothing ran. */
	public static final int USAGE = 2;

	private ExitCodes() {
	}

}
