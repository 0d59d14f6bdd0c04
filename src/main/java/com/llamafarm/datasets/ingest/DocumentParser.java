package com.llamafarm.datasets.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.SecureContentHandler;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a document's text with Apache Tika (PDF, text, Markdown, HTML, DOCX and the rest of
 * Tika's standard parsers), with bounds: a file over {@code maxBytes}, text that expands past
 * {@code maxChars} or a suspicious compression ratio (zip bombs), and a parse that takes longer
 * than {@code timeout} each reject that document, never the job. An encrypted or corrupt
 * document is rejected with its reason.
 *
 * <p>
 * A parse that hangs is abandoned on a daemon thread, which cannot be killed: Tika advises
 * parsing untrusted input in another process, which this does not do yet.
 */
public final class DocumentParser implements AutoCloseable {

	private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
			"br", "pre", "blockquote");

	private final Parser parser = new AutoDetectParser();

	private final long maxBytes;

	private final int maxChars;

	private final Duration timeout;

	private final ExecutorService worker = Executors.newCachedThreadPool(r -> {
		Thread thread = new Thread(r, "llamafarm-parse");
		thread.setDaemon(true);
		return thread;
	});

	public DocumentParser(long maxBytes, int maxChars, Duration timeout) {
		this.maxBytes = maxBytes;
		this.maxChars = maxChars;
		this.timeout = timeout;
	}

	/**
	 * @param root the source folder
	 * @param file a file under it
	 */
	public Document parse(Path root, Path file) throws DocumentException {
		String relative = root.relativize(file).toString().replace('\\', '/');
		long size;
		try {
			size = Files.size(file);
		}
		catch (IOException ex) {
			throw new DocumentException("unreadable", relative + ": cannot read: " + ex.getMessage(), ex);
		}
		if (size > this.maxBytes) {
			throw new DocumentException("too_large", relative + ": " + size + " bytes, over the limit of " + this.maxBytes,
					null);
		}
		Future<Document> parse = this.worker.submit(() -> parseNow(file, relative));
		try {
			return parse.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			parse.cancel(true);
			throw new DocumentException("timeout", relative + ": parsing took longer than " + this.timeout.toSeconds()
					+ " s; skipped", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DocumentException("timeout", relative + ": interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof DocumentException document) {
				throw document;
			}
			throw new DocumentException("corrupt", relative + ": " + rootMessage(ex.getCause()), ex.getCause());
		}
	}

	private Document parseNow(Path file, String relative) throws DocumentException {
		Metadata metadata = new Metadata();
		metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
		TextHandler text = new TextHandler(this.maxChars);
		try (TikaInputStream in = TikaInputStream.get(file)) {
			SecureContentHandler secure = new SecureContentHandler(text, in);
			secure.setMaximumCompressionRatio(200);
			secure.setOutputThreshold(1_000_000);
			try {
				this.parser.parse(in, secure, metadata, new ParseContext());
			}
			catch (SAXException ex) {
				secure.throwIfCauseOf(ex);
				throw ex;
			}
		}
		catch (EncryptedDocumentException ex) {
			throw new DocumentException("encrypted", relative + ": encrypted; skipped", ex);
		}
		catch (Exception ex) {
			if (text.limitReached) {
				throw new DocumentException("expands_too_far",
						relative + ": the text expands past " + this.maxChars + " characters; skipped", ex);
			}
			String message = rootMessage(ex);
			String reason = message.toLowerCase().contains("zip bomb") ? "expands_too_far" : "corrupt";
			throw new DocumentException(reason, relative + ": cannot be parsed: " + message, ex);
		}
		String all = text.text();
		int lead = 0;
		while (lead < all.length() && Character.isWhitespace(all.charAt(lead))) {
			lead++;
		}
		String body = all.substring(lead).stripTrailing();
		List<Integer> pages = new ArrayList<>();
		for (int start : text.pageStarts()) {
			pages.add(Math.min(body.length(), Math.max(0, start - lead)));
		}
		if (body.isEmpty()) {
			throw new DocumentException("empty", relative + ": no text (a scanned PDF needs OCR)", null);
		}
		String title = metadata.get(TikaCoreProperties.TITLE);
		if (title == null || title.isBlank()) {
			title = file.getFileName().toString();
		}
		Map<String, String> other = new TreeMap<>();
		for (String name : metadata.names()) {
			String value = metadata.get(name);
			if (value != null && value.length() < 500 && !name.startsWith("X-TIKA") && !name.startsWith("pdf:unmapped")) {
				other.put(name, value);
			}
		}
		return new Document(id(relative, body), relative, title.strip(), body, pages,
				metadata.get(Metadata.CONTENT_TYPE), other);
	}

	static String id(String relative, String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(relative.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest(), 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
	}

	@Override
	public void close() {
		this.worker.shutdownNow();
	}

	/** Collects the text, a line break after each block, and where each page starts. */
	static final class TextHandler extends DefaultHandler {

		private final StringBuilder text = new StringBuilder();

		private final List<Integer> pageStarts = new ArrayList<>();

		private final int maxChars;

		private boolean limitReached;

		TextHandler(int maxChars) {
			this.maxChars = maxChars;
		}

		/** Inside the XHTML head: its title is metadata, not text. */
		private boolean inHead;

		@Override
		public void startElement(String uri, String localName, String qName, Attributes attributes) {
			if ("head".equals(localName)) {
				this.inHead = true;
			}
			if ("div".equals(localName) && "page".equals(attributes.getValue("class"))) {
				this.pageStarts.add(this.text.length());
			}
		}

		@Override
		public void endElement(String uri, String localName, String qName) {
			if ("head".equals(localName)) {
				this.inHead = false;
			}
			if (BLOCKS.contains(localName) && this.text.length() > 0 && this.text.charAt(this.text.length() - 1) != '\n') {
				this.text.append('\n');
			}
		}

		@Override
		public void characters(char[] ch, int start, int length) throws TooLong {
			if (this.inHead) {
				return;
			}
			if (this.text.length() + length > this.maxChars) {
				this.limitReached = true;
				throw new TooLong();
			}
			this.text.append(ch, start, length);
		}

		@Override
		public void ignorableWhitespace(char[] ch, int start, int length) throws TooLong {
			characters(ch, start, length);
		}

		String text() {
			return this.text.toString();
		}

		List<Integer> pageStarts() {
			return this.pageStarts;
		}

		static final class TooLong extends SAXException {

			TooLong() {
				super("text limit reached");
			}

		}

	}

}
