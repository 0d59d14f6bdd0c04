package com.llamafarm.datasets.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** Checks on the files a command is given, each failing with a message that names the file. */
final class Paths {

	private Paths() {
	}

	static Path input(Path path) {
		Path absolute = path.toAbsolutePath().normalize();
		if (!Files.exists(absolute)) {
			throw new UsageException(path + ": no such file");
		}
		if (!Files.isRegularFile(absolute)) {
			throw new UsageException(path + ": not a file");
		}
		if (!Files.isReadable(absolute)) {
			throw new UsageException(path + ": not readable");
		}
		try {
			if (Files.size(absolute) == 0) {
				throw new UsageException(path + ": the file is empty, there are no records to read");
			}
		}
		catch (IOException ex) {
			throw new UsageException(path + ": " + ex.getMessage());
		}
		return absolute;
	}

	/** An output file: its folder must exist or be creatable, and be writable. */
	static Path outputFile(Path path, Path input) {
		Path absolute = path.toAbsolutePath().normalize();
		if (absolute.equals(input)) {
			throw new UsageException(path + ": the output would overwrite the input");
		}
		if (Files.isDirectory(absolute)) {
			throw new UsageException(path + ": is a folder; give a file name such as " + path.resolve("data.jsonl"));
		}
		writableFolder(absolute.getParent(), path);
		if (Files.exists(absolute) && !Files.isWritable(absolute)) {
			throw new UsageException(path + ": not writable");
		}
		return absolute;
	}

	/** An output folder: it must exist or be creatable, and be writable. */
	static Path outputFolder(Path path) {
		Path absolute = path.toAbsolutePath().normalize();
		if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
			throw new UsageException(path + ": exists and is not a folder");
		}
		writableFolder(absolute, path);
		return absolute;
	}

	private static void writableFolder(Path folder, Path named) {
		try {
			Files.createDirectories(folder);
		}
		catch (IOException ex) {
			throw new UsageException(named + ": cannot create the folder " + folder + " (" + ex.getMessage() + ")");
		}
		if (!Files.isWritable(folder)) {
			throw new UsageException(named + ": the folder " + folder + " is not writable");
		}
	}

	/** Size and CRC-32C of a file: what a restart checks to refuse an input that changed. */
	static String fingerprint(Path path) {
		CRC32C crc = new CRC32C();
		byte[] buffer = new byte[1 << 16];
		long size = 0;
		try (InputStream in = Files.newInputStream(path)) {
			int n;
			while ((n = in.read(buffer)) > 0) {
				crc.update(buffer, 0, n);
				size += n;
			}
		}
		catch (IOException ex) {
			throw new UsageException(path + ": cannot read: " + ex.getMessage());
		}
		return "size=" + size + ",crc32c=" + Long.toHexString(crc.getValue());
	}

}
