package com.llamafarm.datasets.llm;

import java.time.Duration;
import java.util.Locale;

import com.llamafarm.datasets.config.ConfigNode;

/**
 * How to reach a model: the connection keys of a config's {@code generation} block. The API key
 * itself is never here, only the name of the environment variable that holds it.
 *
 * @param provider {@code openai} (any OpenAI-compatible server), {@code ollama}, or
 * {@code offline} (no model: the rule-based generators)
 * @param baseUrl the server, e.g. {@code https://api.openai.com/v1} or {@code http://localhost:11434}
 * @param model the model name
 * @param apiKeyEnv the environment variable holding the API key, or {@code null}
 * @param timeout how long one call may take
 * @param maxAttempts attempts per call, the first included
 * @param requestsPerMinute 0 for no limit
 * @param tokensPerMinute 0 for no limit
 * @param prices US dollars per million prompt and completion tokens
 */
public record LlmSettings(String provider, String baseUrl, String model, String apiKeyEnv, Duration timeout,
		int maxAttempts, int requestsPerMinute, int tokensPerMinute, MeteredLlm.Prices prices) {

	public static final String OPENAI_URL = "https://api.openai.com/v1";

	public static final String OLLAMA_URL = "http://localhost:11434";

	public boolean offline() {
		return "offline".equals(this.provider);
	}

	/** What besides a request decides an answer: the cache's scope. */
	public String scope() {
		return this.provider + ":" + this.baseUrl + ":" + this.model;
	}

	/**
	 * Binds the connection keys of a {@code generation} block; the caller binds the block's
	 * other keys and calls {@link ConfigNode#finish()}. Without a {@code provider}, a block with
	 * a {@code model} means {@code openai}, one without means {@code offline}.
	 */
	public static LlmSettings bind(ConfigNode generation) {
		String model = generation.string("model", null);
		String provider = generation.choice("provider", model == null ? "offline" : "openai", v -> {
			String p = v.toLowerCase(Locale.ROOT);
			if (!p.equals("openai") && !p.equals("ollama") && !p.equals("offline")) {
				throw new IllegalArgumentException(v);
			}
			return p;
		}, "openai, ollama, offline");
		if (!provider.equals("offline") && model == null) {
			throw generation.error(generation.child("model"), "is required with provider " + provider);
		}
		String baseUrl = generation.string("base_url", provider.equals("ollama") ? OLLAMA_URL : OPENAI_URL);
		if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
			throw generation.error(generation.child("base_url"), "must be an http:// or https:// URL");
		}
		String apiKeyEnv = generation.string("api_key_env", provider.equals("openai") && baseUrl.equals(OPENAI_URL)
				? "OPENAI_API_KEY" : null);
		int timeout = generation.integer("timeout_seconds", 60, 1, 3600);
		int attempts = generation.integer("max_attempts", 6, 1, 100);
		int rpm = generation.integer("requests_per_minute", 0, 0, Integer.MAX_VALUE);
		int tpm = generation.integer("tokens_per_minute", 0, 0, Integer.MAX_VALUE);
		MeteredLlm.Prices prices = MeteredLlm.Prices.FREE;
		ConfigNode priceNode = generation.object("prices");
		if (priceNode != null) {
			prices = new MeteredLlm.Prices(priceNode.number("prompt_per_million", 0.0, 0, 1e6),
					priceNode.number("completion_per_million", 0.0, 0, 1e6));
			priceNode.finish();
		}
		return new LlmSettings(provider, baseUrl, model, apiKeyEnv, Duration.ofSeconds(timeout), attempts, rpm, tpm,
				prices);
	}

}
