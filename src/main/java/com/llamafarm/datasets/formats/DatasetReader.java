package com.llamafarm.datasets.formats;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
			this.in = new BufferedInputStream(Channels.newInputStream(this.channel), 1 << 16);
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
			this.in = new BufferedInputStream(Channels.newInputStream(this.channel), 1 << 16);
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

	private final ByteArrayOutputStream lineBuffer = new ByteArrayOutputStream(1024);

	private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	private SourceRecord readLine() throws IOException {
		while (true) {
			this.lineBuffer.reset();
			int b;
			boolean any = false;
			while ((b = this.in.read()) != -1) {
				any = true;
				this.offset++;
				if (b == '\n') {
					break;
				}
				this.lineBuffer.write(b);
			}
			if (!any) {
				return null;
			}
			this.line++;
			byte[] bytes = this.lineBuffer.toByteArray();
			int length = bytes.length;
			if (length > 0 && bytes[length - 1] == '\r') {
				length--;
			}
			int start = 0;
			if (this.line == 1 && length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
					&& (bytes[2] & 0xFF) == 0xBF) {
				start = 3;
			}
			String text;
			try {
				text = this.utf8.decode(ByteBuffer.wrap(bytes, start, length - start)).toString();
			}
			catch (CharacterCodingException ex) {
				return SourceRecord.unreadable(this.line,
						"base64:" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, start, length)),
						"invalid_utf8", "line is not valid UTF-8");
			}
			if (text.isBlank()) {
				continue;
			}
			try {
				JsonNode node = this.mapper.readTree(text);
				if (!node.isObject()) {
					return SourceRecord.unreadable(this.line, text, "not_an_object",
							"expected a JSON object, got " + node.getNodeType().name().toLowerCase());
				}
				return SourceRecord.of(this.line, (ObjectNode) node);
			}
			catch (JacksonException ex) {
				return SourceRecord.unreadable(this.line, text, "malformed_json",
						"invalid JSON at column " + (ex.getLocation() != null ? ex.getLocation().getColumnNr() : 0) + ": "
								+ ex.getOriginalMessage());
			}
		}
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
