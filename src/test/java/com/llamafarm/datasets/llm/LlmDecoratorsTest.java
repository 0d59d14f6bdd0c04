package com.llamafarm.datasets.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.llamafarm.datasets.llm.LlmClient.LlmReply;
import com.llamafarm.datasets.llm.LlmClient.LlmRequest;

/** Cache, accounting and rate limit around a real OpenAI-speaking server and a real H2 database. */
class LlmDecoratorsTest {

	private static final String PATH = "/v1/chat/completions";

	private static final String ANSWER = """
			{"id":"c","object":"chat.completion","created":1,"model":"gpt-test",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"Paris."},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500}}""";

	@TempDir
	Path dir;

	private WireMockServer server;

	private JdbcTemplate jdbc;

	private DataSourceTransactionManager transactions;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeEach
	void setUp() {
		this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.server.start();
		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(ANSWER)));
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:file:" + this.dir.resolve("jobs") + ";WRITE_DELAY=0", "sa", "");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new DataSourceTransactionManager(dataSource);
	}

	@AfterEach
	void tearDown() {
		this.server.stop();
	}

	private LlmClient cached() {
		LlmClient model = ChatModelLlm.openAi("http://127.0.0.1:" + this.server.port() + "/v1", "gpt-test", "k",
				Duration.ofSeconds(5));
		return new CachingLlm(model, "openai:gpt-test", this.jdbc, this.transactions, this.meters);
	}

	private int calls() {
		return this.server.countRequestsMatching(postRequestedFor(urlEqualTo(PATH)).build()).getCount();
	}

	@Test
	void aCachedCallIsNeverSentTwiceEvenByAnotherProcessAfterARollback() {
		LlmRequest question = new LlmRequest(null, "Capital of France?", 0.0, 20);
		TransactionTemplate chunk = new TransactionTemplate(this.transactions);

		// the call happens inside a chunk transaction that then rolls back, as when a job is killed mid-chunk
		LlmReply first = chunk.execute(status -> {
			LlmReply reply = cached().complete(question);
			status.setRollbackOnly();
			return reply;
		});
		LlmReply again = cached().complete(question);

		assertThat(calls()).isEqualTo(1);
		assertThat(again).isEqualTo(first);
		assertThat(this.meters.get("llamafarm.llm.cache").tag("result", "hit").counter().count()).isEqualTo(1.0);

		cached().complete(new LlmRequest(null, "Capital of France?", 0.7, 20));
		cached().complete(new LlmRequest("Be brief.", "Capital of France?", 0.0, 20));
		assertThat(calls()).as("another temperature or system prompt is another call").isEqualTo(3);
	}

	@Test
	void failuresAreNotCached() {
		this.server.resetAll();
		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400).withBody("bad")));
		LlmRequest question = new LlmRequest(null, "q", null, null);

		assertThatThrownBy(() -> cached().complete(question)).isInstanceOf(LlmFailure.class);
		assertThatThrownBy(() -> cached().complete(question)).isInstanceOf(LlmFailure.class);

		assertThat(calls()).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM LLAMAFARM_LLM_CACHE", Integer.class)).isZero();
	}

	@Test
	void paidCallsAreCountedInTokensAndDollars() {
		MeteredLlm metered = new MeteredLlm(
				ChatModelLlm.openAi("http://127.0.0.1:" + this.server.port() + "/v1", "gpt-test", "k", Duration.ofSeconds(5)),
				this.meters, new MeteredLlm.Prices(0.15, 0.60), "gpt-test");

		metered.complete(new LlmRequest(null, "a", null, null));
		metered.complete(new LlmRequest(null, "b", null, null));

		assertThat(metered.totalTokens()).isEqualTo(3000);
		// 2000 prompt tokens at $0.15/M + 1000 completion tokens at $0.60/M
		assertThat(metered.totalCost()).isCloseTo(0.0009, org.assertj.core.data.Offset.offset(1e-12));
		assertThat(this.meters.get("llamafarm.llm.tokens").tag("kind", "completion").counter().count()).isEqualTo(1000);
		assertThat(this.meters.get("llamafarm.llm.cost.usd").counter().count()).isCloseTo(0.0009,
				org.assertj.core.data.Offset.offset(1e-12));
	}

	@Test
	void theRateLimitSpacesRequestsAndTokensOverTheMinute() {
		AtomicLong clock = new AtomicLong();
		List<Duration> waits = new ArrayList<>();
		LlmClient model = ChatModelLlm.openAi("http://127.0.0.1:" + this.server.port() + "/v1", "gpt-test", "k",
				Duration.ofSeconds(5));
		LlmClient limited = new RateLimitedLlm(model, 2, 0, clock::get, waits::add);

		limited.complete(new LlmRequest(null, "a", null, 10));
		limited.complete(new LlmRequest(null, "b", null, 10));
		limited.complete(new LlmRequest(null, "c", null, 10));

		// two requests a minute: a burst of two, then one every 30 s
		assertThat(waits).hasSize(1);
		assertThat(waits.get(0)).isBetween(Duration.ofMillis(29_900), Duration.ofMillis(30_000));

		waits.clear();
		LlmClient byTokens = new RateLimitedLlm(model, 0, 2000, clock::get, waits::add);
		byTokens.complete(new LlmRequest(null, "a", null, 10));
		// the answer reported 1,500 tokens against an estimate of 10: the next call waits for them
		byTokens.complete(new LlmRequest(null, "b", null, 600));
		assertThat(waits).hasSize(1);
		assertThat(waits.get(0)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(4));
	}

}
