import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes N Alpaca records, one JSON object per line, with Alpaca-like lengths; seeded. */
public class GenerateAlpaca {

	private static final String[] WORDS = ("the of and to in is that for it as was with be by on not he this are or his "
			+ "from at which but have an they you were her she there been one all we their has would when if so "
			+ "model data train question answer explain describe list write summarize translate compare").split(" ");

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args[0]);
		long n = Long.parseLong(args[1]);
		Random random = new Random(42);
		try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
			for (long i = 0; i < n; i++) {
				writer.write("{\"instruction\":\"");
				writer.write(words(random, 6 + random.nextInt(14)));
				writer.write(" " + i + "?\",\"input\":\"");
				if (random.nextInt(10) < 4) {
					writer.write(words(random, 5 + random.nextInt(30)));
				}
				writer.write("\",\"output\":\"");
				writer.write(words(random, 10 + random.nextInt(60)));
				writer.write(".\"}\n");
			}
		}
	}

	private static String words(Random random, int n) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < n; i++) {
			if (i > 0) {
				text.append(random.nextInt(12) == 0 ? ", " : " ");
			}
			text.append(WORDS[random.nextInt(WORDS.length)]);
		}
		return text.toString();
	}

}
