package com.llamafarm.datasets.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.llamafarm.datasets.config.ConfigFile;

/** The example configs in jobs-config/ that the README points to stay valid. */
class JobsConfigExamplesTest {

	@Test
	void everyExampleConfigBinds() throws Exception {
		List<Path> examples;
		try (Stream<Path> files = Files.list(Path.of("jobs-config"))) {
			examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
		assertThat(examples).isNotEmpty();
		for (Path example : examples) {
			ConversionConfig config = ConversionConfig.bind(ConfigFile.read(example));
			assertThat(config).as(example.toString()).isNotNull();
		}
		ConversionConfig custom = ConversionConfig.bind(ConfigFile.read(Path.of("jobs-config/custom_support_tickets.json")));
		assertThat(custom.custom().fields()).containsEntry("instruction", "ticket.question");
	}

}
