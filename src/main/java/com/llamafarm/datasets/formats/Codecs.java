package com.llamafarm.datasets.formats;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Builds the codec for a format from the conversion config. */
public final class Codecs {

	private Codecs() {
	}

	public static Codec of(DatasetFormat format, ConversionConfig config) {
		return switch (format) {
			case ALPACA -> new AlpacaCodec(config.alpaca());
			case CHATML -> ConversationCodec.chatMl();
			case SHAREGPT -> ConversationCodec.shareGpt(config.sharegptSystemField());
			case CUSTOM -> custom(config);
		};
	}

	private static Codec custom(ConversionConfig config) {
		ConversionConfig.CustomFormat custom = config.custom();
		if (custom == null) {
			throw new IllegalArgumentException("the custom format needs a 'custom_format' block in --config");
		}
		if (custom.isConversation()) {
			return ConversationCodec.custom(custom.turns(), custom.role(), custom.content(), custom.roles());
		}
		return new CustomFieldsCodec(custom.fields(), config.alpaca());
	}

	/**
	 * The format of a record, trying the custom shape first when one is configured (the user
	 * described their records with it, and it may share keys with a standard format), then
	 * ShareGPT, ChatML and Alpaca; {@code null} when none matches.
	 */
	public static DatasetFormat detect(JsonNode record, ConversionConfig config) {
		List<DatasetFormat> order = new ArrayList<>(List.of(DatasetFormat.SHAREGPT, DatasetFormat.CHATML, DatasetFormat.ALPACA));
		if (config.custom() != null) {
			order.add(0, DatasetFormat.CUSTOM);
		}
		for (DatasetFormat format : order) {
			if (of(format, config).matches(record)) {
				return format;
			}
		}
		return null;
	}

}
