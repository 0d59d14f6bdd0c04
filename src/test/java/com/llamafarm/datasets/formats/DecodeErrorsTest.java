package com.llamafarm.datasets.formats;

import static com.llamafarm.datasets.formats.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Records a format cannot read name the field at fault by its JSON path, and the rule. */
class DecodeErrorsTest {

	private final Codec alpaca = new AlpacaCodec(AlpacaOptions.DEFAULTS);

	private final Codec shareGpt = ConversationCodec.shareGpt(false);

	private final Codec chatMl = ConversationCodec.chatMl();

	@Test
	void alpacaWithoutInstructionOrOutput() {
		assertRejected(this.alpaca, "{'input': 'x', 'output': 'y'}", "instruction", "missing_field");
		assertRejected(this.alpaca, "{'instruction': 'x', 'input': 'y'}", "output", "missing_field");
		assertRejected(this.alpaca, "{'instruction': null, 'output': 'y'}", "instruction", "missing_field");
	}

	@Test
	void alpacaFieldsOfTheWrongType() {
		RecordException number = assertRejected(this.alpaca, "{'instruction': 42, 'output': 'y'}", "instruction",
				"wrong_type");
		assertThat(number.getMessage()).isEqualTo("field 'instruction' must be a string, got a number");
		assertRejected(this.alpaca, "{'instruction': 'x', 'input': 1.5, 'output': 'y'}", "input", "wrong_type");
		assertRejected(this.alpaca, "{'instruction': 'x', 'output': true}", "output", "wrong_type");
		assertRejected(this.alpaca, "{'instruction': 'x', 'output': 'y', 'system': ['s']}", "system", "wrong_type");
		assertRejected(this.alpaca, "{'instruction': 'x', 'output': 'y', 'metadata': 'm'}", "metadata", "wrong_type");
	}

	@Test
	void alpacaHistoryThatIsNotPairsOfStrings() {
		assertRejected(this.alpaca, "{'instruction': 'x', 'output': 'y', 'history': 'h'}", "history", "wrong_type");
		assertRejected(this.alpaca, "{'instruction': 'x', 'output': 'y', 'history': [['q', 'a'], ['q']]}",
				"history[1]", "wrong_type");
		assertRejected(this.alpaca, "{'instruction': 'x', 'output': 'y', 'history': [['q', 'a', 'b']]}", "history[0]",
				"wrong_type");
		assertRejected(this.alpaca, "{'instruction': 'x', 'output': 'y', 'history': ['q', 'a']}", "history[0]",
				"wrong_type");
		assertRejected(this.alpaca, "{'instruction': 'x', 'output': 'y', 'history': [['q', 7]]}", "history[0][1]",
				"wrong_type");
	}

	@Test
	void shareGptUnknownRole() {
		RecordException unknown = assertRejected(this.shareGpt, """
				{'conversations': [{'from': 'human', 'value': 'q'}, {'from': 'robot', 'value': 'a'}]}""",
				"conversations[1].from", "unknown_role");

		assertThat(unknown.getMessage()).contains("'robot'").contains("gpt").contains("human");
	}

	@Test
	void shareGptTurnThatIsNotAnObject() {
		assertRejected(this.shareGpt, "{'conversations': ['hello', {'from': 'gpt', 'value': 'a'}]}",
				"conversations[0]", "wrong_type");
	}

	@Test
	void shareGptTurnFieldsMissingOrOfTheWrongType() {
		assertRejected(this.shareGpt, "{'conversations': [{'from': 'human', 'value': 'q'}, {'from': 'gpt'}]}",
				"conversations[1].value", "missing_field");
		assertRejected(this.shareGpt, "{'conversations': [{'value': 'q'}]}", "conversations[0].from",
				"missing_field");
		assertRejected(this.shareGpt, "{'conversations': [{'from': 1, 'value': 'q'}]}", "conversations[0].from",
				"wrong_type");
		assertRejected(this.shareGpt, "{'conversations': [{'from': 'human', 'value': {'text': 'q'}}]}",
				"conversations[0].value", "wrong_type");
		assertRejected(this.shareGpt, "{'conversations': [{'from': 'human', 'value': 'q'}], 'system': 3}",
				"system", "wrong_type");
	}

	@Test
	void shareGptWithoutTurns() {
		assertRejected(this.shareGpt, "{'conversations': []}", "conversations", "empty_conversation");
		assertRejected(this.shareGpt, "{'conversations': [], 'system': 'You are helpful.'}", "conversations",
				"empty_conversation");
		assertRejected(this.shareGpt, "{'conversations': {'from': 'human'}}", "conversations", "wrong_type");
		assertRejected(this.shareGpt, "{'messages': []}", "conversations", "missing_field");
	}

	@Test
	void chatMlErrorsNameItsOwnKeys() {
		assertRejected(this.chatMl, """
				{'messages': [{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'},
				  {'role': 'human', 'content': 'q2'}]}""", "messages[2].role", "unknown_role");
		assertRejected(this.chatMl, "{'messages': [{'role': 'user', 'content': null}]}", "messages[0].content",
				"missing_field");
		assertRejected(this.chatMl, "{'messages': []}", "messages", "empty_conversation");
	}

	@Test
	void roleNamesAreReadWhateverTheirCase() {
		var example = this.shareGpt.decode(obj("""
				{'conversations': [{'from': 'Human', 'value': 'q'}, {'from': 'GPT', 'value': 'a'}]}"""));

		assertThat(example.messages()).hasSize(2);
	}

	private static RecordException assertRejected(Codec codec, String record, String field, String reason) {
		RecordException rejected = catchThrowableOfType(RecordException.class, () -> codec.decode(obj(record)));

		assertThat(rejected).as("decoding %s", record).isNotNull();
		assertThat(rejected.field()).as("field of %s", record).isEqualTo(field);
		assertThat(rejected.reason()).as("reason of %s", record).isEqualTo(reason);
		return rejected;
	}

}
