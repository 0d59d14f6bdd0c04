package com.llamafarm.datasets.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentSourceTest {

	@TempDir
	Path root;

	@BeforeEach
	void corpus() throws Exception {
		for (String file : List.of("medical/b.pdf", "medical/a.TXT", "technical/deep/c.txt", "legal/d.txt", "top.txt",
				"medical/.hidden.txt", ".git/config.txt", "technical/e.docx")) {
			Path path = this.root.resolve(file);
			Files.createDirectories(path.getParent());
			Files.writeString(path, "x");
		}
	}

	private List<String> names(DocumentSource source) {
		return source.files().stream().map(p -> this.root.relativize(p).toString()).toList();
	}

	@Test
	void filtersByTypeAndDomainInAStableOrder() {
		assertThat(names(new DocumentSource(this.root, List.of(), List.of()))).containsExactly("legal/d.txt",
				"medical/a.TXT", "medical/b.pdf", "technical/deep/c.txt", "technical/e.docx", "top.txt");
		assertThat(names(new DocumentSource(this.root, List.of("pdf", ".txt"), List.of("medical", "technical"))))
			.containsExactly("medical/a.TXT", "medical/b.pdf", "technical/deep/c.txt");
	}

	@Test
	void theDomainIsTheFirstFolder() {
		DocumentSource source = new DocumentSource(this.root, List.of(), List.of());
		assertThat(source.domainOf(this.root.resolve("technical/deep/c.txt"))).isEqualTo("technical");
		assertThat(source.domainOf(this.root.resolve("top.txt"))).isNull();
	}

}
