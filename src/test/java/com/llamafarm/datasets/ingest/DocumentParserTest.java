package com.llamafarm.datasets.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Tika on documents the tests make: PDF, DOCX, HTML, Markdown, text, and bad ones. */
class DocumentParserTest {

	@TempDir
	Path root;

	private final DocumentParser parser = new DocumentParser(5_000_000, 200_000, Duration.ofSeconds(30));

	@AfterEach
	void close() {
		this.parser.close();
	}

	static Path pdf(Path file, List<String> pages, String password) throws Exception {
		Files.createDirectories(file.getParent());
		try (PDDocument document = new PDDocument()) {
			for (String text : pages) {
				PDPage page = new PDPage();
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
					content.newLineAtOffset(72, 700);
					content.showText(text);
					content.endText();
				}
			}
			document.getDocumentInformation().setTitle("Orbital Mechanics");
			if (password != null) {
				StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", password, new AccessPermission());
				policy.setEncryptionKeyLength(128);
				document.protect(policy);
			}
			document.save(file.toFile());
		}
		return file;
	}

	@Test
	void aPdfGivesItsTextTitleAndPages() throws Exception {
		Path file = pdf(this.root.resolve("docs/orbit.pdf"), List.of("The Earth orbits the Sun once a year.",
				"The Moon orbits the Earth in about 27 days."), null);

		Document document = this.parser.parse(this.root, file);

		assertThat(document.path()).isEqualTo("docs/orbit.pdf");
		assertThat(document.title()).isEqualTo("Orbital Mechanics");
		assertThat(document.mediaType()).isEqualTo("application/pdf");
		assertThat(document.pageStarts()).hasSize(2);
		int moon = document.text().indexOf("The Moon");
		assertThat(document.pageAt(document.text().indexOf("The Earth orbits"))).isEqualTo(1);
		assertThat(document.pageAt(moon)).isEqualTo(2);
		assertThat(this.parser.parse(this.root, file).id()).as("stable id").isEqualTo(document.id());
	}

	@Test
	void docxHtmlMarkdownAndTextAreRead() throws Exception {
		Path docx = this.root.resolve("memo.docx");
		try (XWPFDocument word = new XWPFDocument(); OutputStream out = Files.newOutputStream(docx)) {
			word.createParagraph().createRun().setText("Quarterly revenue grew by 12 percent.");
			word.createParagraph().createRun().setText("Costs fell.");
			word.write(out);
		}
		Path html = Files.writeString(this.root.resolve("page.html"),
				"<html><head><title>Photosynthesis</title></head><body><h1>Plants</h1><p>Plants turn light into sugar.</p>"
						+ "<script>var x = 1;</script></body></html>");
		Path markdown = Files.writeString(this.root.resolve("notes.md"), "# Tides\n\nThe Moon pulls the oceans.\n");
		Path text = Files.writeString(this.root.resolve("plain.txt"), "Water boils at 100 °C at sea level.\n");

		assertThat(this.parser.parse(this.root, docx).text()).contains("Quarterly revenue grew by 12 percent.")
			.contains("Costs fell.");
		Document page = this.parser.parse(this.root, html);
		assertThat(page.title()).isEqualTo("Photosynthesis");
		assertThat(page.text()).contains("Plants turn light into sugar.").doesNotContain("var x");
		assertThat(this.parser.parse(this.root, markdown).text()).contains("The Moon pulls the oceans.");
		Document plain = this.parser.parse(this.root, text);
		assertThat(plain.text()).isEqualTo("Water boils at 100 °C at sea level.");
		assertThat(plain.title()).isEqualTo("plain.txt");
		assertThat(plain.pageStarts()).isEmpty();
	}

	@Test
	void badDocumentsAreRejectedWithTheirReason() throws Exception {
		Path encrypted = pdf(this.root.resolve("secret.pdf"), List.of("Top secret."), "user-password");
		Path corrupt = Files.writeString(this.root.resolve("broken.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage");
		Path empty = pdf(this.root.resolve("blank.pdf"), List.of(""), null);
		Path huge = Files.writeString(this.root.resolve("huge.txt"), "word ".repeat(50_000));
		DocumentParser small = new DocumentParser(100_000, 1_000_000, Duration.ofSeconds(30));

		assertThat(reason(this.parser, encrypted)).isEqualTo("encrypted");
		assertThat(reason(this.parser, corrupt)).isEqualTo("corrupt");
		assertThat(reason(this.parser, empty)).isEqualTo("empty");
		assertThat(reason(this.parser, huge)).as("250,000 characters against a limit of 200,000").isEqualTo("expands_too_far");
		assertThat(reason(small, huge)).as("250,000 bytes against a limit of 100,000").isEqualTo("too_large");
		small.close();
	}

	private String reason(DocumentParser parser, Path file) {
		DocumentException ex = catchThrowableOfType(DocumentException.class, () -> parser.parse(this.root, file));
		assertThat(ex).as(file.toString()).isNotNull();
		assertThat(ex.getMessage()).startsWith(this.root.relativize(file).toString());
		return ex.reason();
	}

}
