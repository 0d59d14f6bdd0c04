package com.llamafarm.datasets.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.llamafarm.datasets.config.ConfigException;
import com.llamafarm.datasets.config.ConfigFile;
import com.llamafarm.datasets.config.ConfigNode;

class LlmSettingsTest {

	@TempDir
	Path dir;

	private LlmSettings bind(String generation) throws Exception {
		Path file = Files.writeString(this.dir.resolve("c.json"), "{\"generation\": " + generation + "}");
		ConfigNode node = ConfigFile.read(file).node().object("generation");
		LlmSettings settings = LlmSettings.bind(node);
		node.finish();
		return settings;
	}

	@Test
	void defaultsFollowTheProvider() throws Exception {
		LlmSettings openAi = bind("{\"model\": \"gpt-4o-mini\"}");
		assertThat(openAi.provider()).isEqualTo("openai");
		assertThat(openAi.baseUrl()).isEqualTo(LlmSettings.OPENAI_URL);
		assertThat(openAi.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
		assertThat(openAi.timeout()).isEqualTo(Duration.ofSeconds(60));

		LlmSettings ollama = bind("{\"provider\": \"ollama\", \"model\": \"llama3.1\"}");
		assertThat(ollama.baseUrl()).isEqualTo(LlmSettings.OLLAMA_URL);
		assertThat(ollama.apiKeyEnv()).isNull();

		LlmSettings local = bind("{\"model\": \"qwen\", \"base_url\": \"http://127.0.0.1:8000/v1\"}");
		assertThat(local.apiKeyEnv()).as("a local OpenAI-compatible server needs no key").isNull();

		assertThat(bind("{}").offline()).isTrue();
	}

	@Test
	void badSettingsNameTheJsonPath() {
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> bind("{\"provider\": \"anthropic\", \"model\": \"x\"}"))
			.withMessageContaining("$.generation.provider is 'anthropic', expected one of openai, ollama, offline");
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> bind("{\"provider\": \"ollama\"}"))
			.withMessageContaining("$.generation.model is required with provider ollama");
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> bind("{\"model\": \"m\", \"base_url\": \"localhost:1\"}"))
			.withMessageContaining("$.generation.base_url must be an http:// or https:// URL");
		assertThatExceptionOfType(ConfigException.class)
			.isThrownBy(() -> bind("{\"model\": \"m\", \"prices\": {\"prompt_per_million\": -1}}"))
			.withMessageContaining("$.generation.prices.prompt_per_million is -1.0, must be between 0");
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> bind("{\"model\": \"m\", \"api_key\": \"sk-x\"}"))
			.withMessageContaining("$.generation.api_key is not a known setting");
	}

	@Test
	void theBuiltClientReadsItsKeyFromTheNamedVariableAndCachesInTheJobDatabase() throws Exception {
		WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		server.start();
		try {
			server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("""
						{"id":"c","object":"chat.completion","created":1,"model":"m",
						 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
						 "usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}""")));
			LlmSettings settings = bind("{\"model\": \"m\", \"base_url\": \"http://127.0.0.1:" + server.port()
					+ "/v1\", \"api_key_env\": \"MY_KEY\"}");
			DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:settings;DB_CLOSE_DELAY=-1",
					"sa", "");
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);

			assertThatExceptionOfType(ConfigException.class)
				.isThrownBy(() -> LlmClients.build(settings, Map.of(), jdbc, new DataSourceTransactionManager(dataSource),
						new SimpleMeterRegistry()))
				.withMessage("generation.api_key_env names MY_KEY, which is not set in the environment");

			LlmClients.Built built = LlmClients.build(settings, Map.of("MY_KEY", "sk-secret"), jdbc,
					new DataSourceTransactionManager(dataSource), new SimpleMeterRegistry());
			LlmClient.LlmRequest request = new LlmClient.LlmRequest(null, "hi", null, null);
			assertThat(built.client().complete(request).text()).isEqualTo("ok");
			assertThat(built.client().complete(request).text()).isEqualTo("ok");

			server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization",
					equalTo("Bearer sk-secret")));
			assertThat(built.accounts().totalTokens()).isEqualTo(5);
			assertThat(settings.toString()).doesNotContain("sk-secret");
		}
		finally {
			server.stop();
		}
	}

}
