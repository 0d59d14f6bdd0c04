package com.llamafarm.datasets.support;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Generated datasets for tests: varied, deterministic, any size. */
public final class Datasets {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] WORDS = ("the a river mountain model dataset train quickly slowly bright "
			+ "question answer context document summary analysis engine battery photosynthesis orbit ocean "
			+ "über café naïve 東京 données").split(" ");

	private Datasets() {
	}

	public static ObjectNode alpaca(long i, Random random) {
		ObjectNode record = JSON.createObjectNode();
		record.put("instruction", sentence(random, 4 + random.nextInt(10)) + " #" + i + "?");
		record.put("input", random.nextInt(3) == 0 ? "" : sentence(random, 5 + random.nextInt(30)));
		record.put("output", sentence(random, 5 + random.nextInt(40)) + ".");
		if (random.nextInt(4) == 0) {
			record.put("source", "doc-" + random.nextInt(50));
		}
		return record;
	}

	/** {@code n} Alpaca records, one per line. */
	public static Path alpacaJsonl(Path file, long n, long seed) throws IOException {
		Random random = new Random(seed);
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (long i = 0; i < n; i++) {
				out.write(JSON.writeValueAsString(alpaca(i, random)));
				out.write('\n');
			}
		}
		return file;
	}

	private static String sentence(Random random, int words) {
		StringBuilder text = new StringBuilder();
		for (int w = 0; w < words; w++) {
			if (w > 0) {
				text.append(' ');
			}
			text.append(WORDS[random.nextInt(WORDS.length)]);
		}
		return text.toString();
	}

}
