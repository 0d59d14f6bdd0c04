package com.llamafarm.datasets.llm;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.llamafarm.datasets.config.ConfigException;

/**
 * Builds the model client from settings, with its decorators in the order of the design: the
 * persistent cache outermost (a cached answer costs nothing and waits for nothing), then
 * accounting (counts what is paid), the rate limit, retries, and the chat model.
 */
public final class LlmClients {

	private LlmClients() {
	}

	/**
	 * @param environment where the API key is read from (the process environment in production)
	 * @throws ConfigException when the settings name a key variable that is not set
	 */
	public static Built build(LlmSettings settings, Map<String, String> environment, JdbcTemplate jdbc,
			PlatformTransactionManager transactions, MeterRegistry meters) {
		if (settings.offline()) {
			throw new IllegalArgumentException("the offline provider has no model client");
		}
		LlmClient model;
		if (settings.provider().equals("ollama")) {
			model = ChatModelLlm.ollama(settings.baseUrl(), settings.model(), settings.timeout());
		}
		else {
			String key = null;
			if (settings.apiKeyEnv() != null) {
				key = environment.get(settings.apiKeyEnv());
				if (key == null || key.isBlank()) {
					throw new ConfigException("generation.api_key_env names " + settings.apiKeyEnv()
							+ ", which is not set in the environment");
				}
			}
			model = ChatModelLlm.openAi(settings.baseUrl(), settings.model(), key, settings.timeout());
		}
		LlmClient retrying = new RetryingLlm(model, settings.maxAttempts(), java.time.Duration.ofSeconds(1),
				java.time.Duration.ofSeconds(60), java.time.Duration.ofMinutes(10), RetryingLlm.Sleeper.REAL);
		LlmClient limited = settings.requestsPerMinute() > 0 || settings.tokensPerMinute() > 0
				? new RateLimitedLlm(retrying, settings.requestsPerMinute(), settings.tokensPerMinute(), System::nanoTime,
						RetryingLlm.Sleeper.REAL)
				: retrying;
		MeteredLlm metered = new MeteredLlm(limited, meters, settings.prices(), settings.model());
		return new Built(new CachingLlm(metered, settings.scope(), jdbc, transactions, meters), metered);
	}

	/**
	 * @param client what callers use
	 * @param accounts the paid calls' running totals, for budgets and the summary
	 */
	public record Built(LlmClient client, MeteredLlm accounts) {
	}

}
