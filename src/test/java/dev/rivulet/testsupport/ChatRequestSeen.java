package dev.rivulet.testsupport;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * A {@code /api/chat} request as {@link ScriptedOllamaServer} saw it.
 *
 * @param index      0-based position among all chat requests since start/reset
 * @param model      model name as sent
 * @param stream     effective stream flag (Ollama's default is {@code true})
 * @param messages   role/content of each message
 * @param options    the {@code options} object (num_predict, temperature, ...), empty if absent
 * @param raw        the whole request body as JSON tree
 * @param receivedAt when the request was read
 */
public record ChatRequestSeen(int index, String model, boolean stream, List<Message> messages,
		Map<String, Object> options, JsonNode raw, Instant receivedAt) {

	/** One chat message of the request. */
	public record Message(String role, String content) {
	}

	public Optional<Integer> numPredict() {
		return option("num_predict").map(v -> ((Number) v).intValue());
	}

	public Optional<Double> temperature() {
		return option("temperature").map(v -> ((Number) v).doubleValue());
	}

	public Optional<Object> option(String name) {
		return Optional.ofNullable(options.get(name));
	}

	/** Content of the last {@code user} message, or "" if there is none. */
	public String lastUserMessage() {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if ("user".equals(messages.get(i).role())) {
				return messages.get(i).content();
			}
		}
		return "";
	}

}
