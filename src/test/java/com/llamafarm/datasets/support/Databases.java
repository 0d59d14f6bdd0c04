package com.llamafarm.datasets.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * Job repository databases for tests: an H2 file in a test's folder, as users get by default, or
 * a fresh schema on the PostgreSQL server at 127.0.0.1:5432 (user postgres, database test).
 * PostgreSQL tests are skipped when no server answers, unless LLAMAFARM_TEST_POSTGRES=required
 * (CI), which makes an unreachable server a failure.
 */
public final class Databases {

	public static final String POSTGRES_BASE = System.getenv().getOrDefault("LLAMAFARM_TEST_POSTGRES_URL",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private Databases() {
	}

	/** The product's default H2 URL, placed in {@code dir}. */
	public static String h2(Path dir) {
		return "jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
	}

	/** A new, empty PostgreSQL schema; skips the test (or fails it on CI) when there is no server. */
	public static String postgres() {
		String schema = "lf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(POSTGRES_BASE, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (Exception ex) {
			if ("required".equals(System.getenv("LLAMAFARM_TEST_POSTGRES"))) {
				throw new AssertionError("PostgreSQL is required (LLAMAFARM_TEST_POSTGRES=required) but "
						+ POSTGRES_BASE + " is not reachable: " + ex.getMessage(), ex);
			}
			Assumptions.abort("no PostgreSQL at " + POSTGRES_BASE + ": " + ex.getMessage());
		}
		return POSTGRES_BASE + "?currentSchema=" + schema + "&user=postgres";
	}

}
