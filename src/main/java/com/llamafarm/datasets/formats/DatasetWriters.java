package com.llamafarm.datasets.formats;

import java.nio.file.Path;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.json.JsonFileItemWriter;
import org.springframework.batch.infrastructure.item.support.AbstractFileItemWriter;
import org.springframework.core.io.FileSystemResource;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Restartable, transactional writers of dataset files: JSON Lines, or a JSON array when the file
 * name ends in {@code .json}. Records are buffered until the chunk commits, and a restart
 * truncates the file to the offset saved at the last commit. A file found shorter than that
 * offset is an error that names it, never a gap.
 */
public final class DatasetWriters {

	private DatasetWriters() {
	}

	public static boolean isArrayFile(Path path) {
		return path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
	}

	public static AbstractFileItemWriter<ObjectNode> forPath(String name, Path path, JsonMapper mapper) {
		return isArrayFile(path) ? array(name, path, mapper) : jsonLines(name, path, mapper);
	}

	public static AbstractFileItemWriter<ObjectNode> jsonLines(String name, Path path, JsonMapper mapper) {
		FlatFileItemWriter<ObjectNode> writer = new FlatFileItemWriter<>(new FileSystemResource(path),
				mapper::writeValueAsString) {
			@Override
			public void open(ExecutionContext context) throws ItemStreamException {
				DatasetWriters.open(path, () -> super.open(context));
			}
		};
		configure(writer, name);
		return writer;
	}

	/** A rejects file: JSON Lines, deleted at the end when nothing was rejected. */
	public static AbstractFileItemWriter<ObjectNode> rejects(Path path, JsonMapper mapper) {
		AbstractFileItemWriter<ObjectNode> writer = jsonLines("rejects", path, mapper);
		writer.setShouldDeleteIfEmpty(true);
		return writer;
	}

	public static AbstractFileItemWriter<ObjectNode> array(String name, Path path, JsonMapper mapper) {
		JsonFileItemWriter<ObjectNode> writer = new JsonFileItemWriter<>(new FileSystemResource(path),
				mapper::writeValueAsString) {
			@Override
			public void open(ExecutionContext context) throws ItemStreamException {
				DatasetWriters.open(path, () -> super.open(context));
			}
		};
		configure(writer, name);
		return writer;
	}

	private static void configure(AbstractFileItemWriter<ObjectNode> writer, String name) {
		writer.setName(name);
		writer.setEncoding("UTF-8");
		writer.setLineSeparator("\n");
		writer.setShouldDeleteIfExists(true);
		writer.setTransactional(true);
	}

	private static void open(Path path, Runnable open) {
		try {
			open.run();
		}
		catch (ItemStreamException ex) {
			String message = ex.getMessage() != null && ex.getMessage().contains("smaller than size at last commit")
					? path + " is shorter than at the last checkpoint: it was changed or truncated since the failed run; "
							+ "restore it or start afresh with --fresh"
					: path + ": cannot open for writing: " + rootMessage(ex);
			throw new ItemStreamException(message, ex);
		}
	}

	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
	}

}
