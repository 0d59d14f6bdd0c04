package com.llamafarm.datasets.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.llamafarm.datasets.cli.Main;

/** The command line run as a separate JVM, so that a test can really kill it. */
public final class ChildJob {

	private ChildJob() {
	}

	public static Process start(Path logDir, String name, String db, String... args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(Main.class.getName());
		command.addAll(List.of(args));
		command.add("--db");
		command.add(db);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.redirectOutput(logDir.resolve(name + ".out").toFile());
		builder.redirectError(logDir.resolve(name + ".err").toFile());
		builder.environment().put("LLAMAFARM_HOME", logDir.resolve("home").toString());
		return builder.start();
	}

	/** Waits until the child has written {@code bytes} to {@code output}; fails if it ends first. */
	public static void waitForOutput(Process child, Path output, long bytes) throws Exception {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!child.isAlive()) {
				throw new AssertionError("the job ended before it could be interrupted (exit " + child.exitValue() + ")");
			}
			if (java.nio.file.Files.exists(output) && java.nio.file.Files.size(output) >= bytes) {
				return;
			}
			Thread.sleep(5);
		}
		throw new AssertionError("the job did not reach " + bytes + " bytes of output in time");
	}

	/** Kills the process as {@code kill -9} does and waits for it to be gone. */
	public static void kill(Process process) throws Exception {
		process.destroyForcibly();
		process.waitFor();
	}

}
