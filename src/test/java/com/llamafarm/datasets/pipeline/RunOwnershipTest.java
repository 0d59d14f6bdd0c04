package com.llamafarm.datasets.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.llamafarm.datasets.DatasetsApplication;

/** Whether a run's process is alive, by pid on this host and by the database clock elsewhere. */
class RunOwnershipTest {

	@TempDir
	Path home;

	@Test
	void anotherHostsRunIsAliveWhileItsHeartbeatIsFreshByTheDatabaseClock() {
		SpringApplication application = new SpringApplication(DatasetsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--llamafarm.home=" + this.home)) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			RunOwnership ownership = context.getBean(RunOwnership.class);
			String insert = "INSERT INTO LLAMAFARM_JOB_OWNER (JOB_EXECUTION_ID, HOST, PID, PROCESS_START, HEARTBEAT_EPOCH)"
					+ " VALUES (?, 'elsewhere.example', 1, NULL, EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) - ?)";
			jdbc.update(insert, 1L, 2);
			jdbc.update(insert, 2L, 3600);
			long deadPid = ProcessHandle.current().pid() + 1_000_000;
			jdbc.update("INSERT INTO LLAMAFARM_JOB_OWNER (JOB_EXECUTION_ID, HOST, PID, PROCESS_START, HEARTBEAT_EPOCH)"
					+ " VALUES (3, ?, ?, NULL, EXTRACT(EPOCH FROM CURRENT_TIMESTAMP))", RunOwnership.thisHost(), deadPid);
			jdbc.update("INSERT INTO LLAMAFARM_JOB_OWNER (JOB_EXECUTION_ID, HOST, PID, PROCESS_START, HEARTBEAT_EPOCH)"
					+ " VALUES (4, ?, ?, ?, EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) - 3600)", RunOwnership.thisHost(),
					ProcessHandle.current().pid(), RunOwnership.startOf(ProcessHandle.current()));

			assertThat(ownership.ownerOf(1).orElseThrow().alive()).as("fresh heartbeat elsewhere").isTrue();
			assertThat(ownership.ownerOf(2).orElseThrow().alive()).as("stale heartbeat elsewhere").isFalse();
			assertThat(ownership.ownerOf(3).orElseThrow().alive()).as("a pid that is gone here").isFalse();
			assertThat(ownership.ownerOf(4).orElseThrow().alive()).as("this live process, whatever the heartbeat").isTrue();
			assertThat(ownership.ownerOf(5)).isEmpty();
		}
	}

}
