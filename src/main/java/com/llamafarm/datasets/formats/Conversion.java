package com.llamafarm.datasets.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.llamafarm.datasets.model.Example;
import com.llamafarm.datasets.model.Message;
import com.llamafarm.datasets.model.Role;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One record from a source format to a target format through the canonical {@link Example},
 * applying the {@code format_conversion} rules in order: decode, instruction template, length
 * limit with its truncation strategy, encode, then the validation of the written record.
 * Thread-safe.
 */
public final class Conversion {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{instruction}|\\{input}");

	private final Codec source;

	private final Codec target;

	private final ConversionConfig config;

	private final LengthMeasure lengthMeasure;

	private final LengthMeasure limitMeasure;

	public Conversion(Codec source, Codec target, ConversionConfig config) {
		this.source = source;
		this.target = target;
		this.config = config;
		// a tokenizer takes a while to load: only when a rule measures in it
		this.lengthMeasure = config.maxLength() == null ? null : LengthMeasure.of(config.lengthUnit(), config.tokenizer());
		this.limitMeasure = config.fieldLengthLimits().isEmpty() ? null
				: config.limitUnit() == config.lengthUnit() && this.lengthMeasure != null ? this.lengthMeasure
						: LengthMeasure.of(config.limitUnit(), config.tokenizer());
	}

	public Codec source() {
		return this.source;
	}

	public Codec target() {
		return this.target;
	}

	/**
	 * @throws RecordException naming the field and the rule when the record cannot be converted
	 */
	public ObjectNode convert(ObjectNode record, ConversionNotes notes) {
		Example example = this.source.decode(record);
		if (this.config.instructionTemplate() != null) {
			example = applyTemplate(example);
		}
		if (this.config.maxLength() != null) {
			example = fit(example, this.config.maxLength(), notes);
		}
		ObjectNode out = this.target.encode(example, notes);
		validate(out, example);
		return out;
	}

	private Example applyTemplate(Example example) {
		int last = lastIndexOf(example.messages(), Role.USER);
		if (last < 0) {
			return example;
		}
		Prompt prompt = Prompt.of(example.messages().get(last).content(), example.metadata(), true);
		String template = this.config.instructionTemplate();
		boolean placesInstruction = template.contains("{instruction}");
		boolean placesInput = template.contains("{input}");
		String instruction;
		String input;
		if (placesInstruction || placesInput) {
			// what the template does not place stays in the input: nothing is dropped
			instruction = fill(template, prompt);
			input = placesInstruction && placesInput ? "" : placesInstruction ? prompt.input() : prompt.instruction();
		}
		else {
			instruction = template;
			input = prompt.whole();
		}
		ObjectNode metadata = example.metadata().deepCopy();
		List<Message> messages = new ArrayList<>(example.messages());
		messages.set(last, messages.get(last).withContent(Prompt.compose(instruction, input, metadata)));
		return new Example(example.id(), messages, example.fields(), metadata);
	}

	/**
	 * The template with its placeholders filled in one pass, so that a placeholder written in the
	 * record's own text (an instruction about "{input}") stays as it is.
	 */
	private static String fill(String template, Prompt prompt) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder filled = new StringBuilder();
		while (matcher.find()) {
			String value = matcher.group().equals("{instruction}") ? prompt.instruction() : prompt.input();
			matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(filled);
		return filled.toString();
	}

	/**
	 * Shortens the example to {@code max} units over all turns: the context (the input part of the
	 * last user turn) and the response (the last assistant turn), in the order of the strategy.
	 */
	private Example fit(Example example, int max, ConversionNotes notes) {
		List<Message> messages = new ArrayList<>(example.messages());
		int total = 0;
		for (Message message : messages) {
			total += this.lengthMeasure.length(message.content());
		}
		if (total <= max) {
			return example;
		}
		String over = "the record has " + total + " " + this.lengthMeasure.unit() + ", max_length is " + max;
		if (this.config.truncation() == ConversionConfig.Truncation.REJECT) {
			throw new RecordException(null, "over_max_length", over);
		}
		int user = lastIndexOf(messages, Role.USER);
		int assistant = lastIndexOf(messages, Role.ASSISTANT);
		ObjectNode metadata = example.metadata().deepCopy();
		boolean contextFirst = this.config.truncation() == ConversionConfig.Truncation.CONTEXT_FIRST;
		int excess = total - max;
		for (int pass = 0; pass < 2 && excess > 0; pass++) {
			boolean trimContext = (pass == 0) == contextFirst;
			if (trimContext && user >= 0) {
				String before = messages.get(user).content();
				Prompt prompt = Prompt.of(before, metadata, true);
				int length = this.lengthMeasure.length(prompt.input());
				if (length > 0) {
					int keep = Math.max(0, length - excess);
					String input = this.lengthMeasure.cut(prompt.input(), keep);
					String content = Prompt.compose(prompt.instruction(), input, metadata);
					messages.set(user, messages.get(user).withContent(content));
					notes.add("context_truncated");
					// measured on the whole turn: an input cut away takes its blank line with it
					excess -= this.lengthMeasure.length(before) - this.lengthMeasure.length(content);
				}
			}
			else if (!trimContext && assistant >= 0) {
				String response = messages.get(assistant).content();
				int length = this.lengthMeasure.length(response);
				if (length > 0) {
					int keep = Math.max(0, length - excess);
					String cut = this.lengthMeasure.cut(response, keep);
					messages.set(assistant, messages.get(assistant).withContent(cut));
					notes.add("response_truncated");
					excess -= length - this.lengthMeasure.length(cut);
				}
			}
		}
		if (excess > 0) {
			throw new RecordException(null, "over_max_length",
					over + "; the instruction and earlier turns alone exceed it");
		}
		return new Example(example.id(), messages, example.fields(), metadata);
	}

	private void validate(ObjectNode out, Example example) {
		for (String field : this.config.requiredFields()) {
			JsonNode value = valueAt(out, field);
			if (value == null || value.isNull() || (value.isString() && value.stringValue().isBlank())
					|| (value.isContainer() && value.isEmpty())) {
				throw new RecordException(field, "required_field", "required field '" + field + "' is missing or empty");
			}
		}
		for (Map.Entry<String, Integer> limit : this.config.fieldLengthLimits().entrySet()) {
			int length = lengthOf(out, example, limit.getKey());
			if (length > limit.getValue()) {
				throw new RecordException(limit.getKey(), "field_too_long", "field '" + limit.getKey() + "' has "
						+ length + " " + this.limitMeasure.unit() + ", the limit is " + limit.getValue());
			}
		}
	}

	/**
	 * A field of the written record: a top-level key, or a dotted path into nested objects
	 * ({@code task.context}), the way custom shapes name their fields.
	 */
	private static JsonNode valueAt(ObjectNode out, String field) {
		JsonNode value = out.get(field);
		if (value != null || field.indexOf('.') < 0) {
			return value;
		}
		JsonNode current = out;
		for (String key : field.split("\\.")) {
			current = current.isObject() ? current.get(key) : null;
			if (current == null) {
				return null;
			}
		}
		return current;
	}

	/**
	 * Length of a string field of the written record, or, for a role name
	 * ({@code system}, {@code user}, {@code assistant}), of the longest turn of that role.
	 */
	private int lengthOf(ObjectNode out, Example example, String field) {
		JsonNode value = valueAt(out, field);
		if (value != null && value.isString()) {
			return this.limitMeasure.length(value.stringValue());
		}
		int longest = 0;
		for (Message message : example.messages()) {
			if (message.role().id().equals(field)) {
				longest = Math.max(longest, this.limitMeasure.length(message.content()));
			}
		}
		return longest;
	}

	private static int lastIndexOf(List<Message> messages, Role role) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if (messages.get(i).role() == role) {
				return i;
			}
		}
		return -1;
	}

}
