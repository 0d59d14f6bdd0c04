package com.llamafarm.datasets.llm;

/**
 * The one way the product talks to a model. Cache, rate limit, retry and accounting wrap it as
 * decorators, each testable alone.
 */
public interface LlmClient {

	/**
	 * @throws LlmFailure classified by what can be done about it
	 */
	LlmReply complete(LlmRequest request);

	/**
	 * A model call.
	 * @param system the system prompt, or {@code null}
	 * @param prompt the user prompt
	 * @param temperature sampling temperature, or {@code null} for the model's default
	 * @param maxTokens the most the answer may take, or {@code null}
	 */
	record LlmRequest(String system, String prompt, Double temperature, Integer maxTokens) {
	}

	/**
	 * A model's answer.
	 * @param finishReason why it stopped: {@code stop}, {@code length} (cut at maxTokens), ...
	 */
	record LlmReply(String text, String model, int promptTokens, int completionTokens, String finishReason) {

		public boolean truncated() {
			return "length".equals(this.finishReason);
		}

	}

}
