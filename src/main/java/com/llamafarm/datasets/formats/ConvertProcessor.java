package com.llamafarm.datasets.formats;

import java.util.Map;

import org.springframework.batch.infrastructure.item.ItemProcessor;

import com.llamafarm.datasets.pipeline.Outcome;

import tools.jackson.databind.node.ObjectNode;

/** The convert stage: each source record converted, or rejected with the field and the rule. */
public class ConvertProcessor implements ItemProcessor<SourceRecord, Outcome> {

	private final Conversion conversion;

	private final String file;

	public ConvertProcessor(Conversion conversion, String file) {
		this.conversion = conversion;
		this.file = file;
	}

	@Override
	public Outcome process(SourceRecord source) {
		if (!source.readable()) {
			return Outcome.unreadable("convert", this.file, source);
		}
		ConversionNotes notes = new ConversionNotes();
		try {
			ObjectNode out = this.conversion.convert(source.record(), notes);
			return new Outcome.Accepted(out, notes.isEmpty() ? Map.of() : notes.asMap());
		}
		catch (RecordException ex) {
			return Outcome.refused("convert", this.file, source, ex, isBadInput(ex));
		}
	}

	/** Decoding failures are bad input; refusals by a configured rule are not. */
	private static boolean isBadInput(RecordException ex) {
		return switch (ex.reason()) {
			case "missing_field", "wrong_type", "unknown_role", "empty_conversation" -> true;
			default -> false;
		};
	}

}
