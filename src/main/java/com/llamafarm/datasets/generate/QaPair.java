package com.llamafarm.datasets.generate;

/**
 * A generated question and its answer, grounded in a chunk.
 *
 * @param type the question type ({@code factual}, {@code summarization}, ...)
 * @param generator what made it and which version, e.g. {@code offline-extractive/1}
 * @param evidence the chunk text the answer comes from
 */
public record QaPair(String question, String answer, String type, String generator, String evidence) {
}
