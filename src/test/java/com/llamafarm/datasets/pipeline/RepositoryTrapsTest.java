package com.llamafarm.datasets.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.PlatformTransactionManager;

import com.llamafarm.datasets.DatasetsApplication;

/**
 * The Spring Batch 6 / Boot 4 traps that decide whether restart really works, each pinned:
 * the job repository is the JDBC one (Boot 4's default keeps nothing), every chunk step commits
 * through the repository's own JDBC transaction manager (the builder's default is a resourceless
 * one, which would commit data and checkpoints apart), and the default H2 database is a file
 * with WRITE_DELAY=0 (a kill loses no committed transaction; the kill tests prove it).
 */
class RepositoryTrapsTest {

	@TempDir
	Path home;

	@Test
	void jobRepositoryIsJdbcAndChunkStepsUseItsTransactionManager() {
		SpringApplication application = new SpringApplication(DatasetsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--llamafarm.home=" + this.home)) {
			JobRepository repository = context.getBean(JobRepository.class);
			assertThat(repository).isNotInstanceOf(ResourcelessJobRepository.class);
			assertThat(ReflectionTestUtils.getField(unwrap(repository), "jobInstanceDao").getClass().getSimpleName())
				.startsWith("Jdbc");

			DataSource dataSource = context.getBean(DataSource.class);
			for (String name : new String[] { "convertStep", "splitAssignStep" }) {
				Step step = context.getBean(name, Step.class);
				Object manager = ReflectionTestUtils.getField(step, "transactionManager");
				assertThat(manager).as(name).isInstanceOf(DataSourceTransactionManager.class);
				assertThat(((DataSourceTransactionManager) manager).getDataSource()).as(name).isSameAs(dataSource);
				assertThat(manager).isSameAs(context.getBean(PlatformTransactionManager.class));
			}

			String url = context.getEnvironment().getProperty("spring.datasource.url");
			assertThat(url).startsWith("jdbc:h2:file:" + this.home).contains("WRITE_DELAY=0");
		}
	}

	private static Object unwrap(Object bean) {
		if (org.springframework.aop.support.AopUtils.isAopProxy(bean) && bean instanceof org.springframework.aop.framework.Advised advised) {
			try {
				return advised.getTargetSource().getTarget();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		return bean;
	}

}
