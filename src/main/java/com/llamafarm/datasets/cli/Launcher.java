package com.llamafarm.datasets.cli;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import com.llamafarm.datasets.DatasetsApplication;

/** Starts the Spring context a command runs its job in, with the command's properties. */
final class Launcher {

	private Launcher() {
	}

	static ConfigurableApplicationContext start(Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(DatasetsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// the context is closed by the command, or by StopOnSignal once the job has stopped
		application.setRegisterShutdownHook(false);
		// as command-line arguments they take precedence over application.properties and the environment
		String[] arguments = properties.entrySet()
			.stream()
			.map(e -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		try {
			return application.run(arguments);
		}
		catch (RuntimeException ex) {
			String url = String.valueOf(properties.getOrDefault("spring.datasource.url", "the default H2 database"));
			throw new UsageException("cannot start with the job repository " + url + ": " + Summary.rootMessage(ex));
		}
	}

}
