package com.llamafarm.datasets.llm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

/**
 * The HTTP client LangChain4j's chat models use here: the JDK's, but an error answer becomes an
 * {@link LlmFailure} that keeps the status and the server's {@code Retry-After}, which
 * LangChain4j's own client drops, so that retries can honour it. No request or response is
 * logged (they hold the prompt, and the request the API key).
 */
public final class LlmHttpClient implements HttpClient {

	private final java.net.http.HttpClient http;

	private final Duration readTimeout;

	private LlmHttpClient(Duration connectTimeout, Duration readTimeout) {
		this.http = java.net.http.HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(Redirect.NORMAL)
			.version(Version.HTTP_1_1)
			.build();
		this.readTimeout = readTimeout;
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public SuccessfulHttpResponse execute(HttpRequest request) {
		HttpResponse<String> response = send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
		if (response.statusCode() / 100 != 2) {
			throw LlmFailure.fromHttp(response.statusCode(), response.body(), retryAfter(response.headers().map()));
		}
		return SuccessfulHttpResponse.builder()
			.statusCode(response.statusCode())
			.headers(response.headers().map())
			.body(response.body())
			.build();
	}

	@Override
	public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
		try {
			HttpResponse<InputStream> response = send(request, BodyHandlers.ofInputStream());
			if (response.statusCode() / 100 != 2) {
				String body;
				try (InputStream in = response.body()) {
					body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				listener.onError(LlmFailure.fromHttp(response.statusCode(), body, retryAfter(response.headers().map())));
				return;
			}
			listener.onOpen(SuccessfulHttpResponse.builder()
				.statusCode(response.statusCode())
				.headers(response.headers().map())
				.build());
			try (InputStream in = response.body()) {
				parser.parse(in, listener);
			}
			listener.onClose();
		}
		catch (IOException | RuntimeException ex) {
			listener.onError(ex);
		}
	}

	private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
			.timeout(this.readTimeout);
		request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
		String body = request.body();
		builder.method(request.method().name(),
				body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		try {
			return this.http.send(builder.build(), handler);
		}
		catch (HttpTimeoutException ex) {
			throw new LlmFailure(LlmFailure.Kind.RETRYABLE, 0, null,
					"the model server did not answer within " + this.readTimeout.toSeconds() + " s", ex);
		}
		catch (IOException ex) {
			throw new LlmFailure(LlmFailure.Kind.RETRYABLE, 0, null,
					"cannot reach the model server at " + hostOf(request.url()) + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LlmFailure(LlmFailure.Kind.RETRYABLE, 0, null, "interrupted", ex);
		}
	}

	private static String hostOf(String url) {
		try {
			URI uri = URI.create(url);
			return uri.getScheme() + "://" + uri.getAuthority();
		}
		catch (IllegalArgumentException ex) {
			return "(bad URL)";
		}
	}

	/** {@code Retry-After} in seconds or as an HTTP date; {@code null} when absent or unreadable. */
	static Duration retryAfter(Map<String, List<String>> headers) {
		for (var entry : headers.entrySet()) {
			if (!entry.getKey().equalsIgnoreCase("retry-after") || entry.getValue().isEmpty()) {
				continue;
			}
			String value = entry.getValue().get(0).strip();
			try {
				return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
			}
			catch (NumberFormatException notSeconds) {
				try {
					Duration until = Duration.between(ZonedDateTime.now(),
							ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
					return until.isNegative() ? Duration.ZERO : until;
				}
				catch (RuntimeException notADate) {
					return null;
				}
			}
		}
		return null;
	}

	/** Builds the client with LangChain4j's timeouts (connect 15 s, read 60 s unless set). */
	public static final class Builder implements HttpClientBuilder {

		private Duration connectTimeout = Duration.ofSeconds(15);

		private Duration readTimeout = Duration.ofSeconds(60);

		@Override
		public Duration connectTimeout() {
			return this.connectTimeout;
		}

		@Override
		public Builder connectTimeout(Duration timeout) {
			if (timeout != null) {
				this.connectTimeout = timeout;
			}
			return this;
		}

		@Override
		public Duration readTimeout() {
			return this.readTimeout;
		}

		@Override
		public Builder readTimeout(Duration timeout) {
			if (timeout != null) {
				this.readTimeout = timeout;
			}
			return this;
		}

		@Override
		public LlmHttpClient build() {
			return new LlmHttpClient(this.connectTimeout, this.readTimeout);
		}

	}

}
