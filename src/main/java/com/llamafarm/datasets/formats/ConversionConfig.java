package com.llamafarm.datasets.formats;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.knuddels.jtokkit.api.EncodingType;
import com.llamafarm.datasets.config.ConfigFile;
import com.llamafarm.datasets.config.ConfigNode;
import com.llamafarm.datasets.model.Role;

/**
 * The spec's {@code format_conversion} block, with the format options that decide what a
 * target format cannot hold.
 *
 * @param inputFormat {@code input_format}; {@code null} to detect it
 * @param outputFormat {@code output_format}; {@code null} when only the command line gives it
 * @param instructionTemplate {@code conversion_rules.instruction_template}: when set, becomes the
 * instruction and the former prompt becomes the input ({@code {instruction}} and {@code {input}}
 * placeholders are filled instead when present)
 * @param maxLength {@code conversion_rules.max_length}, over all turns; {@code null} for none
 * @param lengthUnit unit of {@code max_length}
 * @param truncation {@code conversion_rules.truncation_strategy}
 * @param requiredFields {@code validation.required_fields} of the written record
 * @param fieldLengthLimits {@code validation.field_length_limits} of the written record
 * @param limitUnit unit of {@code field_length_limits}
 * @param tokenizer the tokenizer for token units (a JTokkit encoding such as {@code cl100k_base})
 * @param alpaca Alpaca rules
 * @param sharegptSystemField write ShareGPT system prompts as a top-level {@code system} key
 * @param custom the custom shape; {@code null} when none is configured
 */
public record ConversionConfig(DatasetFormat inputFormat, DatasetFormat outputFormat, String instructionTemplate,
		String contextField, String responseField, Integer maxLength, LengthUnit lengthUnit,
		Truncation truncation, List<String> requiredFields, Map<String, Integer> fieldLengthLimits,
		LengthUnit limitUnit, String tokenizer, AlpacaOptions alpaca, boolean sharegptSystemField,
		CustomFormat custom) {

	public enum LengthUnit {

		CHARACTERS, TOKENS;

		static LengthUnit parse(String value) {
			return switch (value.toLowerCase(Locale.ROOT)) {
				case "characters", "chars" -> CHARACTERS;
				case "tokens" -> TOKENS;
				default -> throw new IllegalArgumentException(value);
			};
		}

	}

	public enum Truncation {

		/** Trim the context (Alpaca input) first, then the response. */
		CONTEXT_FIRST,
		/** Trim the response first, then the context. */
		RESPONSE_FIRST,
		/** Reject records over the limit. */
		REJECT;

		static Truncation parse(String value) {
			return valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

	/**
	 * A custom shape: either a field mapping (Alpaca fields to the user's field paths) or a
	 * conversation mapping (turns key, role key, content key, and the user's role names).
	 */
	public record CustomFormat(Map<String, String> fields, String turns, String role, String content,
			Map<Role, String> roles) {

		public boolean isConversation() {
			return this.turns != null;
		}

	}

	public static final ConversionConfig DEFAULTS = new ConversionConfig(null, null, null, "input", "output", null,
			LengthUnit.TOKENS, Truncation.CONTEXT_FIRST, List.of(), Map.of(), LengthUnit.CHARACTERS, "cl100k_base",
			AlpacaOptions.DEFAULTS, false, null);

	public ConversionConfig withCustom(CustomFormat customFormat) {
		return new ConversionConfig(this.inputFormat, this.outputFormat, this.instructionTemplate, this.contextField,
				this.responseField, this.maxLength, this.lengthUnit, this.truncation, this.requiredFields,
				this.fieldLengthLimits, this.limitUnit, this.tokenizer, this.alpaca, this.sharegptSystemField,
				customFormat);
	}

	static final java.util.Set<String> OTHER_COMMANDS_BLOCKS = java.util.Set.of("dataset_creation", "rag_to_qa",
			"synthetic_generation", "conversation_extraction", "filtering_pipeline", "quality_thresholds",
			"paraphrasing", "backtranslation", "synthetic_variations");

	/** Binds {@code $.format_conversion} and {@code $.custom_format} of a config file. */
	public static ConversionConfig bind(ConfigFile file) {
		ConfigNode root = file.node();
		ConfigNode block = root.object("format_conversion");
		ConfigNode customNode = root.object("custom_format");
		// one config file may hold the blocks of several commands (the spec's shapes): those of
		// other commands are theirs to check; any other key is a mistake
		root.ignore(OTHER_COMMANDS_BLOCKS);
		root.finish();
		CustomFormat custom = customNode == null ? null : bindCustom(customNode);
		if (block == null) {
			return DEFAULTS.withCustom(custom);
		}
		String formats = DatasetFormat.ids();
		DatasetFormat input = block.choice("input_format", null, DatasetFormat::parse, formats);
		DatasetFormat output = block.choice("output_format", null, DatasetFormat::parse, formats);
		ConfigNode rules = block.object("conversion_rules");
		String template = null;
		String contextField = "input";
		String responseField = "output";
		Integer maxLength = null;
		LengthUnit lengthUnit = LengthUnit.TOKENS;
		Truncation truncation = Truncation.CONTEXT_FIRST;
		if (rules != null) {
			template = rules.string("instruction_template", null);
			contextField = rules.choice("context_field", "input", ConversionConfig::alpacaField, "input");
			responseField = rules.choice("response_field", "output", f -> {
				if (!f.equals("output")) {
					throw new IllegalArgumentException(f);
				}
				return f;
			}, "output");
			maxLength = rules.integer("max_length", null, 1, Integer.MAX_VALUE);
			lengthUnit = rules.choice("length_unit", LengthUnit.TOKENS, LengthUnit::parse, "tokens, characters");
			truncation = rules.choice("truncation_strategy", Truncation.CONTEXT_FIRST, Truncation::parse,
					"context_first, response_first, reject");
			rules.finish();
		}
		ConfigNode validation = block.object("validation");
		List<String> required = List.of();
		Map<String, Integer> limits = Map.of();
		LengthUnit limitUnit = LengthUnit.CHARACTERS;
		if (validation != null) {
			required = validation.strings("required_fields");
			limits = validation.map("field_length_limits", (path, value) -> {
				if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
					throw validation.error(path, "must be a whole number of at least 1");
				}
				return value.intValue();
			});
			limitUnit = validation.choice("length_unit", LengthUnit.CHARACTERS, LengthUnit::parse,
					"characters, tokens");
			validation.finish();
		}
		String tokenizer = block.choice("tokenizer", "cl100k_base", ConversionConfig::tokenizer,
				"cl100k_base, o200k_base, p50k_base, r50k_base");
		AlpacaOptions alpaca = AlpacaOptions.DEFAULTS;
		ConfigNode alpacaNode = block.object("alpaca");
		if (alpacaNode != null) {
			alpaca = new AlpacaOptions(
					alpacaNode.choice("system", AlpacaOptions.Rule.FIELD, v -> rule(v, "field", "prepend", "drop", "reject"),
							"field, prepend, drop, reject"),
					alpacaNode.choice("history", AlpacaOptions.Rule.FIELD, v -> rule(v, "field", "last_turn", "reject"),
							"field, last_turn, reject"),
					alpacaNode.bool("split_user_message", true));
			alpacaNode.finish();
		}
		boolean sharegptSystemField = false;
		ConfigNode sharegpt = block.object("sharegpt");
		if (sharegpt != null) {
			sharegptSystemField = sharegpt.choice("system", false, v -> switch (v) {
				case "field" -> true;
				case "turn" -> false;
				default -> throw new IllegalArgumentException(v);
			}, "turn, field");
			sharegpt.finish();
		}
		block.finish();
		if (input == DatasetFormat.CUSTOM || output == DatasetFormat.CUSTOM) {
			if (custom == null) {
				throw block.error(block.path(), "uses the custom format but $.custom_format is not set");
			}
		}
		// the limits keep the config's order (Map.copyOf would not): a record over two limits is
		// rejected for the same one on every run
		return new ConversionConfig(input, output, template, contextField, responseField, maxLength, lengthUnit,
				truncation, List.copyOf(required), Collections.unmodifiableMap(limits), limitUnit, tokenizer, alpaca,
				sharegptSystemField, custom);
	}

	private static String alpacaField(String value) {
		if (!value.equals("input")) {
			throw new IllegalArgumentException(value);
		}
		return value;
	}

	private static String tokenizer(String value) {
		for (EncodingType type : EncodingType.values()) {
			if (type.getName().equals(value)) {
				return value;
			}
		}
		throw new IllegalArgumentException(value);
	}

	private static AlpacaOptions.Rule rule(String value, String... allowed) {
		for (String candidate : allowed) {
			if (candidate.equals(value)) {
				return AlpacaOptions.Rule.valueOf(value.toUpperCase(Locale.ROOT));
			}
		}
		throw new IllegalArgumentException(value);
	}

	private static CustomFormat bindCustom(ConfigNode node) {
		ConfigNode fields = node.object("fields");
		ConfigNode conversation = node.object("conversation");
		node.finish();
		if ((fields == null) == (conversation == null)) {
			throw node.error(node.path(), "must set exactly one of 'fields' and 'conversation'");
		}
		if (fields != null) {
			Map<String, String> mapping = new LinkedHashMap<>();
			for (String field : List.of("instruction", "input", "output", "system", "history")) {
				String path = fields.string(field, null);
				if (path != null) {
					mapping.put(field, path);
				}
			}
			fields.finish();
			for (String required : List.of("instruction", "output")) {
				if (!mapping.containsKey(required)) {
					throw fields.error(fields.child(required), "is required: the field of your records that holds the "
							+ required);
				}
			}
			checkPaths(fields, mapping);
			return new CustomFormat(Collections.unmodifiableMap(mapping), null, null, null, Map.of());
		}
		String turns = conversation.string("turns", null);
		if (turns == null) {
			throw conversation.error(conversation.child("turns"), "is required: the field that holds the list of turns");
		}
		String role = conversation.string("role", "role");
		String content = conversation.string("content", "content");
		Map<Role, String> roles = new LinkedHashMap<>();
		ConfigNode rolesNode = conversation.object("roles");
		if (rolesNode != null) {
			for (Role r : Role.values()) {
				String name = rolesNode.string(r.id(), null);
				if (name != null) {
					roles.put(r, name);
				}
			}
			rolesNode.finish();
			checkRoleNames(rolesNode, roles);
		}
		conversation.finish();
		return new CustomFormat(Map.of(), turns, role, content, Map.copyOf(roles));
	}

	/**
	 * Each Alpaca field needs a field of its own: two fields on one path, or one path inside
	 * another, would overwrite each other when encoding.
	 */
	private static void checkPaths(ConfigNode fields, Map<String, String> mapping) {
		for (Map.Entry<String, String> entry : mapping.entrySet()) {
			String path = entry.getValue();
			if (Arrays.asList(path.split("\\.", -1)).contains("")) {
				throw fields.error(fields.child(entry.getKey()),
						"is '" + path + "', not a field path (keys joined by dots, e.g. data.question)");
			}
			for (Map.Entry<String, String> other : mapping.entrySet()) {
				if (other != entry && (other.getValue().equals(path) || other.getValue().startsWith(path + "."))) {
					throw fields.error(fields.child(entry.getKey()), "is '" + path + "', which would also hold "
							+ other.getKey() + " ('" + other.getValue() + "')");
				}
			}
		}
	}

	/** Role names are read whatever their case, so each role needs a name no other role has. */
	private static void checkRoleNames(ConfigNode rolesNode, Map<Role, String> roles) {
		Map<String, Role> byName = new HashMap<>();
		for (Role role : Role.values()) {
			String name = roles.getOrDefault(role, role.id()).toLowerCase(Locale.ROOT);
			Role other = byName.putIfAbsent(name, role);
			if (other != null) {
				Role named = roles.containsKey(role) ? role : other;
				throw rolesNode.error(rolesNode.child(named.id()), "is '" + roles.get(named) + "', the name of "
						+ (named == role ? other : role).id() + " too");
			}
		}
	}

}
