package com.llamafarm.datasets.generate;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes question–answer pairs from a chunk without a model, so that dataset creation works on a
 * machine with no LLM. Rules, all extractive (every answer is text of the chunk):
 * <ul>
 * <li>factual, definition: a sentence "X is|are|was|were Y." gives "What is X?", answered by the
 * sentence;</li>
 * <li>factual, cloze: a sentence holding a year, a number with a unit, or a capitalised name not
 * at its start gives "Fill in the blank: ... ____ ...", answered by what was blanked;</li>
 * <li>summarization: "Summarize the main point of this passage." with the passage as context,
 * answered by its leading sentences.</li>
 * </ul>
 * Other question types (analytical reasoning, comparison) need a model: for them this makes
 * factual pairs and says so in their type ({@code factual (offline for analytical_reasoning)}).
 * Choices among candidates come from a seed and the chunk id, so output is deterministic.
 */
public final class OfflineGenerator {

	public static final String NAME = "offline-extractive/1";

	private static final Pattern DEFINITION = Pattern
		.compile("^(?:The |A |An )?([A-Z][\\p{L}\\p{N} '\\-]{1,60}?) (is|are|was|were) (.{8,})[.!]$");

	private static final Pattern YEAR = Pattern.compile("\\b(1[0-9]{3}|20[0-9]{2})\\b");

	private static final Pattern QUANTITY = Pattern
		.compile("\\b\\d[\\d,.]*\\s?(?:%|percent|km|kilometres|kilometers|miles|kg|tons|tonnes|metres|meters|feet|years|days|hours|degrees|°C|°F)\\b");

	private static final Pattern PROPER_NAME = Pattern.compile("(?<=\\s)([A-Z][a-z]+(?:\\s[A-Z][a-z]+){0,3})");

	private static final Set<String> NOT_NAMES = Set.of("The", "This", "That", "These", "Those", "It", "He", "She",
			"They", "We", "I", "In", "On", "At", "But", "And", "Or", "If", "When", "While", "A", "An");

	private final long seed;

	public OfflineGenerator(long seed) {
		this.seed = seed;
	}

	/**
	 * Up to {@code count} pairs of the given type from a chunk; fewer when the chunk offers fewer
	 * candidates.
	 */
	public List<QaPair> generate(String chunkId, String text, String type, int count) {
		List<String> sentences = sentences(text);
		String kind = type.toLowerCase(Locale.ROOT);
		if (kind.contains("summar")) {
			return summary(text, sentences, type);
		}
		String label = kind.contains("factual") || kind.contains("extract") ? type
				: "factual (offline for " + type + ")";
		List<QaPair> candidates = new ArrayList<>();
		for (String sentence : sentences) {
			QaPair definition = definition(sentence, label);
			if (definition != null) {
				candidates.add(definition);
			}
			QaPair cloze = cloze(sentence, label);
			if (cloze != null) {
				candidates.add(cloze);
			}
		}
		SplittableRandom random = new SplittableRandom(this.seed ^ chunkId.hashCode() ^ type.hashCode());
		List<QaPair> chosen = new ArrayList<>();
		Set<String> questions = new LinkedHashSet<>();
		while (!candidates.isEmpty() && chosen.size() < count) {
			QaPair pick = candidates.remove(random.nextInt(candidates.size()));
			if (questions.add(pick.question())) {
				chosen.add(pick);
			}
		}
		return chosen;
	}

	private static List<QaPair> summary(String text, List<String> sentences, String type) {
		if (sentences.size() < 3) {
			return List.of();
		}
		String lead = String.join(" ", sentences.subList(0, Math.min(2, sentences.size())));
		return List.of(new QaPair("Summarize the main point of this passage.", lead, type, NAME, text));
	}

	private static QaPair definition(String sentence, String type) {
		Matcher m = DEFINITION.matcher(sentence);
		if (!m.matches() || NOT_NAMES.contains(m.group(1).split(" ")[0])) {
			return null;
		}
		String subject = sentence.startsWith("The ") ? "the " + m.group(1) : m.group(1);
		String verb = m.group(2);
		String question = "What " + verb + " " + subject + "?";
		return new QaPair(question, sentence, type, NAME, sentence);
	}

	private static QaPair cloze(String sentence, String type) {
		for (Pattern pattern : new Pattern[] { YEAR, QUANTITY, PROPER_NAME }) {
			Matcher m = pattern.matcher(sentence);
			while (m.find()) {
				String answer = m.group(pattern == PROPER_NAME ? 1 : 0);
				if (pattern == PROPER_NAME && (NOT_NAMES.contains(answer) || answer.length() < 3)) {
					continue;
				}
				String blanked = sentence.substring(0, m.start()) + "____" + sentence.substring(m.end());
				return new QaPair("Fill in the blank: " + blanked, answer, type, NAME, sentence);
			}
		}
		return null;
	}

	/** Sentences of 6 to 60 words that are statements, not questions or headings. */
	static List<String> sentences(String text) {
		BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ENGLISH);
		String flat = text.replaceAll("\\s+", " ");
		iterator.setText(flat);
		List<String> sentences = new ArrayList<>();
		int start = iterator.first();
		for (int end = iterator.next(); end != BreakIterator.DONE; start = end, end = iterator.next()) {
			String sentence = flat.substring(start, end).strip();
			int words = sentence.split(" ").length;
			if (words >= 6 && words <= 60 && sentence.endsWith(".") && Character.isUpperCase(sentence.charAt(0))) {
				sentences.add(sentence);
			}
		}
		return sentences;
	}

}
