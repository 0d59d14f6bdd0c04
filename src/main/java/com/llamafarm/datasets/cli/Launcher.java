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
		application.setDefaultProperties(properties);
		application.setRegisterShutdownHook(true);
		return application.run();
	}

}
