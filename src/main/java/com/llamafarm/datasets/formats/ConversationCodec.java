package com.llamafarm.datasets.formats;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.llamafarm.datasets.model.Example;
import com.llamafarm.datasets.model.Message;
import com.llamafarm.datasets.model.Role;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A format that holds a conversation as an array of turns, each an object with a role key and a
 * content key: ChatML ({@code messages} of {@code role}/{@code content}), ShareGPT
 * ({@code conversations} of {@code from}/{@code value}) and custom conversation shapes. Keys of a
 * turn other than the two are carried through untouched.
 */
public final class ConversationCodec implements Codec {

	private final DatasetFormat format;

	private final String turnsKey;

	private final String roleKey;

	private final String contentKey;

	private final Map<String, Role> rolesByName;

	private final Map<Role, String> namesByRole;

	private final String systemField;

	private final String decodeSystemField;

	private final Set<String> known;

	/**
	 * @param rolesByName every accepted role name (lower case) and its role
	 * @param namesByRole the name written for each role
	 * @param systemField a top-level key that holds the system prompt when decoding, and receives
	 * it when encoding if {@code writeSystemField}; {@code null} for none
	 */
	ConversationCodec(DatasetFormat format, String turnsKey, String roleKey, String contentKey,
			Map<String, Role> rolesByName, Map<Role, String> namesByRole, String systemField,
			boolean writeSystemField) {
		this.format = format;
		this.turnsKey = turnsKey;
		this.roleKey = roleKey;
		this.contentKey = contentKey;
		this.rolesByName = Map.copyOf(rolesByName);
		this.namesByRole = new EnumMap<>(namesByRole);
		this.systemField = writeSystemField ? systemField : null;
		Set<String> keys = new HashSet<>(Set.of(turnsKey, "metadata"));
		if (systemField != null) {
			keys.add(systemField);
		}
		this.known = Set.copyOf(keys);
		this.decodeSystemField = systemField;
	}

	public static ConversationCodec chatMl() {
		Map<String, Role> roles = Map.of("system", Role.SYSTEM, "user", Role.USER, "assistant", Role.ASSISTANT,
				"function_call", Role.FUNCTION_CALL, "tool_call", Role.FUNCTION_CALL, "tool", Role.OBSERVATION,
				"observation", Role.OBSERVATION, "function", Role.OBSERVATION);
		Map<Role, String> names = Map.of(Role.SYSTEM, "system", Role.USER, "user", Role.ASSISTANT, "assistant",
				Role.FUNCTION_CALL, "function_call", Role.OBSERVATION, "tool");
		return new ConversationCodec(DatasetFormat.CHATML, "messages", "role", "content", roles, names, null, false);
	}

	/**
	 * @param systemAsField write the system prompt as a top-level {@code system} key (LLaMA-Factory)
	 * rather than as a {@code system} turn; both are read
	 */
	public static ConversationCodec shareGpt(boolean systemAsField) {
		Map<String, Role> roles = Map.ofEntries(Map.entry("system", Role.SYSTEM), Map.entry("human", Role.USER),
				Map.entry("user", Role.USER), Map.entry("gpt", Role.ASSISTANT), Map.entry("assistant", Role.ASSISTANT),
				Map.entry("chatgpt", Role.ASSISTANT), Map.entry("bing", Role.ASSISTANT), Map.entry("bard", Role.ASSISTANT),
				Map.entry("model", Role.ASSISTANT), Map.entry("function_call", Role.FUNCTION_CALL),
				Map.entry("observation", Role.OBSERVATION), Map.entry("tool", Role.OBSERVATION));
		Map<Role, String> names = Map.of(Role.SYSTEM, "system", Role.USER, "human", Role.ASSISTANT, "gpt",
				Role.FUNCTION_CALL, "function_call", Role.OBSERVATION, "observation");
		return new ConversationCodec(DatasetFormat.SHAREGPT, "conversations", "from", "value", roles, names, "system",
				systemAsField);
	}

	/** A custom conversation shape from config: its keys and the names it gives each role. */
	public static ConversationCodec custom(String turnsKey, String roleKey, String contentKey,
			Map<Role, String> names) {
		Map<String, Role> roles = new java.util.HashMap<>();
		for (Role role : Role.values()) {
			roles.put(role.id(), role);
		}
		Map<Role, String> written = new EnumMap<>(Role.class);
		for (Role role : Role.values()) {
			written.put(role, role.id());
		}
		names.forEach((role, name) -> {
			roles.put(name.toLowerCase(Locale.ROOT), role);
			written.put(role, name);
		});
		return new ConversationCodec(DatasetFormat.CUSTOM, turnsKey, roleKey, contentKey, roles, written, null, false);
	}

	@Override
	public DatasetFormat format() {
		return this.format;
	}

	@Override
	public boolean matches(JsonNode record) {
		JsonNode turns = record.get(this.turnsKey);
		return turns != null && turns.isArray();
	}

	@Override
	public Example decode(ObjectNode record) {
		JsonNode turns = record.get(this.turnsKey);
		if (turns == null || turns.isNull()) {
			throw RecordException.missing(this.turnsKey);
		}
		if (!turns.isArray()) {
			throw RecordException.wrongType(this.turnsKey, "an array of turns", Fields.typeName(turns));
		}
		if (turns.isEmpty()) {
			// a system prompt alone is no conversation either
			throw new RecordException(this.turnsKey, "empty_conversation", "'" + this.turnsKey + "' has no turns");
		}
		List<Message> messages = new ArrayList<>(turns.size() + 1);
		String system = this.decodeSystemField != null
				? Fields.optionalString(record, this.decodeSystemField, this.decodeSystemField) : null;
		if (system != null && !system.isEmpty()) {
			messages.add(new Message(Role.SYSTEM, system));
		}
		for (int i = 0; i < turns.size(); i++) {
			messages.add(decodeTurn(turns.get(i), this.turnsKey + "[" + i + "]"));
		}
		ObjectNode fields = Fields.rest(record, this.known);
		return new Example(AlpacaCodec.idOf(fields), messages, fields, Fields.metadata(record));
	}

	private Message decodeTurn(JsonNode turn, String path) {
		if (!turn.isObject()) {
			throw RecordException.wrongType(path, "an object", Fields.typeName(turn));
		}
		String name = Fields.requiredString(turn, this.roleKey, path + "." + this.roleKey);
		Role role = this.rolesByName.get(name.toLowerCase(Locale.ROOT));
		if (role == null) {
			throw new RecordException(path + "." + this.roleKey, "unknown_role", "unknown role '" + name + "' in "
					+ path + "." + this.roleKey + " (known: " + String.join(", ", this.rolesByName.keySet().stream().sorted().toList()) + ")");
		}
		String content = Fields.requiredString(turn, this.contentKey, path + "." + this.contentKey);
		ObjectNode extra = null;
		if (turn.size() > 2) {
			extra = Fields.rest((ObjectNode) turn, Set.of(this.roleKey, this.contentKey));
		}
		return new Message(role, content, extra);
	}

	@Override
	public ObjectNode encode(Example example, ConversionNotes notes) {
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		List<Message> messages = example.messages();
		int first = 0;
		if (this.systemField != null && !messages.isEmpty() && messages.get(0).role() == Role.SYSTEM) {
			out.put(this.systemField, messages.get(0).content());
			first = 1;
		}
		ArrayNode turns = JsonNodeFactory.instance.arrayNode(messages.size());
		for (int i = first; i < messages.size(); i++) {
			Message message = messages.get(i);
			ObjectNode turn = turns.addObject();
			turn.put(this.roleKey, this.namesByRole.get(message.role()));
			turn.put(this.contentKey, message.content());
			if (message.hasExtra()) {
				message.extra().properties().forEach(e -> {
					if (!turn.has(e.getKey())) {
						turn.set(e.getKey(), e.getValue());
					}
				});
			}
		}
		// the turns come first, as readers of these formats expect
		ObjectNode ordered = JsonNodeFactory.instance.objectNode();
		ordered.set(this.turnsKey, turns);
		ordered.setAll(out);
		return Fields.finish(ordered, example, Set.of());
	}

}
