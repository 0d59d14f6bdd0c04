package com.llamafarm.datasets.formats;

import static com.llamafarm.datasets.formats.Json.obj;
import static com.llamafarm.datasets.formats.Json.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.llamafarm.datasets.formats.AlpacaOptions.Rule;
import com.llamafarm.datasets.model.Example;

import tools.jackson.databind.node.ObjectNode;

/** What Alpaca does with a system prompt and earlier turns, by rule, and what it counts. */
class AlpacaOptionsTest {

	/** A system prompt and two exchanges. */
	private static final ObjectNode CHAT = obj("""
			{'messages': [
			  {'role': 'system', 'content': 'You are a pirate.'},
			  {'role': 'user', 'content': 'Hello'},
			  {'role': 'assistant', 'content': 'Ahoy!'},
			  {'role': 'user', 'content': 'Where is the treasure?\\n\\nOn the map'},
			  {'role': 'assistant', 'content': 'Under the palm tree.'}],
			 'id': 'p1'}""");

	private static final ObjectNode SINGLE = obj("""
			{'messages': [{'role': 'user', 'content': 'Hello'}, {'role': 'assistant', 'content': 'Ahoy!'}]}""");

	private final ConversionNotes notes = new ConversionNotes();

	@Test
	void systemFieldWritesTheSystemKey() {
		ObjectNode out = encode(Rule.FIELD, Rule.FIELD, CHAT);

		assertThat(write(out)).isEqualTo(write(obj("""
				{'instruction': 'Where is the treasure?', 'input': 'On the map', 'output': 'Under the palm tree.',
				 'system': 'You are a pirate.', 'history': [['Hello', 'Ahoy!']], 'id': 'p1'}""")));
		assertThat(this.notes.asMap()).isEmpty();
	}

	@Test
	void systemPrependPutsItBeforeTheInstructionAndCountsIt() {
		ObjectNode out = encode(Rule.PREPEND, Rule.FIELD, CHAT);

		assertThat(out.get("instruction").stringValue()).isEqualTo("You are a pirate.\n\nWhere is the treasure?");
		assertThat(out.get("input").stringValue()).isEqualTo("On the map");
		assertThat(out.has("system")).isFalse();
		assertThat(this.notes.asMap()).isEqualTo(Map.of("system_prompt_prepended", 1));
	}

	@Test
	void systemDropLeavesItOutAndCountsIt() {
		ObjectNode out = encode(Rule.DROP, Rule.FIELD, CHAT);

		assertThat(out.get("instruction").stringValue()).isEqualTo("Where is the treasure?");
		assertThat(out.has("system")).isFalse();
		assertThat(this.notes.asMap()).isEqualTo(Map.of("system_prompt_dropped", 1));
	}

	@Test
	void systemRejectRejectsTheRecordNamingTheSystemTurn() {
		RecordException rejected = catchThrowableOfType(RecordException.class,
				() -> encode(Rule.REJECT, Rule.FIELD, CHAT));

		assertThat(rejected.reason()).isEqualTo("alpaca_system_rejected");
		assertThat(rejected.field()).isEqualTo("messages[0]");
	}

	@Test
	void systemRulesLeaveRecordsWithoutASystemPromptAlone() {
		for (Rule rule : new Rule[] { Rule.PREPEND, Rule.DROP, Rule.REJECT }) {
			ObjectNode out = encode(rule, Rule.FIELD, SINGLE);

			assertThat(write(out)).isEqualTo(write(obj("{'instruction': 'Hello', 'input': '', 'output': 'Ahoy!'}")));
		}
		assertThat(this.notes.asMap()).isEmpty();
	}

	@Test
	void historyLastTurnKeepsOnlyTheLastExchangeAndCountsIt() {
		ObjectNode out = encode(Rule.FIELD, Rule.LAST_TURN, CHAT);

		assertThat(out.has("history")).isFalse();
		assertThat(out.get("instruction").stringValue()).isEqualTo("Where is the treasure?");
		assertThat(out.get("output").stringValue()).isEqualTo("Under the palm tree.");
		assertThat(this.notes.asMap()).isEqualTo(Map.of("earlier_turns_dropped", 1));
	}

	@Test
	void historyRejectRejectsMultiTurnRecordsOnly() {
		RecordException rejected = catchThrowableOfType(RecordException.class,
				() -> encode(Rule.FIELD, Rule.REJECT, CHAT));
		ObjectNode single = encode(Rule.FIELD, Rule.REJECT, SINGLE);

		assertThat(rejected.reason()).isEqualTo("alpaca_history_rejected");
		assertThat(rejected.field()).isEqualTo("messages");
		assertThat(rejected.getMessage()).contains("2 exchanges");
		assertThat(single.get("output").stringValue()).isEqualTo("Ahoy!");
	}

	@Test
	void historyFieldWritesEveryEarlierExchangeAsAPair() {
		ObjectNode three = obj("""
				{'messages': [
				  {'role': 'user', 'content': 'u1'}, {'role': 'assistant', 'content': 'a1'},
				  {'role': 'user', 'content': 'u2'}, {'role': 'assistant', 'content': 'a2'},
				  {'role': 'user', 'content': 'u3'}, {'role': 'assistant', 'content': 'a3'}]}""");

		ObjectNode out = encode(Rule.FIELD, Rule.FIELD, three);

		assertThat(out.get("history")).isEqualTo(Json.MAPPER.readTree("[['u1','a1'],['u2','a2']]".replace('\'', '"')));
		assertThat(out.get("instruction").stringValue()).isEqualTo("u3");
	}

	@Test
	void bothRulesCountTogether() {
		encode(Rule.DROP, Rule.LAST_TURN, CHAT);
		encode(Rule.DROP, Rule.LAST_TURN, CHAT);

		assertThat(this.notes.asMap()).isEqualTo(Map.of("system_prompt_dropped", 2, "earlier_turns_dropped", 2));
	}

	@Test
	void withoutSplittingTheWholeUserTurnIsTheInstruction() {
		AlpacaCodec codec = new AlpacaCodec(new AlpacaOptions(Rule.FIELD, Rule.FIELD, false));

		ObjectNode out = codec.encode(chatMl().decode(CHAT), this.notes);

		assertThat(out.get("instruction").stringValue()).isEqualTo("Where is the treasure?\n\nOn the map");
		assertThat(out.get("input").stringValue()).isEmpty();
	}

	@Test
	void turnKeysAlpacaCannotHoldAreCounted() {
		ObjectNode weighted = obj("""
				{'messages': [{'role': 'system', 'content': 's', 'name': 'rules'},
				  {'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'}]}""");

		encode(Rule.FIELD, Rule.FIELD, weighted);

		assertThat(this.notes.asMap()).isEqualTo(Map.of("turn_fields_dropped", 1));
	}

	@Test
	void conversationsAlpacaCannotHoldAreRejectedWithTheTurn() {
		RecordException inner = rejected("""
				{'messages': [{'role': 'user', 'content': 'q'}, {'role': 'system', 'content': 's'},
				  {'role': 'assistant', 'content': 'a'}]}""");
		RecordException twoUsers = rejected("""
				{'messages': [{'role': 'system', 'content': 's'}, {'role': 'user', 'content': 'q'},
				  {'role': 'user', 'content': 'q again'}, {'role': 'assistant', 'content': 'a'}]}""");
		RecordException unanswered = rejected("""
				{'messages': [{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'},
				  {'role': 'user', 'content': 'q2'}]}""");

		assertThat(inner.reason()).isEqualTo("alpaca_cannot_hold_inner_system");
		assertThat(inner.field()).isEqualTo("messages[1].role");
		assertThat(twoUsers.reason()).isEqualTo("alpaca_needs_alternating_turns");
		assertThat(twoUsers.field()).isEqualTo("messages[2].role");
		assertThat(unanswered.reason()).isEqualTo("alpaca_needs_answer");
		assertThat(unanswered.field()).isEqualTo("messages");
	}

	private RecordException rejected(String chatMl) {
		return catchThrowableOfType(RecordException.class, () -> encode(Rule.FIELD, Rule.FIELD, obj(chatMl)));
	}

	private ObjectNode encode(Rule system, Rule history, ObjectNode chatMl) {
		Example example = chatMl().decode(chatMl.deepCopy());
		return new AlpacaCodec(new AlpacaOptions(system, history, true)).encode(example, this.notes);
	}

	private static ConversationCodec chatMl() {
		return ConversationCodec.chatMl();
	}

}
