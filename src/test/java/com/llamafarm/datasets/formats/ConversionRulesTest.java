package com.llamafarm.datasets.formats;

import static com.llamafarm.datasets.formats.Json.config;
import static com.llamafarm.datasets.formats.Json.obj;
import static com.llamafarm.datasets.formats.Json.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The format_conversion rules: instruction template, max_length, required fields, limits. */
class ConversionRulesTest {

	private static final Encoding CL100K = Encodings.newDefaultEncodingRegistry()
		.getEncoding(EncodingType.CL100K_BASE);

	private final ConversionNotes notes = new ConversionNotes();

	@Nested
	class InstructionTemplate {

		private final ObjectNode capital = obj("{'instruction': 'What is the capital?', 'input': 'France', 'output': 'Paris'}");

		@Test
		void withoutPlaceholdersTheTemplateIsTheInstructionAndThePromptTheInput() {
			ObjectNode out = convert("""
					{'conversion_rules': {'instruction_template': 'Answer the question based on the following context:'}}""",
					DatasetFormat.ALPACA, DatasetFormat.ALPACA, this.capital);

			assertThat(write(out)).isEqualTo(write(obj("""
					{'instruction': 'Answer the question based on the following context:',
					 'input': 'What is the capital?\\n\\nFrance', 'output': 'Paris'}""")));
		}

		@Test
		void withoutPlaceholdersAChatTurnGetsTheTemplateFirst() {
			ObjectNode out = convert("{'conversion_rules': {'instruction_template': 'Be brief.'}}", DatasetFormat.ALPACA,
					DatasetFormat.CHATML, this.capital);

			assertThat(out.get("messages").get(0).get("content").stringValue())
				.isEqualTo("Be brief.\n\nWhat is the capital?\n\nFrance");
			assertThat(out.has("metadata")).isFalse();
		}

		@Test
		void placeholdersAreFilledWithInstructionAndInput() {
			ObjectNode out = convert("""
					{'conversion_rules': {'instruction_template': 'Question: {instruction}\\nContext: {input}'}}""",
					DatasetFormat.ALPACA, DatasetFormat.ALPACA, this.capital);

			assertThat(out.get("instruction").stringValue()).isEqualTo("Question: What is the capital?\nContext: France");
			assertThat(out.get("input").stringValue()).isEmpty();
		}

		@Test
		void whatATemplateDoesNotPlaceStaysInTheInput() {
			ObjectNode onlyInstruction = convert("{'conversion_rules': {'instruction_template': 'Q: {instruction}'}}",
					DatasetFormat.ALPACA, DatasetFormat.ALPACA, this.capital);
			ObjectNode onlyInput = convert("{'conversion_rules': {'instruction_template': 'Context: {input}'}}",
					DatasetFormat.ALPACA, DatasetFormat.ALPACA, this.capital);

			assertThat(onlyInstruction.get("instruction").stringValue()).isEqualTo("Q: What is the capital?");
			assertThat(onlyInstruction.get("input").stringValue()).isEqualTo("France");
			assertThat(onlyInput.get("instruction").stringValue()).isEqualTo("Context: France");
			assertThat(onlyInput.get("input").stringValue()).isEqualTo("What is the capital?");
		}

		@Test
		void aFilledTemplateHoldingABlankLineStaysOneInstruction() {
			String config = "{'conversion_rules': {'instruction_template': '{instruction}\\n\\nContext: {input}'}}";

			ObjectNode alpaca = convert(config, DatasetFormat.ALPACA, DatasetFormat.ALPACA, this.capital);
			ObjectNode chatMl = convert(config, DatasetFormat.ALPACA, DatasetFormat.CHATML, this.capital);

			assertThat(alpaca.get("instruction").stringValue()).isEqualTo("What is the capital?\n\nContext: France");
			assertThat(alpaca.get("input").stringValue()).isEmpty();
			assertThat(chatMl.get("metadata")).isEqualTo(obj("{'alpaca_split': 37}"));
		}

		@Test
		void aTemplateHoldingABlankLineIsSplitFromThePromptWhereItEnds() {
			ObjectNode out = convert("{'conversion_rules': {'instruction_template': 'Read this.\\n\\nThen answer.'}}",
					DatasetFormat.ALPACA, DatasetFormat.ALPACA, this.capital);

			assertThat(out.get("instruction").stringValue()).isEqualTo("Read this.\n\nThen answer.");
			assertThat(out.get("input").stringValue()).isEqualTo("What is the capital?\n\nFrance");
		}

		@Test
		void placeholdersWrittenInTheRecordItselfAreNotFilled() {
			ObjectNode record = obj("{'instruction': 'Explain what {input} means in a format string.', 'input': '', 'output': 'It is a placeholder.'}");

			ObjectNode out = convert("{'conversion_rules': {'instruction_template': 'Task: {instruction}{input}'}}",
					DatasetFormat.ALPACA, DatasetFormat.ALPACA, record);

			assertThat(out.get("instruction").stringValue())
				.isEqualTo("Task: Explain what {input} means in a format string.");
		}

		@Test
		void onlyTheLastUserTurnIsTemplated() {
			ObjectNode record = obj("{'instruction': 'q2', 'input': '', 'output': 'a2', 'history': [['q1', 'a1']]}");

			ObjectNode out = convert("{'conversion_rules': {'instruction_template': '[{instruction}]'}}",
					DatasetFormat.ALPACA, DatasetFormat.ALPACA, record);

			assertThat(out.get("instruction").stringValue()).isEqualTo("[q2]");
			assertThat(write(out.get("history"))).isEqualTo("[[\"q1\",\"a1\"]]");
		}

	}

	@Nested
	class MaxLengthInCharacters {

		/** User turn "Summarise.\n\n" + 50 characters (62), output 30 characters: 92 in all. */
		private final ObjectNode report = obj("{'instruction': 'Summarise.', 'input': '" + "0123456789".repeat(5)
				+ "', 'output': '" + "abcdefghij".repeat(3) + "'}");

		@Test
		void contextFirstCutsTheInputAndKeepsTheOutput() {
			ObjectNode out = fit("context_first", 80, this.report);

			assertThat(out.get("input").stringValue()).isEqualTo("0123456789".repeat(5).substring(0, 38));
			assertThat(out.get("output").stringValue()).isEqualTo("abcdefghij".repeat(3));
			assertThat(totalCharacters(out)).isEqualTo(80);
			assertThat(ConversionRulesTest.this.notes.asMap()).isEqualTo(Map.of("context_truncated", 1));
		}

		@Test
		void contextFirstCutsTheOutputOnlyByWhatTheWholeInputCouldNotGive() {
			// the input and its blank line give 52; the output gives the other 8
			ObjectNode out = fit("context_first", 32, this.report);

			assertThat(out.get("input").stringValue()).isEmpty();
			assertThat(out.get("instruction").stringValue()).isEqualTo("Summarise.");
			assertThat(out.get("output").stringValue()).isEqualTo("abcdefghij".repeat(3).substring(0, 22));
			assertThat(totalCharacters(out)).isEqualTo(32);
			assertThat(ConversionRulesTest.this.notes.asMap())
				.isEqualTo(Map.of("context_truncated", 1, "response_truncated", 1));
		}

		@Test
		void responseFirstCutsTheOutputAndKeepsTheInput() {
			ObjectNode out = fit("response_first", 80, this.report);

			assertThat(out.get("output").stringValue()).isEqualTo("abcdefghij".repeat(3).substring(0, 18));
			assertThat(out.get("input").stringValue()).isEqualTo("0123456789".repeat(5));
			assertThat(totalCharacters(out)).isEqualTo(80);
			assertThat(ConversionRulesTest.this.notes.asMap()).isEqualTo(Map.of("response_truncated", 1));
		}

		@Test
		void responseFirstCutsTheInputWhenTheWholeOutputIsNotEnough() {
			ObjectNode out = fit("response_first", 50, this.report);

			assertThat(out.get("output").stringValue()).isEmpty();
			assertThat(out.get("input").stringValue()).isEqualTo("0123456789".repeat(5).substring(0, 38));
			assertThat(totalCharacters(out)).isEqualTo(50);
			assertThat(ConversionRulesTest.this.notes.asMap())
				.isEqualTo(Map.of("response_truncated", 1, "context_truncated", 1));
		}

		@Test
		void anEmptyResponseIsNotCountedAsCut() {
			ObjectNode unanswered = obj("{'instruction': 'Summarise.', 'input': '" + "0123456789".repeat(5)
					+ "', 'output': ''}");

			ObjectNode out = fit("response_first", 40, unanswered);

			assertThat(out.get("input").stringValue()).hasSize(28);
			assertThat(ConversionRulesTest.this.notes.asMap()).isEqualTo(Map.of("context_truncated", 1));
		}

		@Test
		void recordsWithinTheLimitAreLeftAlone() {
			ObjectNode out = fit("context_first", 92, this.report);

			assertThat(out).isEqualTo(this.report);
			assertThat(ConversionRulesTest.this.notes.isEmpty()).isTrue();
		}

		@Test
		void rejectRejectsRecordsOverTheLimit() {
			RecordException rejected = catchThrowableOfType(RecordException.class,
					() -> fit("reject", 91, this.report));

			assertThat(rejected.reason()).isEqualTo("over_max_length");
			assertThat(rejected.field()).isNull();
			assertThat(rejected.getMessage()).contains("92 characters").contains("max_length is 91");
		}

		@Test
		void aRecordWhoseInstructionAloneIsTooLongIsRejected() {
			RecordException rejected = catchThrowableOfType(RecordException.class,
					() -> fit("context_first", 9, this.report));

			assertThat(rejected.reason()).isEqualTo("over_max_length");
			assertThat(rejected.getMessage()).contains("alone exceed");
		}

		@Test
		void charactersAreCodePointsAndCutsKeepThemWhole() {
			ObjectNode emoji = obj("{'instruction': 'Count.', 'input': '" + "👋".repeat(10) + "', 'output': 'ten'}");

			// "Count.\n\n" 8 + 10 emoji + "ten" 3 = 21 code points (31 UTF-16 units)
			ObjectNode out = fit("context_first", 17, emoji);

			assertThat(out.get("input").stringValue()).isEqualTo("👋".repeat(6));
		}

		private ObjectNode fit(String strategy, int max, ObjectNode record) {
			return convert("{'conversion_rules': {'max_length': " + max + ", 'length_unit': 'characters', "
					+ "'truncation_strategy': '" + strategy + "'}}", DatasetFormat.ALPACA, DatasetFormat.ALPACA, record);
		}

		private static int totalCharacters(ObjectNode alpaca) {
			String input = alpaca.get("input").stringValue();
			String user = alpaca.get("instruction").stringValue() + (input.isEmpty() ? "" : "\n\n" + input);
			String output = alpaca.get("output").stringValue();
			return user.codePointCount(0, user.length()) + output.codePointCount(0, output.length());
		}

	}

	@Nested
	class MaxLengthInTokens {

		private static final String CONTEXT = "The quarterly report shows revenue growth in every region. ".repeat(20);

		private static final String ANSWER = "Revenue grew everywhere, led by strong demand in the north. ".repeat(5);

		private final ObjectNode report = obj("{'instruction': 'Summarise the report.', 'input': '" + CONTEXT
				+ "', 'output': '" + ANSWER + "'}");

		@Test
		void contextFirstCutsTheInputToFitTheTokens() {
			int before = totalTokens(toChatMl(this.report, null));
			assertThat(before).isGreaterThan(200);

			ObjectNode out = toChatMl(this.report, "{'max_length': 120, 'truncation_strategy': 'context_first'}");

			assertThat(totalTokens(out)).isLessThanOrEqualTo(120).isGreaterThan(110);
			String user = out.get("messages").get(0).get("content").stringValue();
			assertThat(user).startsWith("Summarise the report.\n\nThe quarterly report");
			assertThat("Summarise the report.\n\n" + CONTEXT).startsWith(user);
			assertThat(out.get("messages").get(1).get("content").stringValue()).isEqualTo(ANSWER);
			assertThat(ConversionRulesTest.this.notes.asMap()).isEqualTo(Map.of("context_truncated", 1));
		}

		@Test
		void responseFirstCutsTheOutputToFitTheTokens() {
			int before = totalTokens(toChatMl(this.report, null));

			ObjectNode out = toChatMl(this.report,
					"{'max_length': " + (before - 30) + ", 'truncation_strategy': 'response_first'}");

			assertThat(totalTokens(out)).isLessThanOrEqualTo(before - 30).isGreaterThan(before - 40);
			assertThat(out.get("messages").get(0).get("content").stringValue())
				.isEqualTo("Summarise the report.\n\n" + CONTEXT);
			String answer = out.get("messages").get(1).get("content").stringValue();
			assertThat(ANSWER).startsWith(answer);
			assertThat(answer).isNotEqualTo(ANSWER);
			assertThat(ConversionRulesTest.this.notes.asMap()).isEqualTo(Map.of("response_truncated", 1));
		}

		@Test
		void tokensAreTheDefaultUnit() {
			int before = totalTokens(toChatMl(this.report, null));

			RecordException rejected = catchThrowableOfType(RecordException.class,
					() -> toChatMl(this.report, "{'max_length': " + (before - 1) + ", 'truncation_strategy': 'reject'}"));
			ObjectNode fits = toChatMl(this.report, "{'max_length': " + before + ", 'truncation_strategy': 'reject'}");

			assertThat(rejected.getMessage()).contains(before + " cl100k_base tokens");
			assertThat(totalTokens(fits)).isEqualTo(before);
		}

		private ObjectNode toChatMl(ObjectNode record, String rules) {
			String config = rules == null ? "{}" : "{'conversion_rules': " + rules + "}";
			return convert(config, DatasetFormat.ALPACA, DatasetFormat.CHATML, record);
		}

		private static int totalTokens(ObjectNode chatMl) {
			int total = 0;
			for (JsonNode message : chatMl.get("messages")) {
				total += CL100K.countTokensOrdinary(message.get("content").stringValue());
			}
			return total;
		}

	}

	@Nested
	class RequiredFields {

		private final String required = "{'validation': {'required_fields': ['instruction', 'input', 'output']}}";

		@Test
		void recordsWithEveryFieldPass() {
			ObjectNode record = obj("{'instruction': 'i', 'input': 'x', 'output': 'o'}");

			assertThat(convert(this.required, DatasetFormat.ALPACA, DatasetFormat.ALPACA, record)).isEqualTo(record);
		}

		@Test
		void anEmptyFieldIsMissing() {
			RecordException rejected = rejected(this.required, DatasetFormat.ALPACA,
					"{'instruction': 'i', 'input': '', 'output': 'o'}");

			assertThat(rejected.field()).isEqualTo("input");
			assertThat(rejected.reason()).isEqualTo("required_field");
		}

		@Test
		void aBlankFieldIsMissing() {
			RecordException rejected = rejected(this.required, DatasetFormat.ALPACA,
					"{'instruction': 'i', 'input': 'x', 'output': ' \\n\\t '}");

			assertThat(rejected.field()).isEqualTo("output");
			assertThat(rejected.reason()).isEqualTo("required_field");
		}

		@Test
		void theyAreFieldsOfTheWrittenRecord() {
			String config = "{'validation': {'required_fields': ['messages', 'source']}}";
			ObjectNode withSource = obj("{'instruction': 'i', 'input': '', 'output': 'o', 'source': 'wiki'}");

			ObjectNode out = convert(config, DatasetFormat.ALPACA, DatasetFormat.CHATML, withSource);
			RecordException rejected = rejected(config, DatasetFormat.CHATML,
					"{'instruction': 'i', 'input': '', 'output': 'o', 'source': []}");

			assertThat(out.get("source").stringValue()).isEqualTo("wiki");
			assertThat(rejected.field()).isEqualTo("source");
		}

		private RecordException rejected(String config, DatasetFormat target, String record) {
			return catchThrowableOfType(RecordException.class,
					() -> convert(config, DatasetFormat.ALPACA, target, obj(record)));
		}

	}

	@Nested
	class FieldLengthLimits {

		@Test
		void alpacaFieldsOverTheLimitAreRejected() {
			String config = "{'validation': {'field_length_limits': {'instruction': 10, 'output': 5}}}";

			ObjectNode ok = convert(config, DatasetFormat.ALPACA, DatasetFormat.ALPACA,
					obj("{'instruction': '0123456789', 'input': 'any length at all', 'output': '👋👋👋👋👋'}"));
			RecordException rejected = catchThrowableOfType(RecordException.class,
					() -> convert(config, DatasetFormat.ALPACA, DatasetFormat.ALPACA,
							obj("{'instruction': '0123456789A', 'input': '', 'output': 'o'}")));

			assertThat(ok.get("output").stringValue()).isEqualTo("👋👋👋👋👋");
			assertThat(rejected.field()).isEqualTo("instruction");
			assertThat(rejected.reason()).isEqualTo("field_too_long");
			assertThat(rejected.getMessage()).contains("11 characters, the limit is 10");
		}

		@Test
		void limitsCanBeInTokens() {
			String config = "{'validation': {'length_unit': 'tokens', 'field_length_limits': {'output': 3}}}";

			ObjectNode ok = convert(config, DatasetFormat.ALPACA, DatasetFormat.ALPACA,
					obj("{'instruction': 'i', 'input': '', 'output': 'one two three'}"));
			RecordException rejected = catchThrowableOfType(RecordException.class,
					() -> convert(config, DatasetFormat.ALPACA, DatasetFormat.ALPACA,
							obj("{'instruction': 'i', 'input': '', 'output': 'one two three four'}")));

			assertThat(ok.get("output").stringValue()).isEqualTo("one two three");
			assertThat(rejected.field()).isEqualTo("output");
			assertThat(rejected.getMessage()).contains("4 cl100k_base tokens, the limit is 3");
		}

		@Test
		void roleNamesLimitTheLongestTurnOfThatRoleInChatMl() {
			String config = "{'validation': {'field_length_limits': {'user': 8, 'assistant': 5}}}";
			ObjectNode fits = obj("{'instruction': 'q', 'input': '', 'output': 'Ahoy!', 'history': [['12345678', 'a']]}");
			ObjectNode longTurn = obj("{'instruction': 'q', 'input': '', 'output': 'a', 'history': [['123456789', 'a']]}");
			ObjectNode longAnswer = obj("{'instruction': 'q', 'input': '', 'output': 'Ahoy!!'}");

			ObjectNode out = convert(config, DatasetFormat.ALPACA, DatasetFormat.CHATML, fits);
			RecordException user = catchThrowableOfType(RecordException.class,
					() -> convert(config, DatasetFormat.ALPACA, DatasetFormat.CHATML, longTurn));
			RecordException assistant = catchThrowableOfType(RecordException.class,
					() -> convert(config, DatasetFormat.ALPACA, DatasetFormat.CHATML, longAnswer));

			assertThat(out.get("messages")).hasSize(4);
			assertThat(user.field()).isEqualTo("user");
			assertThat(user.getMessage()).contains("9 characters, the limit is 8");
			assertThat(assistant.field()).isEqualTo("assistant");
			assertThat(assistant.reason()).isEqualTo("field_too_long");
		}

	}

	@Nested
	class NestedFieldsOfCustomShapes {

		private final String custom = "'custom_format': {'fields': {'instruction': 'task.text', 'input': 'task.context', 'output': 'answer'}}";

		@Test
		void requiredFieldsAndLimitsNameNestedFieldsByTheirPath() {
			ConversionConfig config = config("{'format_conversion': {'validation': {'required_fields': ['task.context'], "
					+ "'field_length_limits': {'task.text': 5}}}, " + this.custom + "}");
			Conversion conversion = new Conversion(Codecs.of(DatasetFormat.ALPACA, config),
					Codecs.of(DatasetFormat.CUSTOM, config), config);

			ObjectNode out = conversion.convert(obj("{'instruction': 'Sum.', 'input': '1 2', 'output': '3'}"),
					ConversionRulesTest.this.notes);
			RecordException noContext = catchThrowableOfType(RecordException.class, () -> conversion
				.convert(obj("{'instruction': 'Sum.', 'input': '', 'output': '3'}"), ConversionRulesTest.this.notes));
			RecordException tooLong = catchThrowableOfType(RecordException.class, () -> conversion
				.convert(obj("{'instruction': 'Add up.', 'input': '1 2', 'output': '3'}"), ConversionRulesTest.this.notes));

			assertThat(write(out)).isEqualTo(write(obj("{'task': {'text': 'Sum.', 'context': '1 2'}, 'answer': '3'}")));
			assertThat(noContext.field()).isEqualTo("task.context");
			assertThat(noContext.reason()).isEqualTo("required_field");
			assertThat(tooLong.field()).isEqualTo("task.text");
			assertThat(tooLong.getMessage()).contains("7 characters, the limit is 5");
		}

	}

	private ObjectNode convert(String formatConversion, DatasetFormat from, DatasetFormat to, ObjectNode record) {
		ConversionConfig config = config("{'format_conversion': " + formatConversion + "}");
		Conversion conversion = new Conversion(Codecs.of(from, config), Codecs.of(to, config), config);
		return conversion.convert(record.deepCopy(), this.notes);
	}

}
