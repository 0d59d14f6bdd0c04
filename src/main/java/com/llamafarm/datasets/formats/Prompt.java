package com.llamafarm.datasets.formats;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user turn seen as Alpaca's instruction and input: split where {@code metadata.alpaca_split}
 * says, otherwise at the first blank line (when {@code splitAtBlankLine}), otherwise not at all.
 */
record Prompt(String instruction, String input) {

	String whole() {
		return this.input.isEmpty() ? this.instruction : this.instruction + AlpacaCodec.SEPARATOR + this.input;
	}

	/**
	 * The user turn for an instruction and an input, recording in {@code metadata} where the
	 * input starts whenever splitting at the first blank line would not find it (an instruction
	 * that holds a blank line, or ends with a line break that runs into the separator).
	 */
	static String compose(String instruction, String input, ObjectNode metadata) {
		boolean hasInput = !input.isEmpty();
		String content = hasInput ? instruction + AlpacaCodec.SEPARATOR + input : instruction;
		int firstBlankLine = content.indexOf(AlpacaCodec.SEPARATOR);
		if (hasInput ? firstBlankLine != instruction.length() : firstBlankLine >= 0) {
			metadata.put(AlpacaCodec.SPLIT_HINT, instruction.length());
		}
		else {
			metadata.remove(AlpacaCodec.SPLIT_HINT);
		}
		return content;
	}

	static Prompt of(String content, ObjectNode metadata, boolean splitAtBlankLine) {
		JsonNode hint = metadata.get(AlpacaCodec.SPLIT_HINT);
		if (hint != null && hint.canConvertToInt()) {
			int at = hint.intValue();
			if (at == content.length()) {
				return new Prompt(content, "");
			}
			if (at >= 0 && at < content.length() && content.startsWith(AlpacaCodec.SEPARATOR, at)) {
				return split(content, at);
			}
		}
		int at = splitAtBlankLine ? content.indexOf(AlpacaCodec.SEPARATOR) : -1;
		return at < 0 ? new Prompt(content, "") : split(content, at);
	}

	private static Prompt split(String content, int at) {
		return new Prompt(content.substring(0, at), content.substring(at + AlpacaCodec.SEPARATOR.length()));
	}

}
