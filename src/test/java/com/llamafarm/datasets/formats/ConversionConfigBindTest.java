package com.llamafarm.datasets.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.llamafarm.datasets.config.ConfigException;
import com.llamafarm.datasets.config.ConfigFile;
import com.llamafarm.datasets.model.Role;

/** Binding $.format_conversion and $.custom_format, and errors that name the file and path. */
class ConversionConfigBindTest {

	@TempDir
	Path dir;

	@Test
	void bindsTheSpecsExample() {
		ConversionConfig config = bind("""
				{"format_conversion": {
				  "input_format": "sharegpt",
				  "output_format": "alpaca",
				  "conversion_rules": {
				    "instruction_template": "Answer the question based on the following context:",
				    "context_field": "input",
				    "response_field": "output",
				    "max_length": 2048,
				    "truncation_strategy": "context_first"
				  },
				  "validation": {
				    "required_fields": ["instruction", "input", "output"],
				    "field_length_limits": {"instruction": 500, "input": 1500, "output": 1000}
				  }
				}}""");

		assertThat(config.inputFormat()).isEqualTo(DatasetFormat.SHAREGPT);
		assertThat(config.outputFormat()).isEqualTo(DatasetFormat.ALPACA);
		assertThat(config.instructionTemplate()).isEqualTo("Answer the question based on the following context:");
		assertThat(config.maxLength()).isEqualTo(2048);
		assertThat(config.lengthUnit()).isEqualTo(ConversionConfig.LengthUnit.TOKENS);
		assertThat(config.truncation()).isEqualTo(ConversionConfig.Truncation.CONTEXT_FIRST);
		assertThat(config.requiredFields()).containsExactly("instruction", "input", "output");
		assertThat(config.fieldLengthLimits()).containsExactly(Map.entry("instruction", 500), Map.entry("input", 1500),
				Map.entry("output", 1000));
		assertThat(config.limitUnit()).isEqualTo(ConversionConfig.LengthUnit.CHARACTERS);
		assertThat(config.tokenizer()).isEqualTo("cl100k_base");
		assertThat(config.alpaca()).isEqualTo(AlpacaOptions.DEFAULTS);
		assertThat(config.custom()).isNull();
	}

	@Test
	void fieldLengthLimitsKeepTheirOrder() {
		// the first limit a record breaks is the one it is rejected for: the same on every run
		ConversionConfig config = bind("""
				{"format_conversion": {"validation": {"field_length_limits":
				  {"h": 1, "g": 2, "f": 3, "e": 4, "d": 5, "c": 6, "b": 7, "a": 8}}}}""");

		assertThat(List.copyOf(config.fieldLengthLimits().keySet())).containsExactly("h", "g", "f", "e", "d", "c", "b",
				"a");
	}

	@Test
	void bindsTheFormatOptions() {
		ConversionConfig config = bind("""
				{"format_conversion": {
				  "conversion_rules": {"max_length": 100, "length_unit": "characters", "truncation_strategy": "response_first"},
				  "validation": {"length_unit": "tokens"},
				  "tokenizer": "o200k_base",
				  "alpaca": {"system": "prepend", "history": "last_turn", "split_user_message": false},
				  "sharegpt": {"system": "field"}
				}}""");

		assertThat(config.lengthUnit()).isEqualTo(ConversionConfig.LengthUnit.CHARACTERS);
		assertThat(config.truncation()).isEqualTo(ConversionConfig.Truncation.RESPONSE_FIRST);
		assertThat(config.limitUnit()).isEqualTo(ConversionConfig.LengthUnit.TOKENS);
		assertThat(config.tokenizer()).isEqualTo("o200k_base");
		assertThat(config.alpaca())
			.isEqualTo(new AlpacaOptions(AlpacaOptions.Rule.PREPEND, AlpacaOptions.Rule.LAST_TURN, false));
		assertThat(config.sharegptSystemField()).isTrue();
	}

	@Test
	void aConfigWithoutTheBlocksGivesTheDefaults() {
		assertThat(bind("{}")).isEqualTo(ConversionConfig.DEFAULTS);
		assertThat(ConversionConfig.bind(ConfigFile.empty())).isEqualTo(ConversionConfig.DEFAULTS);
	}

	@Test
	void bindsACustomFieldMapping() {
		ConversionConfig config = bind("""
				{"format_conversion": {"output_format": "custom"},
				 "custom_format": {"fields": {"output": "a.text", "instruction": "q.text", "system": "persona"}}}""");

		assertThat(config.custom().isConversation()).isFalse();
		assertThat(config.custom().fields()).containsExactly(Map.entry("instruction", "q.text"),
				Map.entry("output", "a.text"), Map.entry("system", "persona"));
	}

	@Test
	void bindsACustomConversationWithDefaults() {
		ConversionConfig config = bind("""
				{"custom_format": {"conversation": {"turns": "dialogue", "roles": {"user": "customer"}}}}""");

		assertThat(config.custom().isConversation()).isTrue();
		assertThat(config.custom().turns()).isEqualTo("dialogue");
		assertThat(config.custom().role()).isEqualTo("role");
		assertThat(config.custom().content()).isEqualTo("content");
		assertThat(config.custom().roles()).isEqualTo(Map.of(Role.USER, "customer"));
	}

	@Test
	void otherCommandsBlocksMayShareTheFileButAnUnknownTopLevelKeyIsNamed() {
		assertThat(bind("""
				{"dataset_creation": {"name": "x"}, "filtering_pipeline": [], "format_conversion": {"output_format": "chatml"}}""")
			.outputFormat()).isEqualTo(DatasetFormat.CHATML);
		assertError("""
				{"format_convresion": {}}""", "$.format_convresion is not a known setting");
	}

	@Test
	void contextAndResponseFieldsMustNameTheAlpacaFieldsTheRulesUse() {
		assertError("""
				{"format_conversion": {"conversion_rules": {"context_field": "instruction"}}}""",
				"$.format_conversion.conversion_rules.context_field is 'instruction', expected one of input");
	}

	@Test
	void anUnknownKeyIsNamed() {
		assertError("""
				{"format_conversion": {"output_format": "alpaca", "colour": "red"}}""",
				"$.format_conversion.colour is not a known setting");
		assertError("""
				{"format_conversion": {"conversion_rules": {"max_lenght": 10}}}""",
				"$.format_conversion.conversion_rules.max_lenght is not a known setting");
		assertError("""
				{"format_conversion": {"alpaca": {"system": "field", "histroy": "field"}}}""",
				"$.format_conversion.alpaca.histroy is not a known setting");
		assertError("""
				{"custom_format": {"conversation": {"turns": "t", "roles": {"human": "h"}}}}""",
				"$.custom_format.conversation.roles.human is not a known setting");
	}

	@Test
	void aBadTruncationStrategyIsNamedWithTheChoices() {
		assertError("""
				{"format_conversion": {"conversion_rules": {"truncation_strategy": "middle_out"}}}""",
				"$.format_conversion.conversion_rules.truncation_strategy is 'middle_out', "
						+ "expected one of context_first, response_first, reject");
	}

	@Test
	void maxLengthMustBePositiveAndWhole() {
		assertError("""
				{"format_conversion": {"conversion_rules": {"max_length": 0}}}""",
				"$.format_conversion.conversion_rules.max_length is 0, must be between 1 and");
		assertError("""
				{"format_conversion": {"conversion_rules": {"max_length": 12.5}}}""",
				"$.format_conversion.conversion_rules.max_length must be a whole number");
	}

	@Test
	void badValuesElsewhereAreNamed() {
		assertError("""
				{"format_conversion": {"input_format": "raw_documents"}}""",
				"$.format_conversion.input_format is 'raw_documents', expected one of alpaca, chatml, sharegpt, custom");
		assertError("""
				{"format_conversion": {"alpaca": {"history": "prepend"}}}""",
				"$.format_conversion.alpaca.history is 'prepend', expected one of field, last_turn, reject");
		assertError("""
				{"format_conversion": {"tokenizer": "gpt2"}}""", "$.format_conversion.tokenizer is 'gpt2'");
		assertError("""
				{"format_conversion": {"validation": {"required_fields": ["output", 3]}}}""",
				"$.format_conversion.validation.required_fields[1] must be a string");
	}

	@Test
	void fieldLengthLimitsMustBeWholeNumbersThatFitAnInt() {
		assertError("""
				{"format_conversion": {"validation": {"field_length_limits": {"output": 0}}}}""",
				"$.format_conversion.validation.field_length_limits.output must be a whole number of at least 1");
		// 2^32 + 1 would wrap round to a limit of 1
		assertError("""
				{"format_conversion": {"validation": {"field_length_limits": {"output": 4294967297}}}}""",
				"$.format_conversion.validation.field_length_limits.output must be a whole number of at least 1");
	}

	@Test
	void theCustomFormatWithoutCustomFormatIsNamed() {
		assertError("""
				{"format_conversion": {"output_format": "custom"}}""",
				"$.format_conversion uses the custom format but $.custom_format is not set");
		assertError("""
				{"format_conversion": {"input_format": "custom", "output_format": "alpaca"}}""",
				"$.format_conversion uses the custom format but $.custom_format is not set");
	}

	@Test
	void customFormatNeedsExactlyOneOfFieldsAndConversation() {
		assertError("""
				{"custom_format": {
				  "fields": {"instruction": "q", "output": "a"},
				  "conversation": {"turns": "dialogue"}}}""",
				"$.custom_format must set exactly one of 'fields' and 'conversation'");
		assertError("""
				{"custom_format": {}}""", "$.custom_format must set exactly one of 'fields' and 'conversation'");
	}

	@Test
	void customFormatPartsThatAreRequiredAreNamed() {
		assertError("""
				{"custom_format": {"fields": {"instruction": "q"}}}""", "$.custom_format.fields.output is required");
		assertError("""
				{"custom_format": {"fields": {"instruction": "q", "output": "a", "answer": "a"}}}""",
				"$.custom_format.fields.answer is not a known setting");
		assertError("""
				{"custom_format": {"conversation": {"role": "speaker"}}}""",
				"$.custom_format.conversation.turns is required");
	}

	@Test
	void customFieldPathsMustBeDistinctAndWellFormed() {
		assertError("""
				{"custom_format": {"fields": {"instruction": "text", "input": "text", "output": "a"}}}""",
				"$.custom_format.fields.instruction is 'text', which would also hold input ('text')");
		assertError("""
				{"custom_format": {"fields": {"instruction": "q", "input": "q.context", "output": "a"}}}""",
				"$.custom_format.fields.instruction is 'q', which would also hold input ('q.context')");
		assertError("""
				{"custom_format": {"fields": {"instruction": "data..q", "output": "a"}}}""",
				"$.custom_format.fields.instruction is 'data..q', not a field path");
		assertError("""
				{"custom_format": {"fields": {"instruction": "q", "output": ""}}}""",
				"$.custom_format.fields.output is '', not a field path");
	}

	@Test
	void customRoleNamesMustBeDistinct() {
		assertError("""
				{"custom_format": {"conversation": {"turns": "t", "roles": {"user": "speaker", "assistant": "Speaker"}}}}""",
				"$.custom_format.conversation.roles.assistant is 'Speaker', the name of user too");
		assertError("""
				{"custom_format": {"conversation": {"turns": "t", "roles": {"assistant": "user"}}}}""",
				"$.custom_format.conversation.roles.assistant is 'user', the name of user too");
	}

	private void assertError(String json, String message) {
		Path file = write(json);
		assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> ConversionConfig.bind(ConfigFile.read(file)))
			.withMessageStartingWith(file + ": ")
			.withMessageContaining(message);
	}

	private ConversionConfig bind(String json) {
		return ConversionConfig.bind(ConfigFile.read(write(json)));
	}

	private Path write(String json) {
		try {
			Path file = Files.createTempFile(this.dir, "config", ".json");
			return Files.writeString(file, json, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
