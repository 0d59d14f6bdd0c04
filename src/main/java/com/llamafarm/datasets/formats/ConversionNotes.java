package com.llamafarm.datasets.formats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a conversion did to one record beyond a plain re-shaping: a rule applied because the
 * target format cannot hold something (a system prompt prepended, turns dropped, a field
 * truncated). Each note is counted per step and shown in the job summary, so nothing is lost
 * silently.
 */
public final class ConversionNotes {

	private final Map<String, Integer> notes = new LinkedHashMap<>();

	public void add(String rule) {
		this.notes.merge(rule, 1, Integer::sum);
	}

	public Map<String, Integer> asMap() {
		return this.notes;
	}

	public boolean isEmpty() {
		return this.notes.isEmpty();
	}

}
