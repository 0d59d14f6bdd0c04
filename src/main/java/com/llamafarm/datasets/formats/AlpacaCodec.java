package com.llamafarm.datasets.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.llamafarm.datasets.model.Example;
import com.llamafarm.datasets.model.Message;
import com.llamafarm.datasets.model.Role;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alpaca: {@code instruction}, {@code input}, {@code output}, and LLaMA-Factory's optional
 * {@code system} and {@code history} ({@code [[user, assistant], ...]}).
 *
 * <p>
 * The user turn is the instruction followed, when the input is not empty, by a blank line and
 * the input: what a chat model is trained to see. Encoding splits a user turn back at its first
 * blank line. Where that would not give back the original fields (an instruction that itself
 * contains a blank line, or ends with a line break), decoding records the instruction's length in
 * {@code metadata.alpaca_split}, which encoding to Alpaca consumes.
 */
public final class AlpacaCodec implements Codec {

	static final String SEPARATOR = "\n\n";

	static final String SPLIT_HINT = "alpaca_split";

	private static final Set<String> KNOWN = Set.of("instruction", "input", "output", "system", "history",
			"metadata");

	private final AlpacaOptions options;

	public AlpacaCodec(AlpacaOptions options) {
		this.options = options;
	}

	@Override
	public DatasetFormat format() {
		return DatasetFormat.ALPACA;
	}

	@Override
	public boolean matches(JsonNode record) {
		return record.isObject() && record.has("instruction") && record.has("output");
	}

	@Override
	public Example decode(ObjectNode record) {
		String instruction = Fields.requiredString(record, "instruction", "instruction");
		String input = Fields.optionalString(record, "input", "input");
		String output = Fields.requiredString(record, "output", "output");
		String system = Fields.optionalString(record, "system", "system");
		List<Message> messages = new ArrayList<>();
		if (system != null) {
			messages.add(new Message(Role.SYSTEM, system));
		}
		decodeHistory(record.get("history"), messages);
		ObjectNode metadata = Fields.metadata(record);
		messages.add(new Message(Role.USER, Prompt.compose(instruction, input == null ? "" : input, metadata)));
		messages.add(new Message(Role.ASSISTANT, output));
		ObjectNode fields = Fields.rest(record, KNOWN);
		return new Example(idOf(fields), messages, fields, metadata);
	}

	private static void decodeHistory(JsonNode history, List<Message> messages) {
		if (history == null || history.isNull()) {
			return;
		}
		if (!history.isArray()) {
			throw RecordException.wrongType("history", "an array of [user, assistant] pairs", Fields.typeName(history));
		}
		for (int i = 0; i < history.size(); i++) {
			JsonNode pair = history.get(i);
			String path = "history[" + i + "]";
			if (!pair.isArray() || pair.size() != 2) {
				throw RecordException.wrongType(path, "a [user, assistant] pair", Fields.typeName(pair));
			}
			messages.add(new Message(Role.USER, Fields.string(pair.get(0), path + "[0]")));
			messages.add(new Message(Role.ASSISTANT, Fields.string(pair.get(1), path + "[1]")));
		}
	}

	static String idOf(ObjectNode fields) {
		JsonNode id = fields.get("id");
		return id != null && (id.isString() || id.isNumber()) ? id.asString() : null;
	}

	@Override
	public ObjectNode encode(Example example, ConversionNotes notes) {
		List<Message> turns = new ArrayList<>(example.messages());
		String system = null;
		if (!turns.isEmpty() && turns.get(0).role() == Role.SYSTEM) {
			system = turns.remove(0).content();
		}
		// errors name the turn by its index in the example's messages, system prompt included
		int offset = system != null ? 1 : 0;
		for (int i = 0; i < turns.size(); i++) {
			Role role = turns.get(i).role();
			String field = "messages[" + (i + offset) + "].role";
			if (role.isTool()) {
				throw new RecordException(field, "alpaca_cannot_hold_tool_turns",
						"Alpaca cannot hold " + role.id() + " turns; convert to sharegpt or chatml instead");
			}
			if (role == Role.SYSTEM) {
				throw new RecordException(field, "alpaca_cannot_hold_inner_system",
						"Alpaca can hold a system prompt only before the first turn");
			}
			Role expected = i % 2 == 0 ? Role.USER : Role.ASSISTANT;
			if (role != expected) {
				throw new RecordException(field, "alpaca_needs_alternating_turns",
						"Alpaca needs alternating user and assistant turns ending with the assistant, found "
								+ role.id() + " at turn " + (i + offset));
			}
		}
		if (turns.size() < 2 || turns.size() % 2 != 0) {
			throw new RecordException("messages", "alpaca_needs_answer",
					"Alpaca needs a user turn followed by an assistant answer");
		}
		Message user = turns.get(turns.size() - 2);
		Message assistant = turns.get(turns.size() - 1);
		List<Message> history = turns.subList(0, turns.size() - 2);

		Prompt prompt = Prompt.of(user.content(), example.metadata(), this.options.splitUserMessage());
		String instruction = prompt.instruction();
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		if (system != null) {
			switch (this.options.system()) {
				case PREPEND -> {
					instruction = system + SEPARATOR + instruction;
					notes.add("system_prompt_prepended");
				}
				case DROP -> notes.add("system_prompt_dropped");
				case REJECT -> throw new RecordException("messages[0]", "alpaca_system_rejected",
						"the record has a system prompt and format.alpaca.system is 'reject'");
				default -> {
				}
			}
		}
		out.put("instruction", instruction);
		out.put("input", prompt.input());
		out.put("output", assistant.content());
		if (system != null && this.options.system() == AlpacaOptions.Rule.FIELD) {
			out.put("system", system);
		}
		if (!history.isEmpty()) {
			encodeHistory(history, out, notes);
		}
		if (example.messages().stream().anyMatch(Message::hasExtra)) {
			notes.add("turn_fields_dropped");
		}
		return Fields.finish(out, example, Set.of(SPLIT_HINT));
	}

	private void encodeHistory(List<Message> history, ObjectNode out, ConversionNotes notes) {
		switch (this.options.history()) {
			case LAST_TURN -> notes.add("earlier_turns_dropped");
			case REJECT -> throw new RecordException("messages", "alpaca_history_rejected",
					"the record has " + (history.size() / 2 + 1) + " exchanges and format.alpaca.history is 'reject'");
			default -> {
				ArrayNode pairs = out.putArray("history");
				for (int i = 0; i < history.size(); i += 2) {
					pairs.addArray().add(history.get(i).content()).add(history.get(i + 1).content());
				}
			}
		}
	}

}
