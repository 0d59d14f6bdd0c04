package com.llamafarm.datasets.formats;

import static com.llamafarm.datasets.formats.Json.config;
import static com.llamafarm.datasets.formats.Json.obj;
import static com.llamafarm.datasets.formats.Json.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.llamafarm.datasets.model.Example;
import com.llamafarm.datasets.model.Message;
import com.llamafarm.datasets.model.Role;

import tools.jackson.databind.node.ObjectNode;

/**
 * Pins each format's exact output, byte for byte, for a small fixed set of examples, and checks
 * that each golden file decodes back to those examples. A failing run leaves what was written
 * under {@code target/golden-actual/} to compare.
 */
class GoldenFileTest {

	private static final String FIX_LIST = "Fix the list:\n\n- b\n- a";

	/** Examples every format can hold: system prompt, input, history, split hint, unicode. */
	static final List<Example> EXAMPLES = List.of(
			new Example("g1", List.of(new Message(Role.USER, "Name three primary colours."),
					new Message(Role.ASSISTANT, "Red, yellow and blue.")), obj("{'id': 'g1'}"), null),
			new Example("g2",
					List.of(new Message(Role.SYSTEM, "You are a translator."),
							new Message(Role.USER, "Translate to French.\n\nGood morning"),
							new Message(Role.ASSISTANT, "Bonjour")),
					obj("{'category': 'translation'}"), obj("{'source': 'golden'}")),
			new Example("g3",
					List.of(new Message(Role.USER, "Hi"), new Message(Role.ASSISTANT, "Hello! How can I help?"),
							new Message(Role.USER, FIX_LIST + "\n\nkeep it sorted"),
							new Message(Role.ASSISTANT, "- a\n- b")),
					obj("{'id': 'g3', 'tags': ['lists', 'edit']}"),
					obj("{'alpaca_split': " + FIX_LIST.length() + "}")),
			new Example("g4", List.of(new Message(Role.USER, "Was bedeutet »Grüß Gott«?"),
					new Message(Role.ASSISTANT, "Ein Gruß 👋 — こんにちは")), null, null));

	private static final ConversionConfig CUSTOM_FIELDS = config("""
			{'custom_format': {'fields': {
			  'instruction': 'task.instruction', 'input': 'task.context', 'output': 'answer',
			  'system': 'persona', 'history': 'previous'}}}""");

	private static final ConversionConfig CUSTOM_CONVERSATION = config("""
			{'custom_format': {'conversation': {
			  'turns': 'dialogue', 'role': 'speaker', 'content': 'text',
			  'roles': {'system': 'narrator', 'user': 'customer', 'assistant': 'agent'}}}}""");

	@Test
	void alpaca() {
		assertGolden(Codecs.of(DatasetFormat.ALPACA, ConversionConfig.DEFAULTS), "alpaca.jsonl");
	}

	@Test
	void chatMl() {
		assertGolden(Codecs.of(DatasetFormat.CHATML, ConversionConfig.DEFAULTS), "chatml.jsonl");
	}

	@Test
	void shareGpt() {
		assertGolden(Codecs.of(DatasetFormat.SHAREGPT, ConversionConfig.DEFAULTS), "sharegpt.jsonl");
	}

	@Test
	void shareGptWithTheSystemPromptAsAField() {
		ConversionConfig config = config("{'format_conversion': {'sharegpt': {'system': 'field'}}}");

		assertGolden(Codecs.of(DatasetFormat.SHAREGPT, config), "sharegpt_system_field.jsonl");
	}

	@Test
	void customFields() {
		assertGolden(Codecs.of(DatasetFormat.CUSTOM, CUSTOM_FIELDS), "custom_fields.jsonl");
	}

	@Test
	void customConversation() {
		assertGolden(Codecs.of(DatasetFormat.CUSTOM, CUSTOM_CONVERSATION), "custom_conversation.jsonl");
	}

	private static void assertGolden(Codec codec, String name) {
		// when every example is encoded
		ConversionNotes notes = new ConversionNotes();
		List<String> written = new ArrayList<>();
		for (Example example : EXAMPLES) {
			written.add(write(codec.encode(example, notes)));
		}
		String actual = written.stream().collect(Collectors.joining("\n", "", "\n"));
		String expected = Json.resource("golden/" + name);
		if (!actual.equals(expected)) {
			keepForComparison(name, actual);
		}

		// then the output is the golden file, with nothing dropped on the way
		assertThat(actual).as("golden/%s", name).isEqualTo(expected);
		assertThat(notes.asMap()).isEmpty();

		// and the golden file decodes back to the examples
		List<ObjectNode> golden = Json.lines("golden/" + name);
		for (int i = 0; i < EXAMPLES.size(); i++) {
			Example decoded = codec.decode(golden.get(i));
			Example example = EXAMPLES.get(i);
			assertThat(decoded.messages()).as("messages of %s", example.id()).isEqualTo(example.messages());
			assertThat(decoded.fields()).as("fields of %s", example.id()).isEqualTo(example.fields());
			assertThat(decoded.metadata()).as("metadata of %s", example.id()).isEqualTo(example.metadata());
		}
	}

	private static void keepForComparison(String name, String actual) {
		try {
			Path dir = Files.createDirectories(Path.of("target", "golden-actual"));
			Files.writeString(dir.resolve(name), actual, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			// only a help for reading a failure
		}
	}

}
