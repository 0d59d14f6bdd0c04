import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline: a bare Jackson streaming read of Alpaca JSON Lines and write of ShareGPT JSON
 * Lines, no framework, no checks, no checkpoints. What the product is measured against.
 */
public class JacksonBaseline {

	public static void main(String[] args) throws Exception {
		JsonMapper mapper = JsonMapper.builder(JsonFactory.builder().rootValueSeparator("\n").build()).build();
		long records = 0;
		long start = System.nanoTime();
		try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[0])), 1 << 16);
				OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 16);
				JsonParser parser = mapper.createParser(in);
				JsonGenerator generator = mapper.createGenerator(out)) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				if (token != JsonToken.START_OBJECT) {
					continue;
				}
				String instruction = "", input = "", output = "";
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = parser.currentName();
					parser.nextToken();
					switch (name) {
						case "instruction" -> instruction = parser.getString();
						case "input" -> input = parser.getString();
						case "output" -> output = parser.getString();
						default -> parser.skipChildren();
					}
				}
				generator.writeStartObject();
				generator.writeArrayPropertyStart("conversations");
				generator.writeStartObject();
				generator.writeStringProperty("from", "human");
				generator.writeStringProperty("value", input.isEmpty() ? instruction : instruction + "\n\n" + input);
				generator.writeEndObject();
				generator.writeStartObject();
				generator.writeStringProperty("from", "gpt");
				generator.writeStringProperty("value", output);
				generator.writeEndObject();
				generator.writeEndArray();
				generator.writeEndObject();
				records++;
			}
			if (records > 0) {
				generator.writeRaw('\n');
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("baseline: %,d records in %.2f s%n", records, seconds);
	}

}
