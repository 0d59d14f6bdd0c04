package com.llamafarm.datasets.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * Cuts a document into windows of at most {@code maxTokens} tokens (a real tokenizer's), each
 * starting {@code overlapTokens} before the previous one ended. Windows end on a character
 * boundary, and, when one lies in the window's last fifth, on the last paragraph or sentence
 * break there, so that a chunk rarely stops mid-sentence.
 */
public final class Chunker {

	private final Encoding encoding;

	private final int maxTokens;

	private final int overlapTokens;

	public Chunker(String tokenizer, int maxTokens, int overlapTokens) {
		if (maxTokens < 16) {
			throw new IllegalArgumentException("chunks need at least 16 tokens");
		}
		if (overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
			throw new IllegalArgumentException("the overlap must be less than half a chunk");
		}
		this.encoding = Encodings.newLazyEncodingRegistry()
			.getEncoding(tokenizer)
			.orElseThrow(() -> new IllegalArgumentException("unknown tokenizer " + tokenizer));
		this.maxTokens = maxTokens;
		this.overlapTokens = overlapTokens;
	}

	public List<Chunk> chunk(Document document) {
		String text = document.text();
		IntArrayList tokens = this.encoding.encodeOrdinary(text);
		int[] charAt = tokenStarts(text, tokens);
		List<Chunk> chunks = new ArrayList<>();
		int first = 0;
		while (first < tokens.size()) {
			int last = Math.min(tokens.size(), first + this.maxTokens);
			int start = charAt[first];
			int end = charAt[last];
			if (last < tokens.size()) {
				int better = naturalBreak(text, start + (end - start) * 4 / 5, end);
				if (better > start) {
					end = better;
					while (last > first + 1 && charAt[last] > end) {
						last--;
					}
				}
			}
			if (end <= start) {
				end = Math.min(text.length(), Math.max(start + 1, charAt[Math.min(tokens.size(), first + 1)]));
				last = Math.max(last, first + 1);
			}
			String piece = text.substring(start, end);
			chunks.add(new Chunk(document.id() + "#" + chunks.size(), document, chunks.size(), piece, start, end,
					document.pageAt(start), document.pageAt(Math.max(start, end - 1)),
					this.encoding.countTokensOrdinary(piece)));
			if (last >= tokens.size()) {
				break;
			}
			first = Math.max(first + 1, last - this.overlapTokens);
		}
		return chunks;
	}

	/** The last paragraph break, else sentence end, in [from, to); -1 when there is none. */
	private static int naturalBreak(String text, int from, int to) {
		int paragraph = text.lastIndexOf("\n\n", to - 1);
		if (paragraph >= from) {
			return paragraph + 2;
		}
		for (int i = to - 1; i > from; i--) {
			char c = text.charAt(i - 1);
			if ((c == '.' || c == '!' || c == '?' || c == '\n') && Character.isWhitespace(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The character offset where each token starts, plus the text's length at the end. A token
	 * that starts inside a character (byte-level tokens split multi-byte characters) is moved to
	 * the character's start.
	 */
	private int[] tokenStarts(String text, IntArrayList tokens) {
		int[] starts = new int[tokens.size() + 1];
		int charIndex = 0;
		int byteInChar = 0;
		int bytesOfChar = text.isEmpty() ? 0 : utf8Length(text, 0);
		for (int t = 0; t < tokens.size(); t++) {
			starts[t] = charIndex;
			IntArrayList one = new IntArrayList(1);
			one.add(tokens.get(t));
			int bytes = this.encoding.decodeBytes(one).length;
			while (bytes > 0 && charIndex < text.length()) {
				int take = Math.min(bytes, bytesOfChar - byteInChar);
				bytes -= take;
				byteInChar += take;
				if (byteInChar == bytesOfChar) {
					charIndex += Character.charCount(text.codePointAt(charIndex));
					byteInChar = 0;
					bytesOfChar = charIndex < text.length() ? utf8Length(text, charIndex) : 0;
				}
			}
		}
		starts[tokens.size()] = text.length();
		return starts;
	}

	private static int utf8Length(String text, int index) {
		int codePoint = text.codePointAt(index);
		return new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
	}

}
