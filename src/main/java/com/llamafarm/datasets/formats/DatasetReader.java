package com.llamafarm.datasets.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

import com.llamafarm.datasets.pipeline.Progress;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams the records of a dataset file, JSON Lines or a JSON array (told apart by the first
 * byte), one {@link SourceRecord} at a time. A JSON Lines record that is not valid UTF-8, not
 * valid JSON or not an object comes out as an unreadable record with its line number, so that it
 * goes to rejects and the rest is read. A JSON array cannot be read past a syntax error: that
 * fails with the line and column.
 *
 * <p>
 * Restartable: JSON Lines restarts at the byte offset saved at the last commit; a JSON array
 * re-reads and skips the records already done.
 */
public class DatasetReader extends AbstractItemCountingItemStreamItemReader<SourceRecord> {

	private static final String OFFSET = "offset";

	private static final String LINE = "line";

	private final Path path;

	private final JsonMapper mapper;

	/** Reads one element of an array at a time: what follows it is the next element, not an error. */
	private final ObjectReader elementReader;

	private FileChannel channel;

	private InputStream in;

	private boolean array;

	private JsonParser parser;

	private long offset;

	private long line;

	private long savedOffset = -1;

	private long savedLine;

	public DatasetReader(Path path, JsonMapper mapper) {
		this.path = path;
		this.mapper = mapper;
		this.elementReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		setName("input");
	}

	/** Bytes consumed so far, for progress. */
	public long position() {
		if (this.array && this.parser != null) {
			return this.parser.currentLocation().getByteOffset();
		}
		return this.offset;
	}

	public Path path() {
		return this.path;
	}

	/** Progress of a step reading this file: records, rate, percent of its bytes, ETA. */
	public Progress progress(java.time.Duration interval) throws IOException {
		return new Progress(this::position, java.nio.file.Files.size(this.path), Progress.onTerminal(), interval,
				System.err);
	}

	@Override
	public void open(ExecutionContext context) throws ItemStreamException {
		String offsetKey = getExecutionContextKey(OFFSET);
		if (context.containsKey(offsetKey)) {
			this.savedOffset = context.getLong(offsetKey);
			this.savedLine = context.getLong(getExecutionContextKey(LINE));
		}
		super.open(context);
	}

	@Override
	public void update(ExecutionContext context) throws ItemStreamException {
		super.update(context);
		if (!this.array) {
			context.putLong(getExecutionContextKey(OFFSET), this.offset);
			context.putLong(getExecutionContextKey(LINE), this.line);
		}
	}

	@Override
	protected void doOpen() throws Exception {
		this.channel = FileChannel.open(this.path, StandardOpenOption.READ);
		this.in = new BufferedInputStream(Channels.newInputStream(this.channel), 1 << 16);
		this.offset = 0;
		this.line = 0;
		int first = firstSignificantByte();
		this.array = first == '[';
		if (this.array) {
			this.channel.position(0);
			this.in = new BufferedInputStream(Channels.newInputStream(this.channel), 1 << 16);
			this.parser = this.mapper.createParser(this.in);
			JsonToken token = this.parser.nextToken();
			if (token != JsonToken.START_ARRAY) {
				throw new ItemStreamException(this.path + ": expected a JSON array");
			}
		}
		else {
			this.channel.position(0);
			this.in = Channels.newInputStream(this.channel);
			this.bufferStart = this.bufferEnd = 0;
		}
	}

	private int firstSignificantByte() throws IOException {
		int b;
		while ((b = this.in.read()) != -1) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0xEF && b != 0xBB && b != 0xBF) {
				return b;
			}
		}
		return -1;
	}

	@Override
	protected void jumpToItem(int itemIndex) throws Exception {
		if (!this.array && this.savedOffset >= 0) {
			this.channel.position(this.savedOffset);
			this.in = Channels.newInputStream(this.channel);
			this.bufferStart = this.bufferEnd = 0;
			this.offset = this.savedOffset;
			this.line = this.savedLine;
			return;
		}
		super.jumpToItem(itemIndex);
	}

	@Override
	protected SourceRecord doRead() throws Exception {
		return this.array ? readArrayElement() : readLine();
	}

	private SourceRecord readArrayElement() {
		try {
			JsonToken token = this.parser.nextToken();
			if (token == null || token == JsonToken.END_ARRAY) {
				return null;
			}
			long at = this.parser.currentTokenLocation().getLineNr();
			if (token != JsonToken.START_OBJECT) {
				JsonNode value = this.elementReader.readTree(this.parser);
				return SourceRecord.unreadable(at, value.toString(), "not_an_object",
						"expected a JSON object, got " + value.getNodeType().name().toLowerCase());
			}
			ObjectNode record = (ObjectNode) this.elementReader.readTree(this.parser);
			return SourceRecord.of(at, record);
		}
		catch (JacksonException ex) {
			var location = ex.getLocation();
			throw new ItemStreamException(this.path + ": invalid JSON at line " + location.getLineNr() + ", column "
					+ location.getColumnNr() + ": " + ex.getOriginalMessage()
					+ " (a JSON array cannot be read past a syntax error; JSON Lines input can)");
		}
	}

	private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	private byte[] buffer = new byte[1 << 16];

	private int bufferStart;

	private int bufferEnd;

	private byte[] lineBytes = new byte[1 << 12];

	/**
	 * The next line's bytes (without the newline) into {@link #lineBytes}, scanning the buffer in
	 * bulk; the length, or -1 at the end of the file.
	 */
	private int nextLine() throws IOException {
		int length = 0;
		boolean any = false;
		while (true) {
			if (this.bufferStart == this.bufferEnd) {
				int n = this.in.read(this.buffer, 0, this.buffer.length);
				if (n <= 0) {
					return any ? length : -1;
				}
				this.bufferStart = 0;
				this.bufferEnd = n;
			}
			any = true;
			int newline = -1;
			for (int i = this.bufferStart; i < this.bufferEnd; i++) {
				if (this.buffer[i] == '\n') {
					newline = i;
					break;
				}
			}
			int end = newline < 0 ? this.bufferEnd : newline;
			int chunk = end - this.bufferStart;
			if (length + chunk > this.lineBytes.length) {
				this.lineBytes = java.util.Arrays.copyOf(this.lineBytes, Math.max(this.lineBytes.length * 2, length + chunk));
			}
			System.arraycopy(this.buffer, this.bufferStart, this.lineBytes, length, chunk);
			length += chunk;
			this.offset += chunk;
			if (newline >= 0) {
				this.bufferStart = newline + 1;
				this.offset++;
				return length;
			}
			this.bufferStart = this.bufferEnd;
		}
	}

	private SourceRecord readLine() throws IOException {
		while (true) {
			int length = nextLine();
			if (length < 0) {
				return null;
			}
			byte[] bytes = this.lineBytes;
			this.line++;
			if (length > 0 && bytes[length - 1] == '\r') {
				length--;
			}
			int start = 0;
			if (this.line == 1 && length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
					&& (bytes[2] & 0xFF) == 0xBF) {
				start = 3;
			}
			if (isBlank(bytes, start, length)) {
				continue;
			}
			try {
				// Jackson decodes UTF-8 itself: one pass over the bytes in the common case
				JsonNode node = this.mapper.readTree(bytes, start, length - start);
				if (!node.isObject()) {
					return SourceRecord.unreadable(this.line, text(bytes, start, length), "not_an_object",
							"expected a JSON object, got " + node.getNodeType().name().toLowerCase());
				}
				return SourceRecord.of(this.line, (ObjectNode) node);
			}
			catch (JacksonException ex) {
				String text;
				try {
					text = this.utf8.decode(ByteBuffer.wrap(bytes, start, length - start)).toString();
				}
				catch (CharacterCodingException notUtf8) {
					return SourceRecord.unreadable(this.line,
							"base64:" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, start, length)),
							"invalid_utf8", "line is not valid UTF-8");
				}
				return SourceRecord.unreadable(this.line, text, "malformed_json",
						"invalid JSON at column " + (ex.getLocation() != null ? ex.getLocation().getColumnNr() : 0) + ": "
								+ ex.getOriginalMessage());
			}
		}
	}

	private static boolean isBlank(byte[] bytes, int start, int end) {
		for (int i = start; i < end; i++) {
			byte b = bytes[i];
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	private static String text(byte[] bytes, int start, int end) {
		return new String(bytes, start, end - start, StandardCharsets.UTF_8);
	}

	@Override
	protected void doClose() throws Exception {
		if (this.parser != null) {
			this.parser.close();
			this.parser = null;
		}
		if (this.in != null) {
			this.in.close();
			this.in = null;
		}
		this.channel = null;
	}

	/** Reads the first record of a file, for format detection; {@code null} when there is none. */
	public static ObjectNode firstRecord(Path path, JsonMapper mapper) {
		DatasetReader reader = new DatasetReader(path, mapper);
		reader.open(new ExecutionContext());
		try {
			for (int i = 0; i < 100; i++) {
				SourceRecord record = reader.read();
				if (record == null) {
					return null;
				}
				if (record.readable()) {
					return record.record();
				}
			}
			return null;
		}
		catch (Exception ex) {
			return null;
		}
		finally {
			reader.close();
		}
	}

}
