package com.llamafarm.datasets.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;

/**
 * An {@link LlmClient} over a LangChain4j chat model: any OpenAI-compatible endpoint (OpenAI,
 * vLLM, llama.cpp server, LM Studio) or Ollama. LangChain4j's own retries are off (they ignore
 * {@code Retry-After} and retry exhausted quotas): {@link RetryingLlm} owns retrying.
 */
public final class ChatModelLlm implements LlmClient {

	private final ChatModel model;

	private final String modelName;

	ChatModelLlm(ChatModel model, String modelName) {
		this.model = model;
		this.modelName = modelName;
	}

	/** @param apiKey the key itself (read from the environment variable the config names), or {@code null} */
	public static ChatModelLlm openAi(String baseUrl, String model, String apiKey, Duration timeout) {
		OpenAiChatModel chat = OpenAiChatModel.builder()
			.baseUrl(baseUrl)
			.apiKey(apiKey == null || apiKey.isEmpty() ? "none" : apiKey)
			.modelName(model)
			.timeout(timeout)
			.maxRetries(0)
			.httpClientBuilder(LlmHttpClient.builder())
			.logRequests(false)
			.logResponses(false)
			.build();
		return new ChatModelLlm(chat, model);
	}

	public static ChatModelLlm ollama(String baseUrl, String model, Duration timeout) {
		OllamaChatModel chat = OllamaChatModel.builder()
			.baseUrl(baseUrl)
			.modelName(model)
			.timeout(timeout)
			.maxRetries(0)
			.httpClientBuilder(LlmHttpClient.builder())
			.build();
		return new ChatModelLlm(chat, model);
	}

	@Override
	public LlmReply complete(LlmRequest request) {
		List<ChatMessage> messages = new ArrayList<>(2);
		if (request.system() != null) {
			messages.add(SystemMessage.from(request.system()));
		}
		messages.add(UserMessage.from(request.prompt()));
		ChatRequest.Builder chat = ChatRequest.builder().messages(messages);
		if (request.temperature() != null) {
			chat.temperature(request.temperature());
		}
		if (request.maxTokens() != null) {
			chat.maxOutputTokens(request.maxTokens());
		}
		ChatResponse response;
		try {
			response = this.model.chat(chat.build());
		}
		catch (RuntimeException ex) {
			throw classify(ex);
		}
		FinishReason finish = response.finishReason();
		if (finish == FinishReason.CONTENT_FILTER) {
			throw new LlmFailure(LlmFailure.Kind.ITEM, 200, null, "the model refused (content filter)", null);
		}
		String text = response.aiMessage() != null ? response.aiMessage().text() : null;
		if (text == null) {
			throw new LlmFailure(LlmFailure.Kind.ITEM, 200, null, "the model's answer has no text", null);
		}
		var usage = response.tokenUsage();
		return new LlmReply(text, response.modelName() != null ? response.modelName() : this.modelName,
				usage != null && usage.inputTokenCount() != null ? usage.inputTokenCount() : 0,
				usage != null && usage.outputTokenCount() != null ? usage.outputTokenCount() : 0,
				finish == null ? "stop" : finish.name().toLowerCase(Locale.ROOT));
	}

	/** Our own failure wherever LangChain4j wrapped it; anything else is a malformed or refused answer. */
	static LlmFailure classify(RuntimeException ex) {
		for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof LlmFailure failure) {
				return failure;
			}
		}
		String type = ex.getClass().getSimpleName();
		if (type.contains("ContentFiltered")) {
			return new LlmFailure(LlmFailure.Kind.ITEM, 200, null, "the model refused (content filter)", ex);
		}
		// a 200 whose body is not the API's JSON: the exception's message may quote the body, so it is not kept
		return new LlmFailure(LlmFailure.Kind.ITEM, 200, null, "the model server's answer could not be read (" + type + ")",
				null);
	}

}
