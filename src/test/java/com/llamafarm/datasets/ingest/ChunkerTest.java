package com.llamafarm.datasets.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;

class ChunkerTest {

	private static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding("cl100k_base").orElseThrow();

	@TempDir
	Path root;

	private static Document document(String text) {
		return new Document(DocumentParser.id("a.txt", text), "a.txt", "a", text, List.of(), "text/plain", Map.of());
	}

	private static String sentences(int n) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < n; i++) {
			text.append("Sentence number ").append(i).append(" tells of rivers, café owners and 東京 at dawn. ");
			if (i % 7 == 6) {
				text.append("\n\n");
			}
		}
		return text.toString().strip();
	}

	@Test
	void chunksStayWithinTheLimitOverlapAndCoverTheWholeText() {
		Document document = document(sentences(300));
		Chunker chunker = new Chunker("cl100k_base", 200, 30);

		List<Chunk> chunks = chunker.chunk(document);

		assertThat(chunks.size()).isGreaterThan(5);
		assertThat(chunks.get(0).start()).isZero();
		assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(document.text().length());
		for (int i = 0; i < chunks.size(); i++) {
			Chunk chunk = chunks.get(i);
			assertThat(CL100K.countTokensOrdinary(chunk.text())).as("chunk %d", i).isLessThanOrEqualTo(200);
			assertThat(chunk.text()).isEqualTo(document.text().substring(chunk.start(), chunk.end()));
			assertThat(chunk.id()).isEqualTo(document.id() + "#" + i);
			if (i > 0) {
				Chunk previous = chunks.get(i - 1);
				assertThat(chunk.start()).as("overlap with chunk %d", i - 1).isLessThan(previous.end());
				assertThat(chunk.start()).as("progress past chunk %d", i - 1).isGreaterThan(previous.start());
			}
		}
		long endingAtABreak = chunks.stream()
			.limit(chunks.size() - 1)
			.filter(c -> c.text().endsWith(". ") || c.text().endsWith("\n\n") || c.text().endsWith("."))
			.count();
		assertThat(endingAtABreak).as("chunks end at sentence or paragraph breaks").isEqualTo(chunks.size() - 1);
	}

	@Test
	void idsAreStableAndAShortDocumentIsOneChunk() {
		Document document = document(sentences(300));
		assertThat(new Chunker("cl100k_base", 200, 30).chunk(document))
			.isEqualTo(new Chunker("cl100k_base", 200, 30).chunk(document));

		List<Chunk> one = new Chunker("cl100k_base", 200, 30).chunk(document("A short note."));
		assertThat(one).hasSize(1);
		assertThat(one.get(0).text()).isEqualTo("A short note.");
	}

	@Test
	void chunksKnowTheirPages() throws Exception {
		Path pdf = DocumentParserTest.pdf(this.root.resolve("p.pdf"),
				List.of("First page about the sun and its light.", "Second page about the moon and the tides."), null);
		try (DocumentParser parser = new DocumentParser(1_000_000, 100_000, Duration.ofSeconds(30))) {
			Document document = parser.parse(this.root, pdf);

			List<Chunk> chunks = new Chunker("cl100k_base", 16, 2).chunk(document);

			assertThat(chunks.get(0).firstPage()).isEqualTo(1);
			assertThat(chunks.get(chunks.size() - 1).lastPage()).isEqualTo(2);
			assertThat(chunks).anySatisfy(c -> assertThat(c.text()).contains("moon").satisfies(t -> assertThat(c.lastPage()).isEqualTo(2)));
		}
	}

}
