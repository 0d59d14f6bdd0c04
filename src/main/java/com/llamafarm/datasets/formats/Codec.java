package com.llamafarm.datasets.formats;

import com.llamafarm.datasets.model.Example;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes one dataset format into the canonical {@link Example} and encodes it back. Codecs are
 * immutable and thread-safe.
 */
public interface Codec {

	DatasetFormat format();

	/** Whether a record looks like this format; used to detect the format of an input. */
	boolean matches(JsonNode record);

	/**
	 * @throws RecordException naming the field when the record is not valid in this format
	 */
	Example decode(ObjectNode record);

	/**
	 * @param notes receives the rules applied where the format cannot hold all of the example
	 * @throws RecordException when the example cannot be expressed and the configured rule is
	 * to reject
	 */
	ObjectNode encode(Example example, ConversionNotes notes);

}
