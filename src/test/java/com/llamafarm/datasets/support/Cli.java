package com.llamafarm.datasets.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.llamafarm.datasets.cli.Main;

/** Runs the command line in this JVM, capturing what it prints. */
public final class Cli {

	private Cli() {
	}

	public record Result(int exitCode, String out, String err) {

		@Override
		public String toString() {
			return "exit " + this.exitCode + "\n--- stdout\n" + this.out + "\n--- stderr\n" + this.err;
		}

	}

	public static synchronized Result run(String db, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		if (db != null) {
			all.add("--db");
			all.add(db);
		}
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
		ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
			int code = Main.run(all.toArray(String[]::new));
			return new Result(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
	}

}
