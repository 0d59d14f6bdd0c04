package com.llamafarm.datasets.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Finishes what the convert step's writers finish when they close, for the run where a kill
 * came after the step committed but before they closed: a JSON array gets its closing bracket
 * (exactly as the writer writes it), an empty rejects file goes. Runs on every start and does
 * nothing when all is done.
 */
class ConvertFinishTasklet implements Tasklet {

	/** What {@code JsonFileItemWriter} writes when it closes, with our line separator. */
	static final String ARRAY_FOOTER = "\n]\n";

	private final Path output;

	private final Path rejects;

	ConvertFinishTasklet(Path output, Path rejects) {
		this.output = output;
		this.rejects = rejects;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
		if (DatasetWriters.isArrayFile(this.output) && Files.exists(this.output)) {
			closeArray(this.output);
		}
		if (Files.exists(this.rejects) && Files.size(this.rejects) == 0) {
			Files.delete(this.rejects);
		}
		return RepeatStatus.FINISHED;
	}

	static void closeArray(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long end = channel.size();
			ByteBuffer one = ByteBuffer.allocate(1);
			long last = end - 1;
			while (last >= 0) {
				one.clear();
				channel.read(one, last);
				byte b = one.get(0);
				if (b != '\n' && b != '\r' && b != ' ' && b != '\t') {
					break;
				}
				last--;
			}
			if (last >= 0 && one.get(0) == ']') {
				return;
			}
			// a record ends with '}', the opening bracket is '[': the footer is missing or cut short
			channel.truncate(last + 1);
			channel.write(ByteBuffer.wrap(ARRAY_FOOTER.getBytes(StandardCharsets.UTF_8)), last + 1);
		}
	}

}
