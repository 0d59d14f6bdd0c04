package com.llamafarm.datasets.formats;

/**
 * How Alpaca holds what a conversation may carry.
 *
 * @param system a system prompt: {@code field} writes the {@code system} key (LLaMA-Factory's
 * Alpaca), {@code prepend} puts it before the instruction (plain Alpaca), {@code drop} leaves it
 * out, {@code reject} rejects the record; all but {@code field} are counted
 * @param history earlier turns: {@code field} writes {@code history} pairs, {@code last_turn}
 * keeps only the last exchange (counted), {@code reject} rejects the record
 * @param splitUserMessage split a user turn with no recorded split ({@code metadata.alpaca_split})
 * at its first blank line into instruction and input; otherwise it all becomes the instruction
 */
public record AlpacaOptions(Rule system, Rule history, boolean splitUserMessage) {

	public static final AlpacaOptions DEFAULTS = new AlpacaOptions(Rule.FIELD, Rule.FIELD, true);

	public enum Rule {

		FIELD, PREPEND, DROP, LAST_TURN, REJECT;

		public String id() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
