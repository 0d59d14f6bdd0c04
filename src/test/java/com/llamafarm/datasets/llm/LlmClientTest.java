package com.llamafarm.datasets.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.llamafarm.datasets.llm.LlmClient.LlmReply;
import com.llamafarm.datasets.llm.LlmClient.LlmRequest;

/**
 * The model client against a real HTTP server on loopback speaking the OpenAI and Ollama APIs:
 * success, 429 with Retry-After, 5xx, timeouts, authentication, exhausted quota, malformed and
 * truncated JSON, a refusal. Each either recovers or fails with a kind that says what to do, and
 * nothing hangs.
 */
class LlmClientTest {

	private static final String OPENAI_PATH = "/v1/chat/completions";

	private static final LlmRequest QUESTION = new LlmRequest("Answer briefly.", "Capital of France?", 0.2, 50);

	private WireMockServer server;

	private final List<Duration> waits = new ArrayList<>();

	@BeforeEach
	void start() {
		this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	private LlmClient openAi(Duration timeout, int attempts) {
		ChatModelLlm model = ChatModelLlm.openAi("http://127.0.0.1:" + this.server.port() + "/v1", "gpt-test", "sk-test",
				timeout);
		return new RetryingLlm(model, attempts, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30),
				this.waits::add);
	}

	private LlmClient openAi() {
		return openAi(Duration.ofSeconds(5), 4);
	}

	private static String completion(String content, String finishReason) {
		return """
				{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-test",
				 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"%s"}],
				 "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""".formatted(content, finishReason);
	}

	private static ResponseDefinitionBuilder ok(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	private void sequence(ResponseDefinitionBuilder... responses) {
		String state = Scenario.STARTED;
		for (int i = 0; i < responses.length; i++) {
			String next = "step-" + (i + 1);
			this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).inScenario("calls")
				.whenScenarioStateIs(state)
				.willReturn(responses[i])
				.willSetStateTo(next));
			state = next;
		}
	}

	private int calls() {
		return this.server.countRequestsMatching(postRequestedFor(urlEqualTo(OPENAI_PATH)).build()).getCount();
	}

	@Test
	void anAnswerComesBackWithItsTokens() {
		this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).willReturn(ok(completion("Paris.", "stop"))));

		LlmReply reply = openAi().complete(QUESTION);

		assertThat(reply.text()).isEqualTo("Paris.");
		assertThat(reply.promptTokens()).isEqualTo(12);
		assertThat(reply.completionTokens()).isEqualTo(3);
		assertThat(reply.truncated()).isFalse();
		this.server.verify(postRequestedFor(urlEqualTo(OPENAI_PATH)).withHeader("Authorization", equalTo("Bearer sk-test"))
			.withRequestBody(matchingJsonPath("$.model", equalTo("gpt-test")))
			.withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Capital of France?")))
			.withRequestBody(matchingJsonPath("$.max_tokens", equalTo("50"))));
	}

	@Test
	void a429WithRetryAfterIsRetriedAfterAtLeastThatLong() {
		sequence(aResponse().withStatus(429).withHeader("Retry-After", "3").withBody("{\"error\":{\"type\":\"rate_limit\"}}"),
				ok(completion("Paris.", "stop")));

		LlmReply reply = openAi().complete(QUESTION);

		assertThat(reply.text()).isEqualTo("Paris.");
		assertThat(calls()).isEqualTo(2);
		assertThat(this.waits).hasSize(1);
		assertThat(this.waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void serverErrorsAreRetriedWithGrowingWaits() {
		sequence(aResponse().withStatus(500), aResponse().withStatus(503), aResponse().withStatus(502),
				ok(completion("Paris.", "stop")));

		assertThat(openAi().complete(QUESTION).text()).isEqualTo("Paris.");
		assertThat(calls()).isEqualTo(4);
		assertThat(this.waits).hasSize(3);
		assertThat(this.waits.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
		assertThat(this.waits.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
	}

	@Test
	void afterTheLastAttemptTheFailureIsRetryableSoTheJobCanBeRestarted() {
		this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).willReturn(aResponse().withStatus(503)));

		LlmFailure failure = catchThrowableOfType(LlmFailure.class, () -> openAi().complete(QUESTION));

		assertThat(failure.kind()).isEqualTo(LlmFailure.Kind.RETRYABLE);
		assertThat(failure.status()).isEqualTo(503);
		assertThat(calls()).isEqualTo(4);
	}

	@Test
	void aTimeoutIsRetriedAndNeverHangs() {
		this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).willReturn(ok(completion("late", "stop")).withFixedDelay(3000)));

		LlmFailure failure = catchThrowableOfType(LlmFailure.class,
				() -> openAi(Duration.ofMillis(300), 2).complete(QUESTION));

		assertThat(failure.kind()).isEqualTo(LlmFailure.Kind.RETRYABLE);
		assertThat(failure.getMessage()).contains("did not answer within");
		assertThat(calls()).isEqualTo(2);
	}

	@Test
	void aBadKeyStopsAtOnceAndTheKeyIsNotInTheMessage() {
		this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).willReturn(aResponse().withStatus(401)
			.withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}")));

		LlmFailure failure = catchThrowableOfType(LlmFailure.class, () -> openAi().complete(QUESTION));

		assertThat(failure.kind()).isEqualTo(LlmFailure.Kind.AUTHENTICATION);
		assertThat(failure.kind().stopsTheJob()).isTrue();
		assertThat(failure.getMessage()).doesNotContain("sk-test");
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void anExhaustedQuotaIsNotRetriedThoughItComesAsA429() {
		this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).willReturn(aResponse().withStatus(429)
			.withBody("{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\"}}")));

		LlmFailure failure = catchThrowableOfType(LlmFailure.class, () -> openAi().complete(QUESTION));

		assertThat(failure.kind()).isEqualTo(LlmFailure.Kind.QUOTA);
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void aContextTooLongRejectsTheItemOnly() {
		this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).willReturn(aResponse().withStatus(400)
			.withBody("{\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"maximum context length\"}}")));

		LlmFailure failure = catchThrowableOfType(LlmFailure.class, () -> openAi().complete(QUESTION));

		assertThat(failure.kind()).isEqualTo(LlmFailure.Kind.ITEM);
		assertThat(failure.getMessage()).contains("context_length_exceeded");
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void malformedAndTruncatedJsonRejectTheItem() {
		for (String body : List.of("{not json at all", "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"mess")) {
			this.server.resetAll();
			this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).willReturn(ok(body)));

			LlmFailure failure = catchThrowableOfType(LlmFailure.class, () -> openAi().complete(QUESTION));

			assertThat(failure.kind()).as(body).isEqualTo(LlmFailure.Kind.ITEM);
			assertThat(failure.getMessage()).doesNotContain(body);
		}
	}

	@Test
	void aRefusalRejectsTheItemAndACutAnswerSaysSo() {
		this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).willReturn(ok(completion("", "content_filter"))));
		LlmFailure failure = catchThrowableOfType(LlmFailure.class, () -> openAi().complete(QUESTION));
		assertThat(failure.kind()).isEqualTo(LlmFailure.Kind.ITEM);
		assertThat(failure.getMessage()).contains("refused");

		this.server.resetAll();
		this.server.stubFor(post(urlEqualTo(OPENAI_PATH)).willReturn(ok(completion("Paris is the capi", "length"))));
		assertThat(openAi().complete(QUESTION).truncated()).isTrue();
	}

	@Test
	void aRetryAfterLongerThanWeWaitFailsAtOnceSayingSo() {
		this.server.stubFor(post(urlEqualTo(OPENAI_PATH))
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

		LlmFailure failure = catchThrowableOfType(LlmFailure.class, () -> openAi().complete(QUESTION));

		assertThat(failure.kind()).isEqualTo(LlmFailure.Kind.RETRYABLE);
		assertThat(failure.getMessage()).contains("asks to wait 3600 s");
		assertThat(calls()).isEqualTo(1);
		assertThat(this.waits).isEmpty();
	}

	@Test
	void ollamaAnswersAndItsServerErrorsAreRetried() {
		String path = "/api/chat";
		this.server.stubFor(post(urlEqualTo(path)).inScenario("ollama")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500).withBody("{\"error\":\"model is loading\"}"))
			.willSetStateTo("loaded"));
		this.server.stubFor(post(urlEqualTo(path)).inScenario("ollama")
			.whenScenarioStateIs("loaded")
			.willReturn(ok("""
					{"model":"llama3","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Paris."},
					 "done":true,"done_reason":"stop","prompt_eval_count":9,"eval_count":2}""")));
		LlmClient ollama = new RetryingLlm(
				ChatModelLlm.ollama("http://127.0.0.1:" + this.server.port(), "llama3", Duration.ofSeconds(5)), 3,
				Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30), this.waits::add);

		LlmReply reply = ollama.complete(QUESTION);

		assertThat(reply.text()).isEqualTo("Paris.");
		assertThat(reply.promptTokens()).isEqualTo(9);
		assertThat(reply.completionTokens()).isEqualTo(2);
		assertThat(this.waits).hasSize(1);
		this.server.verify(2, postRequestedFor(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.model", equalTo("llama3"))));
	}

}
