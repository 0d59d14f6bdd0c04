package com.llamafarm.datasets.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The documents under a folder, recursively, in a stable order (by path), filtered by the spec's
 * source filters: {@code file_types} (extensions, e.g. {@code pdf}, {@code txt}; all when empty)
 * and {@code domains}. A document's domain is the first folder under the source folder
 * ({@code docs/medical/a.pdf} is {@code medical}); a file directly in the source folder has none
 * and is excluded when domains are given. Hidden files and folders are skipped. The list holds
 * paths only (not contents), so a million-file corpus costs a few tens of megabytes.
 */
public final class DocumentSource {

	private final Path root;

	private final Set<String> fileTypes;

	private final Set<String> domains;

	public DocumentSource(Path root, Collection<String> fileTypes, Collection<String> domains) {
		this.root = root;
		this.fileTypes = fileTypes.stream()
			.map(t -> t.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
			.collect(Collectors.toUnmodifiableSet());
		this.domains = Set.copyOf(domains);
	}

	/** The files to read, sorted by their path under the source folder. */
	public List<Path> files() {
		if (!Files.isDirectory(this.root)) {
			throw new UncheckedIOException(new IOException(this.root + ": not a folder"));
		}
		try (Stream<Path> walk = Files.walk(this.root, FileVisitOption.FOLLOW_LINKS)) {
			return walk.filter(Files::isRegularFile)
				.filter(this::visible)
				.filter(this::wanted)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The domain of a file: the first folder under the source folder, or {@code null}. */
	public String domainOf(Path file) {
		Path relative = this.root.relativize(file);
		return relative.getNameCount() > 1 ? relative.getName(0).toString() : null;
	}

	private boolean visible(Path file) {
		for (Path part : this.root.relativize(file)) {
			if (part.toString().startsWith(".")) {
				return false;
			}
		}
		return true;
	}

	private boolean wanted(Path file) {
		if (!this.fileTypes.isEmpty()) {
			String name = file.getFileName().toString();
			int dot = name.lastIndexOf('.');
			String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
			if (!this.fileTypes.contains(extension)) {
				return false;
			}
		}
		if (this.domains.isEmpty()) {
			return true;
		}
		String domain = domainOf(file);
		return domain != null && this.domains.contains(domain);
	}

}
