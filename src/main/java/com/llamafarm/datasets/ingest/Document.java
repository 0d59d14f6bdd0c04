package com.llamafarm.datasets.ingest;

import java.util.List;
import java.util.Map;

/**
 * A source document's text and what is known of it.
 *
 * @param id stable: a hash of the path under the source folder and of the text
 * @param path the path under the source folder, with {@code /} separators
 * @param title the document's own title, else its file name
 * @param text the plain text
 * @param pageStarts where each page starts in {@code text} (PDF); empty when the format has no pages
 * @param mediaType the detected media type
 * @param metadata other metadata the parser found (author, created, ...)
 */
public record Document(String id, String path, String title, String text, List<Integer> pageStarts,
		String mediaType, Map<String, String> metadata) {

	public Document {
		pageStarts = List.copyOf(pageStarts);
		metadata = Map.copyOf(metadata);
	}

	/** The 1-based page holding the character at {@code offset}, or 0 when there are no pages. */
	public int pageAt(int offset) {
		int page = 0;
		for (int i = 0; i < this.pageStarts.size() && this.pageStarts.get(i) <= offset; i++) {
			page = i + 1;
		}
		return page;
	}

}
