package com.llamafarm.datasets.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSON array left without its closing bracket by a kill after the last commit is closed. */
class ConvertFinishTaskletTest {

	@TempDir
	Path dir;

	private String close(String content) throws Exception {
		Path file = Files.writeString(this.dir.resolve("out.json"), content);
		ConvertFinishTasklet.closeArray(file);
		return Files.readString(file);
	}

	@Test
	void appendsTheFooterTheWriterWouldHaveWritten() throws Exception {
		assertThat(close("[\n {\"a\":1},\n {\"b\":2}")).isEqualTo("[\n {\"a\":1},\n {\"b\":2}\n]\n");
	}

	@Test
	void completesAFooterCutShort() throws Exception {
		assertThat(close("[\n {\"a\":1}\n")).isEqualTo("[\n {\"a\":1}\n]\n");
	}

	@Test
	void leavesAClosedArrayAlone() throws Exception {
		assertThat(close("[\n {\"a\":1}\n]\n")).isEqualTo("[\n {\"a\":1}\n]\n");
	}

	@Test
	void closesAnArrayWithNoRecords() throws Exception {
		assertThat(close("[")).isEqualTo("[\n]\n");
	}

}
