package com.llamafarm.datasets.formats;

import static com.llamafarm.datasets.formats.Json.config;
import static com.llamafarm.datasets.formats.Json.obj;
import static com.llamafarm.datasets.formats.Json.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.llamafarm.datasets.model.Example;
import com.llamafarm.datasets.model.Message;
import com.llamafarm.datasets.model.Role;

import tools.jackson.databind.node.ObjectNode;

/** Custom shapes from config: a field mapping by dotted paths, or a conversation mapping. */
class CustomFormatsTest {

	@Nested
	class FieldMapping {

		private final ConversionConfig config = config("""
				{'custom_format': {'fields': {'instruction': 'task.instruction', 'input': 'task.context',
				  'output': 'answer', 'history': 'chat.earlier'}}}""");

		private final Codec codec = Codecs.of(DatasetFormat.CUSTOM, this.config);

		/** Nested fields beside the mapped ones ({@code task.meta}) and a top-level extra. */
		private final ObjectNode record = obj("""
				{'task': {'instruction': 'Translate.', 'context': 'Hello', 'meta': {'level': 2}},
				 'answer': 'Hola', 'lang': 'es'}""");

		@Test
		void decodesNestedPathsAndKeepsTheRest() {
			Example example = this.codec.decode(this.record.deepCopy());

			assertThat(example.messages()).containsExactly(new Message(Role.USER, "Translate.\n\nHello"),
					new Message(Role.ASSISTANT, "Hola"));
			assertThat(example.fields()).isEqualTo(obj("{'task': {'meta': {'level': 2}}, 'lang': 'es'}"));
		}

		@Test
		void anObjectLeftEmptyByTheMappingIsNotCarried() {
			Example example = this.codec.decode(obj("{'task': {'instruction': 'i'}, 'answer': 'a'}"));

			assertThat(example.fields().isEmpty()).isTrue();
		}

		@Test
		void encodesBackToTheSameRecordNestedSiblingsIncluded() {
			ConversionNotes notes = new ConversionNotes();

			ObjectNode out = this.codec.encode(this.codec.decode(this.record.deepCopy()), notes);

			assertThat(write(out)).isEqualTo(write(this.record));
			assertThat(notes.isEmpty()).isTrue();
		}

		@Test
		void encodesAlpacaIntoTheMappedPaths() {
			ObjectNode alpaca = obj("""
					{'instruction': 'Continue.', 'input': 'one, two', 'output': 'three',
					 'history': [['Count with me', 'Sure']], 'id': 'n1'}""");

			ObjectNode out = convert(DatasetFormat.ALPACA, DatasetFormat.CUSTOM, alpaca);

			assertThat(write(out)).isEqualTo(write(obj("""
					{'task': {'instruction': 'Continue.', 'context': 'one, two'}, 'answer': 'three',
					 'chat': {'earlier': [['Count with me', 'Sure']]}, 'id': 'n1'}""")));
		}

		@Test
		void decodeErrorsNameTheUsersFieldPath() {
			RecordException missing = rejected("{'task': {'instruction': 'i'}, 'reply': 'a'}");
			RecordException wrongType = rejected("{'task': {'instruction': 5}, 'answer': 'a'}");
			RecordException pair = rejected("{'task': {'instruction': 'i'}, 'answer': 'a', 'chat': {'earlier': [['q']]}}");
			RecordException notAnObject = rejected("{'task': 'Translate.', 'answer': 'a'}");

			assertThat(missing.field()).isEqualTo("answer");
			assertThat(missing.reason()).isEqualTo("missing_field");
			assertThat(missing.getMessage()).isEqualTo("missing required field 'answer'");
			assertThat(wrongType.field()).isEqualTo("task.instruction");
			assertThat(wrongType.reason()).isEqualTo("wrong_type");
			assertThat(wrongType.getMessage()).contains("'task.instruction'");
			assertThat(pair.field()).isEqualTo("chat.earlier[0]");
			assertThat(notAnObject.field()).isEqualTo("task.instruction");
			assertThat(notAnObject.reason()).isEqualTo("missing_field");
		}

		@Test
		void aShapeWithoutAnInputHoldsTheWholeUserTurnAsItsInstruction() {
			ConversionConfig promptCompletion = config(
					"{'custom_format': {'fields': {'instruction': 'prompt', 'output': 'completion'}}}");
			ObjectNode alpaca = obj("{'instruction': 'Translate.', 'input': 'Hello', 'output': 'Hola'}");
			ObjectNode noInput = obj("{'instruction': 'Say hi.', 'input': '', 'output': 'Hi'}");

			ObjectNode out = CustomFormatsTest.convert(promptCompletion, DatasetFormat.ALPACA, DatasetFormat.CUSTOM, alpaca);
			ObjectNode plain = CustomFormatsTest.convert(promptCompletion, DatasetFormat.ALPACA, DatasetFormat.CUSTOM, noInput);
			ObjectNode back = CustomFormatsTest.convert(promptCompletion, DatasetFormat.CUSTOM, DatasetFormat.CHATML, out);

			assertThat(write(out)).isEqualTo(write(obj("{'prompt': 'Translate.\\n\\nHello', 'completion': 'Hola'}")));
			assertThat(write(plain)).isEqualTo(write(obj("{'prompt': 'Say hi.', 'completion': 'Hi'}")));
			assertThat(back.get("messages").get(0).get("content").stringValue()).isEqualTo("Translate.\n\nHello");
		}

		@Test
		void alpacaRulesApplyToWhatTheShapeCannotHold() {
			ConversionConfig config = config("""
					{'format_conversion': {'alpaca': {'system': 'prepend'}},
					 'custom_format': {'fields': {'instruction': 'q', 'output': 'a'}}}""");
			ObjectNode chatMl = obj("""
					{'messages': [{'role': 'system', 'content': 'Be brief.'}, {'role': 'user', 'content': 'Why?'},
					  {'role': 'assistant', 'content': 'Because.'}]}""");
			ConversionNotes notes = new ConversionNotes();

			ObjectNode out = new Conversion(Codecs.of(DatasetFormat.CHATML, config), Codecs.of(DatasetFormat.CUSTOM, config),
					config)
				.convert(chatMl, notes);

			assertThat(write(out)).isEqualTo(write(obj("{'q': 'Be brief.\\n\\nWhy?', 'a': 'Because.'}")));
			assertThat(notes.asMap()).containsEntry("system_prompt_prepended", 1);
		}

		private RecordException rejected(String record) {
			return catchThrowableOfType(RecordException.class, () -> this.codec.decode(obj(record)));
		}

		private ObjectNode convert(DatasetFormat from, DatasetFormat to, ObjectNode record) {
			return CustomFormatsTest.convert(this.config, from, to, record);
		}

	}

	@Nested
	class ConversationMapping {

		private final ConversionConfig config = config("""
				{'custom_format': {'conversation': {'turns': 'dialogue', 'role': 'speaker', 'content': 'text',
				  'roles': {'system': 'Narrator', 'user': 'customer', 'assistant': 'agent'}}}}""");

		private final Codec codec = Codecs.of(DatasetFormat.CUSTOM, this.config);

		private final ObjectNode record = obj("""
				{'dialogue': [{'speaker': 'Narrator', 'text': 'Be polite.'},
				  {'speaker': 'customer', 'text': 'My order is late.'},
				  {'speaker': 'agent', 'text': 'Sorry, let me check.', 'score': 0.9}],
				 'ticket': 1234}""");

		@Test
		void decodesTheUsersRoleNames() {
			Example example = this.codec.decode(this.record.deepCopy());

			assertThat(example.messages()).extracting(Message::role)
				.containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT);
			assertThat(example.messages().get(2).extra()).isEqualTo(obj("{'score': 0.9}"));
			assertThat(example.fields()).isEqualTo(obj("{'ticket': 1234}"));
		}

		@Test
		void roleNamesAreMatchedWhateverTheirCaseAndTheStandardNamesStillRead() {
			Example example = this.codec.decode(obj("""
					{'dialogue': [{'speaker': 'NARRATOR', 'text': 's'}, {'speaker': 'user', 'text': 'q'},
					  {'speaker': 'Agent', 'text': 'a'}]}"""));

			assertThat(example.messages()).extracting(Message::role)
				.containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT);
		}

		@Test
		void encodesWithTheUsersRoleNamesAsWritten() {
			ObjectNode out = this.codec.encode(this.codec.decode(this.record.deepCopy()), new ConversionNotes());

			assertThat(write(out)).isEqualTo(write(this.record));
		}

		@Test
		void convertsFromShareGpt() {
			ObjectNode shareGpt = obj("""
					{'conversations': [{'from': 'human', 'value': 'Hi'}, {'from': 'gpt', 'value': 'Hello'}], 'id': 'c9'}""");

			ObjectNode out = CustomFormatsTest.convert(this.config, DatasetFormat.SHAREGPT, DatasetFormat.CUSTOM, shareGpt);

			assertThat(write(out)).isEqualTo(write(obj("""
					{'dialogue': [{'speaker': 'customer', 'text': 'Hi'}, {'speaker': 'agent', 'text': 'Hello'}], 'id': 'c9'}""")));
		}

		@Test
		void unknownRolesNameTheUsersKeys() {
			RecordException rejected = catchThrowableOfType(RecordException.class, () -> this.codec
				.decode(obj("{'dialogue': [{'speaker': 'customer', 'text': 'q'}, {'speaker': 'bot', 'text': 'a'}]}")));

			assertThat(rejected.field()).isEqualTo("dialogue[1].speaker");
			assertThat(rejected.reason()).isEqualTo("unknown_role");
			assertThat(rejected.getMessage()).contains("customer").contains("agent").contains("narrator");
		}

		@Test
		void rolesWithoutANameKeepTheirStandardName() {
			ConversionConfig minimal = config("{'custom_format': {'conversation': {'turns': 'log'}}}");
			Codec codec = Codecs.of(DatasetFormat.CUSTOM, minimal);
			Example example = new Example(null, List.of(new Message(Role.USER, "q"), new Message(Role.ASSISTANT, "a")),
					null, null);

			ObjectNode out = codec.encode(example, new ConversionNotes());

			assertThat(write(out)).isEqualTo(write(obj("""
					{'log': [{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'}]}""")));
		}

	}

	@Test
	void theCustomFormatNeedsACustomFormatBlock() {
		assertThatIllegalArgumentException().isThrownBy(() -> Codecs.of(DatasetFormat.CUSTOM, ConversionConfig.DEFAULTS))
			.withMessageContaining("custom_format");
	}

	private static ObjectNode convert(ConversionConfig config, DatasetFormat from, DatasetFormat to, ObjectNode record) {
		Conversion conversion = new Conversion(Codecs.of(from, config), Codecs.of(to, config), config);
		return conversion.convert(record.deepCopy(), new ConversionNotes());
	}

}
