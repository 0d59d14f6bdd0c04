package com.llamafarm.datasets.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class OfflineGeneratorTest {

	private static final String PASSAGE = "The Amazon River is the largest river in the world by discharge volume. "
			+ "It flows through Brazil, Peru and Colombia before reaching the Atlantic Ocean. "
			+ "Francisco de Orellana explored the river in 1542. "
			+ "The rainforest around it covers about 5,500,000 km of land. "
			+ "Rivers carry sediment that feeds the delta.";

	private final OfflineGenerator generator = new OfflineGenerator(42);

	@Test
	void factualPairsAreDefinitionsAndClozesAnsweredFromTheText() {
		List<QaPair> pairs = this.generator.generate("doc#0", PASSAGE, "factual_extraction", 10);

		assertThat(pairs).isNotEmpty();
		assertThat(pairs).extracting(QaPair::question).contains("What is the Amazon River?");
		assertThat(pairs).anySatisfy(p -> {
			assertThat(p.question()).isEqualTo("Fill in the blank: Francisco de Orellana explored the river in ____.");
			assertThat(p.answer()).isEqualTo("1542");
		});
		for (QaPair pair : pairs) {
			assertThat(PASSAGE).as("extractive: the answer is in the text").contains(pair.answer());
			assertThat(pair.generator()).isEqualTo(OfflineGenerator.NAME);
			assertThat(pair.type()).isEqualTo("factual_extraction");
		}
		assertThat(pairs).extracting(QaPair::question).doesNotHaveDuplicates();
	}

	@Test
	void theCountIsHonouredAndChoicesAreDeterministic() {
		List<QaPair> two = this.generator.generate("doc#0", PASSAGE, "factual_extraction", 2);

		assertThat(two).hasSize(2);
		assertThat(new OfflineGenerator(42).generate("doc#0", PASSAGE, "factual_extraction", 2)).isEqualTo(two);
		assertThat(this.generator.generate("doc#0", "Too short.", "factual_extraction", 2)).isEmpty();
	}

	@Test
	void summariesUseTheLeadAndAnalyticalQuestionsSayTheyAreFactual() {
		List<QaPair> summary = this.generator.generate("doc#0", PASSAGE, "summarization", 1);
		assertThat(summary).singleElement().satisfies(p -> {
			assertThat(p.question()).isEqualTo("Summarize the main point of this passage.");
			assertThat(p.answer()).startsWith("The Amazon River is the largest river").contains("Atlantic Ocean.");
		});

		List<QaPair> analytical = this.generator.generate("doc#0", PASSAGE, "analytical_reasoning", 1);
		assertThat(analytical).singleElement()
			.satisfies(p -> assertThat(p.type()).isEqualTo("factual (offline for analytical_reasoning)"));
	}

}
