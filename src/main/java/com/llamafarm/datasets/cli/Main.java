package com.llamafarm.datasets.cli;

import java.util.Arrays;

import com.llamafarm.datasets.config.ConfigException;
import com.llamafarm.datasets.pipeline.JobLaunches;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code llamafarm datasets <command>}: parses the command line before any Spring context starts
 * (help and usage errors are instant), then each command starts the context and runs its job.
 */
@Command(name = "llamafarm datasets", mixinStandardHelpOptions = true, version = "llamafarm-datasets 0.1.0",
		description = "Build, convert, clean and split LLM fine-tuning datasets as restartable batch jobs.",
		subcommands = { ConvertCommand.class, SplitCommand.class, JobsCommand.class },
		footer = { "", "Exit codes: 0 done, 1 the job failed (run the same command again to resume),",
				"2 bad usage, bad config or unusable input/output (nothing ran)." })
public class Main {

	public static void main(String[] args) {
		System.exit(run(args));
	}

	public static int run(String... args) {
		if (args.length > 0 && args[0].equals("datasets")) {
			args = Arrays.copyOfRange(args, 1, args.length);
		}
		CommandLine commandLine = new CommandLine(new Main());
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
			Throwable cause = ex;
			if (cause instanceof UsageException || cause instanceof ConfigException
					|| cause instanceof JobLaunches.LaunchRefusedException) {
				cmd.getErr().println("error: " + cause.getMessage());
				return ExitCodes.USAGE;
			}
			String message = Summary.rootMessage(cause);
			cmd.getErr().println("error: " + message);
			return ExitCodes.JOB_FAILED;
		});
		if (args.length == 0) {
			commandLine.usage(System.err);
			return ExitCodes.USAGE;
		}
		return commandLine.execute(args);
	}

}
