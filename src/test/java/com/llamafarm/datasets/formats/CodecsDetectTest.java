package com.llamafarm.datasets.formats;

import static com.llamafarm.datasets.formats.Json.config;
import static com.llamafarm.datasets.formats.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.JsonNodeFactory;

/** Telling the format of an input from its first record. */
class CodecsDetectTest {

	private static final ConversionConfig STANDARD = ConversionConfig.DEFAULTS;

	private static final ConversionConfig CUSTOM_FIELDS = config(
			"{'custom_format': {'fields': {'instruction': 'question.text', 'output': 'answer'}}}");

	private static final ConversionConfig CUSTOM_CONVERSATION = config(
			"{'custom_format': {'conversation': {'turns': 'dialogue', 'role': 'speaker', 'content': 'text'}}}");

	@Test
	void alpaca() {
		assertThat(Codecs.detect(obj("{'instruction': 'i', 'input': '', 'output': 'o'}"), STANDARD))
			.isEqualTo(DatasetFormat.ALPACA);
		assertThat(Codecs.detect(obj("{'instruction': 'i', 'output': 'o'}"), STANDARD)).isEqualTo(DatasetFormat.ALPACA);
	}

	@Test
	void chatMl() {
		assertThat(Codecs.detect(obj("{'messages': [{'role': 'user', 'content': 'q'}]}"), STANDARD))
			.isEqualTo(DatasetFormat.CHATML);
	}

	@Test
	void shareGpt() {
		assertThat(Codecs.detect(obj("{'conversations': [{'from': 'human', 'value': 'q'}], 'tools': '[]'}"), STANDARD))
			.isEqualTo(DatasetFormat.SHAREGPT);
	}

	@Test
	void customFields() {
		assertThat(Codecs.detect(obj("{'question': {'text': 'q'}, 'answer': 'a'}"), CUSTOM_FIELDS))
			.isEqualTo(DatasetFormat.CUSTOM);
		assertThat(Codecs.detect(obj("{'question': 'q', 'answer': 'a'}"), CUSTOM_FIELDS)).isNull();
	}

	@Test
	void customConversation() {
		assertThat(Codecs.detect(obj("{'dialogue': [{'speaker': 'user', 'text': 'q'}]}"), CUSTOM_CONVERSATION))
			.isEqualTo(DatasetFormat.CUSTOM);
	}

	@Test
	void standardFormatsAreStillDetectedWhenACustomShapeIsConfigured() {
		assertThat(Codecs.detect(obj("{'instruction': 'i', 'output': 'o'}"), CUSTOM_FIELDS))
			.isEqualTo(DatasetFormat.ALPACA);
		assertThat(Codecs.detect(obj("{'messages': []}"), CUSTOM_CONVERSATION)).isEqualTo(DatasetFormat.CHATML);
	}

	@Test
	void aConfiguredShapeWinsOverAStandardFormatWithTheSameKeys() {
		ConversionConfig chatLike = config(
				"{'custom_format': {'conversation': {'turns': 'messages', 'roles': {'assistant': 'bot'}}}}");

		assertThat(Codecs.detect(obj("{'messages': [{'role': 'bot', 'content': 'a'}]}"), chatLike))
			.isEqualTo(DatasetFormat.CUSTOM);
	}

	@Test
	void unknownShapesAreNotDetected() {
		assertThat(Codecs.detect(obj("{'prompt': 'p', 'completion': 'c'}"), STANDARD)).isNull();
		assertThat(Codecs.detect(obj("{'instruction': 'i', 'input': 'x'}"), STANDARD)).isNull();
		assertThat(Codecs.detect(obj("{'messages': 'not a list'}"), STANDARD)).isNull();
		assertThat(Codecs.detect(obj("{'conversations': {'from': 'human'}}"), STANDARD)).isNull();
		assertThat(Codecs.detect(obj("{}"), STANDARD)).isNull();
		assertThat(Codecs.detect(JsonNodeFactory.instance.arrayNode(), STANDARD)).isNull();
	}

}
