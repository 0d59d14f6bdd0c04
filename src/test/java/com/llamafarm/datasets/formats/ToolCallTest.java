package com.llamafarm.datasets.formats;

import static com.llamafarm.datasets.formats.Json.config;
import static com.llamafarm.datasets.formats.Json.lines;
import static com.llamafarm.datasets.formats.Json.obj;
import static com.llamafarm.datasets.formats.Json.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.llamafarm.datasets.model.Role;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Function-calling conversations (LLaMA-Factory's glaive_toolcall shape). */
class ToolCallTest {

	private static final ConversionConfig CONFIG = ConversionConfig.DEFAULTS;

	private final List<ObjectNode> records = lines("toolcall/sharegpt.jsonl");

	@Test
	void shareGptToChatMlAndBackKeepsToolTurnsAndTheToolsKey() {
		Conversion toChatMl = conversion(DatasetFormat.SHAREGPT, DatasetFormat.CHATML, CONFIG);
		Conversion toShareGpt = conversion(DatasetFormat.CHATML, DatasetFormat.SHAREGPT, CONFIG);
		for (ObjectNode original : this.records) {
			// when
			ConversionNotes notes = new ConversionNotes();
			ObjectNode chatMl = toChatMl.convert(original.deepCopy(), notes);
			ObjectNode back = toShareGpt.convert(chatMl, notes);

			// then
			assertThat(write(back)).isEqualTo(write(original));
			assertThat(notes.asMap()).isEmpty();
		}
	}

	@Test
	void chatMlWritesObservationsAsToolTurns() {
		ObjectNode chatMl = conversion(DatasetFormat.SHAREGPT, DatasetFormat.CHATML, CONFIG)
			.convert(this.records.get(0).deepCopy(), new ConversionNotes());

		assertThat(roles(chatMl.get("messages"), "role")).containsExactly("user", "function_call", "tool",
				"assistant");
		assertThat(chatMl.get("messages").get(1).get("content").stringValue())
			.isEqualTo(this.records.get(0).get("conversations").get(1).get("value").stringValue());
		assertThat(chatMl.get("tools")).isEqualTo(this.records.get(0).get("tools"));
		assertThat(List.copyOf(chatMl.propertyNames())).containsExactly("messages", "tools");
	}

	@Test
	void chatMlReadsTheOpenAiNamesOfToolTurns() {
		Codec chatMl = Codecs.of(DatasetFormat.CHATML, CONFIG);

		var example = chatMl.decode(obj("""
				{'messages': [{'role': 'user', 'content': 'q'}, {'role': 'tool_call', 'content': 'c'},
				  {'role': 'function', 'content': 'r1'}, {'role': 'observation', 'content': 'r2'},
				  {'role': 'tool', 'content': 'r3', 'tool_call_id': 'call_1'}, {'role': 'assistant', 'content': 'a'}]}"""));

		assertThat(example.messages()).extracting(m -> m.role())
			.containsExactly(Role.USER, Role.FUNCTION_CALL, Role.OBSERVATION, Role.OBSERVATION, Role.OBSERVATION,
					Role.ASSISTANT);
		assertThat(example.messages().get(4).extra()).isEqualTo(obj("{'tool_call_id': 'call_1'}"));
	}

	@Test
	void aTopLevelSystemKeyRoundTripsWhenShareGptWritesItAsAField() {
		ConversionConfig config = config("{'format_conversion': {'sharegpt': {'system': 'field'}}}");
		ObjectNode original = this.records.get(0).deepCopy();
		ObjectNode withSystem = obj("{'conversations': []}");
		withSystem.set("conversations", original.get("conversations"));
		withSystem.put("system", "You can call functions.");
		withSystem.set("tools", original.get("tools"));

		ObjectNode chatMl = conversion(DatasetFormat.SHAREGPT, DatasetFormat.CHATML, config)
			.convert(withSystem.deepCopy(), new ConversionNotes());
		ObjectNode back = conversion(DatasetFormat.CHATML, DatasetFormat.SHAREGPT, config).convert(chatMl,
				new ConversionNotes());

		assertThat(chatMl.get("messages").get(0)).isEqualTo(obj("{'role': 'system', 'content': 'You can call functions.'}"));
		assertThat(write(back)).isEqualTo(write(withSystem));
	}

	@Test
	void alpacaRejectsToolTurnsNamingTheFirstOne() {
		Conversion toAlpaca = conversion(DatasetFormat.SHAREGPT, DatasetFormat.ALPACA, CONFIG);

		RecordException first = catchThrowableOfType(RecordException.class,
				() -> toAlpaca.convert(this.records.get(0).deepCopy(), new ConversionNotes()));
		RecordException second = catchThrowableOfType(RecordException.class,
				() -> toAlpaca.convert(this.records.get(1).deepCopy(), new ConversionNotes()));

		assertThat(first.reason()).isEqualTo("alpaca_cannot_hold_tool_turns");
		assertThat(first.field()).isEqualTo("messages[1].role");
		assertThat(first.getMessage()).contains("function_call");
		assertThat(second.reason()).isEqualTo("alpaca_cannot_hold_tool_turns");
		assertThat(second.field()).isEqualTo("messages[3].role");
	}

	@Test
	void theFieldOfARejectedToolTurnCountsTheSystemPrompt() {
		// messages: [system, user, function_call, observation, assistant]
		ObjectNode record = this.records.get(0).deepCopy();
		record.put("system", "You can call functions.");

		RecordException rejected = catchThrowableOfType(RecordException.class,
				() -> conversion(DatasetFormat.SHAREGPT, DatasetFormat.ALPACA, CONFIG).convert(record,
						new ConversionNotes()));

		assertThat(rejected.reason()).isEqualTo("alpaca_cannot_hold_tool_turns");
		assertThat(rejected.field()).isEqualTo("messages[2].role");
	}

	private static List<String> roles(JsonNode turns, String key) {
		return turns.valueStream().map(turn -> turn.get(key).stringValue()).toList();
	}

	private static Conversion conversion(DatasetFormat from, DatasetFormat to, ConversionConfig config) {
		return new Conversion(Codecs.of(from, config), Codecs.of(to, config), config);
	}

}
