package com.llamafarm.datasets.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import com.llamafarm.datasets.formats.ConversionConfig.LengthUnit;

/** Lengths and cuts in characters and in tokens. */
class LengthMeasureTest {

	private final LengthMeasure characters = LengthMeasure.of(LengthUnit.CHARACTERS, "cl100k_base");

	private final LengthMeasure tokens = LengthMeasure.of(LengthUnit.TOKENS, "cl100k_base");

	@Test
	void charactersAreCodePoints() {
		assertThat(this.characters.length("héllo")).isEqualTo(5);
		assertThat(this.characters.length("👋🌅")).isEqualTo(2);
		assertThat(this.characters.unit()).isEqualTo("characters");
	}

	@Test
	void aCharacterCutNeverSplitsASurrogatePair() {
		assertThat(this.characters.cut("a👋b🌅c", 4)).isEqualTo("a👋b🌅");
		assertThat(this.characters.cut("a👋b", 2)).isEqualTo("a👋");
		assertThat(this.characters.cut("short", 10)).isEqualTo("short");
		assertThat(this.characters.cut("short", 0)).isEmpty();
	}

	@Test
	void tokensCountWithTheTokenizer() {
		assertThat(this.tokens.length("hello world")).isEqualTo(2);
		assertThat(this.tokens.length("")).isZero();
		assertThat(this.tokens.unit()).isEqualTo("cl100k_base tokens");
	}

	@Test
	void specialTokenTextIsCountedAsOrdinaryText() {
		assertThat(this.tokens.length("<|endoftext|>")).isGreaterThan(1);
	}

	@Test
	void aTokenCutIsAPrefixOfAtMostThatManyTokens() {
		String text = "The quick brown fox jumps over the lazy dog.";

		String cut = this.tokens.cut(text, 4);

		assertThat(cut).isEqualTo("The quick brown fox");
		assertThat(this.tokens.length(cut)).isEqualTo(4);
		assertThat(this.tokens.cut(text, 100)).isEqualTo(text);
		assertThat(this.tokens.cut(text, 0)).isEmpty();
	}

	@Test
	void aTokenCutInsideACharacterDropsThePartialCharacter() {
		// 語 takes more than one token: a cut between them must not leave a replacement character
		String text = "日本語のテキストです";
		for (int max = 0; max <= this.tokens.length(text); max++) {
			String cut = this.tokens.cut(text, max);

			assertThat(text).as("cut at %d tokens", max).startsWith(cut);
			assertThat(cut).doesNotContain("\uFFFD");
			assertThat(this.tokens.length(cut)).isLessThanOrEqualTo(max);
		}
	}

	@Test
	void anUnknownTokenizerIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LengthMeasure.of(LengthUnit.TOKENS, "gpt2-ish"))
			.withMessageContaining("gpt2-ish");
	}

}
