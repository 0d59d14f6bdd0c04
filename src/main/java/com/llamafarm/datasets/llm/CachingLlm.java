package com.llamafarm.datasets.llm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A persistent cache of model answers in the job database, keyed by a hash of the provider, the
 * model, the parameters and the prompt. Each answer is committed in its own transaction as soon
 * as it arrives, not with the chunk, so a job killed inside an uncommitted chunk repeats none of
 * the calls already answered. Failures are not cached.
 */
public final class CachingLlm implements LlmClient {

	private final LlmClient delegate;

	private final String scope;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	private final MeterRegistry meters;

	/**
	 * @param scope what besides the request decides the answer: the provider and model (e.g.
	 * {@code openai:gpt-4o-mini}); part of the key
	 */
	public CachingLlm(LlmClient delegate, String scope, JdbcTemplate jdbc, PlatformTransactionManager transactions,
			MeterRegistry meters) {
		this.delegate = delegate;
		this.scope = scope;
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.meters = meters;
	}

	@Override
	public LlmReply complete(LlmRequest request) {
		String key = key(this.scope, request);
		List<LlmReply> cached = this.jdbc.query(
				"SELECT REPLY, MODEL, PROMPT_TOKENS, COMPLETION_TOKENS, FINISH_REASON FROM LLAMAFARM_LLM_CACHE WHERE CACHE_KEY = ?",
				(rs, i) -> new LlmReply(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5)),
				key);
		if (!cached.isEmpty()) {
			this.meters.counter("llamafarm.llm.cache", "result", "hit").increment();
			return cached.get(0);
		}
		this.meters.counter("llamafarm.llm.cache", "result", "miss").increment();
		LlmReply reply = this.delegate.complete(request);
		this.ownTransaction.executeWithoutResult(status -> {
			try {
				this.jdbc.update(
						"INSERT INTO LLAMAFARM_LLM_CACHE (CACHE_KEY, MODEL, REPLY, PROMPT_TOKENS, COMPLETION_TOKENS, FINISH_REASON)"
								+ " VALUES (?, ?, ?, ?, ?, ?)",
						key, reply.model(), reply.text(), reply.promptTokens(), reply.completionTokens(),
						reply.finishReason());
			}
			catch (DuplicateKeyException ex) {
				// the same call answered concurrently: one answer is kept
				status.setRollbackOnly();
			}
		});
		return reply;
	}

	/** SHA-256 over the scope and every field of the request, each length-prefixed. */
	static String key(String scope, LlmRequest request) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Object part : new Object[] { "v1", scope, request.system(), request.prompt(), request.temperature(),
					request.maxTokens() }) {
				byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
				digest.update((byte) (part == null ? 0 : 1));
				digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
				digest.update((byte) ':');
				digest.update(bytes);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
