package com.llamafarm.datasets.formats;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;

/** Measures and cuts text in characters (code points) or in a real tokenizer's tokens. */
public sealed interface LengthMeasure {

	int length(String text);

	/** The longest prefix of {@code text} of at most {@code max} units. */
	String cut(String text, int max);

	String unit();

	static LengthMeasure of(ConversionConfig.LengthUnit unit, String tokenizer) {
		return unit == ConversionConfig.LengthUnit.TOKENS ? new Tokens(tokenizer) : new Characters();
	}

	record Characters() implements LengthMeasure {

		@Override
		public int length(String text) {
			return text.codePointCount(0, text.length());
		}

		@Override
		public String cut(String text, int max) {
			if (length(text) <= max) {
				return text;
			}
			return text.substring(0, text.offsetByCodePoints(0, Math.max(0, max)));
		}

		@Override
		public String unit() {
			return "characters";
		}

	}

	final class Tokens implements LengthMeasure {

		private final Encoding encoding;

		private final String name;

		Tokens(String name) {
			this.name = name;
			this.encoding = Encodings.newLazyEncodingRegistry()
				.getEncoding(name)
				.orElseThrow(() -> new IllegalArgumentException("unknown tokenizer " + name));
		}

		@Override
		public int length(String text) {
			return this.encoding.countTokensOrdinary(text);
		}

		@Override
		public String cut(String text, int max) {
			IntArrayList tokens = this.encoding.encodeOrdinary(text);
			if (tokens.size() <= max) {
				return text;
			}
			IntArrayList kept = new IntArrayList(Math.max(0, max));
			for (int i = 0; i < max; i++) {
				kept.add(tokens.get(i));
			}
			String cut = this.encoding.decode(kept);
			// a cut inside a multi-byte character decodes to a replacement character: drop it
			while (!cut.isEmpty() && cut.charAt(cut.length() - 1) == '\uFFFD' && !text.startsWith(cut)) {
				cut = cut.substring(0, cut.length() - 1);
			}
			return cut;
		}

		@Override
		public String unit() {
			return this.name + " tokens";
		}

	}

}
