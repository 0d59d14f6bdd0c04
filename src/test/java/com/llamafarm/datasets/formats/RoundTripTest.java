package com.llamafarm.datasets.formats;

import static com.llamafarm.datasets.formats.Json.lines;
import static com.llamafarm.datasets.formats.Json.obj;
import static com.llamafarm.datasets.formats.Json.strict;
import static com.llamafarm.datasets.formats.Json.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

/**
 * Alpaca → ShareGPT → ChatML → Alpaca must give back every record as it was, and the formats in
 * between must read as their own readers expect.
 */
class RoundTripTest {

	private static final ConversionConfig CONFIG = ConversionConfig.DEFAULTS;

	private final Conversion alpacaToShareGpt = conversion(DatasetFormat.ALPACA, DatasetFormat.SHAREGPT);

	private final Conversion shareGptToChatMl = conversion(DatasetFormat.SHAREGPT, DatasetFormat.CHATML);

	private final Conversion chatMlToAlpaca = conversion(DatasetFormat.CHATML, DatasetFormat.ALPACA);

	private final List<ObjectNode> records = lines("roundtrip/alpaca.jsonl");

	@Test
	void everyRecordComesBackFieldForFieldInTheSameKeyOrder() {
		// given the Alpaca fixture (empty and non-empty inputs, blank lines in instruction and
		// input, system, history, category, id, metadata, unicode)
		assertThat(this.records).hasSize(12);
		for (ObjectNode original : this.records) {
			// when
			ConversionNotes notes = new ConversionNotes();
			ObjectNode shareGpt = this.alpacaToShareGpt.convert(original.deepCopy(), notes);
			ObjectNode chatMl = this.shareGptToChatMl.convert(shareGpt, notes);
			ObjectNode back = this.chatMlToAlpaca.convert(chatMl, notes);

			// then
			assertThat(write(back)).as("round trip of %s", write(original)).isEqualTo(write(original));
			assertThat(back).isEqualTo(original);
			assertThat(notes.asMap()).as("nothing was dropped or changed for %s", write(original)).isEmpty();
		}
	}

	@Test
	void shareGptHoldsInstructionAndInputAsOneHumanTurn() {
		ObjectNode shareGpt = toShareGpt(this.records.get(1));

		assertThat(write(shareGpt)).isEqualTo(write(obj("""
				{'conversations': [
				  {'from': 'human', 'value': 'Translate the sentence to French.\\n\\nThe cat sleeps.'},
				  {'from': 'gpt', 'value': 'Le chat dort.'}]}""")));
	}

	@Test
	void anEmptyInputLeavesTheInstructionAsTheWholeTurn() {
		ObjectNode chatMl = toChatMl(this.records.get(0));

		assertThat(write(chatMl)).isEqualTo(write(obj("""
				{'messages': [
				  {'role': 'user', 'content': 'Give three tips for staying healthy.'},
				  {'role': 'assistant', 'content': '1. Eat well.\\n2. Sleep enough.\\n3. Move every day.'}]}""")));
	}

	@Test
	void systemAndHistoryBecomeTurnsBeforeTheLastExchange() {
		ObjectNode system = toShareGpt(this.records.get(6));
		ObjectNode history = toChatMl(this.records.get(7));

		assertThat(write(system)).isEqualTo(write(obj("""
				{'conversations': [
				  {'from': 'system', 'value': 'You are a terse maths tutor.'},
				  {'from': 'human', 'value': 'Answer briefly.\\n\\nWhat is 2+2?'},
				  {'from': 'gpt', 'value': '4'}]}""")));
		assertThat(write(history)).isEqualTo(write(obj("""
				{'messages': [
				  {'role': 'user', 'content': 'What is 2+2?'},
				  {'role': 'assistant', 'content': '4'},
				  {'role': 'user', 'content': 'Add zero?'},
				  {'role': 'assistant', 'content': 'Still 4.'},
				  {'role': 'user', 'content': 'And times three?'},
				  {'role': 'assistant', 'content': '12'}]}""")));
	}

	@Test
	void anInstructionHoldingABlankLineIsSplitWhereMetadataSays() {
		ObjectNode original = this.records.get(2);
		String instruction = original.get("instruction").stringValue();

		ObjectNode shareGpt = toShareGpt(original);
		ObjectNode chatMl = toChatMl(original);

		assertThat(shareGpt.get("conversations").get(0).get("value").stringValue())
			.isEqualTo(instruction + "\n\n" + original.get("input").stringValue());
		assertThat(shareGpt.get("metadata")).isEqualTo(obj("{'alpaca_split': " + instruction.length() + "}"));
		assertThat(chatMl.get("metadata")).isEqualTo(obj("{'alpaca_split': " + instruction.length() + "}"));
	}

	@Test
	void anInstructionHoldingABlankLineWithoutInputIsNotSplit() {
		ObjectNode original = this.records.get(3);

		ObjectNode chatMl = toChatMl(original);

		assertThat(chatMl.get("messages").get(0).get("content").stringValue())
			.isEqualTo("Explain the rule.\n\nUse one sentence.");
		assertThat(chatMl.get("metadata")).isEqualTo(obj("{'alpaca_split': 36}"));
	}

	@Test
	void anInstructionEndingWithALineBreakIsNotSplitAtTheFirstBlankLine() {
		// "...break:\n" + "\n\n" + "\n- apples" has its first blank line inside the instruction
		ObjectNode original = this.records.get(5);
		int length = original.get("instruction").stringValue().length();

		ObjectNode chatMl = toChatMl(original);

		assertThat(chatMl.get("metadata")).isEqualTo(obj("{'alpaca_split': " + length + "}"));
	}

	@Test
	void aBlankLineInTheInputNeedsNoMetadata() {
		ObjectNode chatMl = toChatMl(this.records.get(4));

		assertThat(chatMl.get("messages").get(0).get("content").stringValue())
			.isEqualTo("Summarise the text.\n\nFirst paragraph.\n\nSecond paragraph.");
		assertThat(chatMl.has("metadata")).isFalse();
	}

	@Test
	void extraFieldsIdMetadataAndUnicodeAreCarriedThroughEveryFormat() {
		ObjectNode everything = this.records.get(11);
		ObjectNode unicode = this.records.get(10);

		ObjectNode shareGpt = toShareGpt(everything);
		ObjectNode chatMl = toChatMl(everything);

		assertThat(List.copyOf(shareGpt.propertyNames())).containsExactly("conversations", "id", "category",
				"metadata");
		assertThat(List.copyOf(chatMl.propertyNames())).containsExactly("messages", "id", "category", "metadata");
		assertThat(chatMl.get("id").intValue()).isEqualTo(7);
		assertThat(chatMl.get("metadata")).isEqualTo(obj("{'source': 'unit-test', 'alpaca_split': 20}"));
		assertThat(chatMl.get("messages").get(0)).isEqualTo(obj("{'role': 'system', 'content': 'Be exact.'}"));
		assertThat(write(toChatMl(unicode))).isEqualTo(write(strict("""
				{"messages":[{"role":"user","content":"Übersetze ins Japanische.\\n\\nGuten Morgen 🌅"},\
				{"role":"assistant","content":"おはようございます"}],"category":"翻訳"}""")));
	}

	@Test
	void theSourceIdBecomesTheExampleId() {
		Codec alpaca = Codecs.of(DatasetFormat.ALPACA, CONFIG);

		assertThat(alpaca.decode(this.records.get(9)).id()).isEqualTo("rec-42");
		assertThat(alpaca.decode(this.records.get(11)).id()).isEqualTo("7");
		assertThat(alpaca.decode(this.records.get(0)).id()).matches("[0-9a-f]{32}");
	}

	private ObjectNode toShareGpt(ObjectNode alpaca) {
		return this.alpacaToShareGpt.convert(alpaca.deepCopy(), new ConversionNotes());
	}

	private ObjectNode toChatMl(ObjectNode alpaca) {
		return this.shareGptToChatMl.convert(toShareGpt(alpaca), new ConversionNotes());
	}

	private static Conversion conversion(DatasetFormat from, DatasetFormat to) {
		return new Conversion(Codecs.of(from, CONFIG), Codecs.of(to, CONFIG), CONFIG);
	}

}
