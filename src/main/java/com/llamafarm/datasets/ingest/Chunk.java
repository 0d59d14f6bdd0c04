package com.llamafarm.datasets.ingest;

/**
 * A piece of a document small enough for a model's context.
 *
 * @param id stable across runs: the document's id and the chunk's index ({@code 3fa9...#4})
 * @param start where the chunk starts in the document's text
 * @param end where it ends (exclusive)
 * @param firstPage the page it starts on (1-based; 0 when the document has no pages)
 * @param lastPage the page it ends on
 * @param tokens its length in the chunker's tokens
 */
public record Chunk(String id, Document document, int index, String text, int start, int end, int firstPage,
		int lastPage, int tokens) {
}
