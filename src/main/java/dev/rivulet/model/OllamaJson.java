package dev.rivulet.model;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a string field of the small JSON objects Ollama answers with outside the chat stream: the
 * {@code {"error": …}} of a failed request and the {@code {"version": …}} of {@code /api/version}.
 * The object may follow other text (Spring AI puts the body after the status in its exception
 * messages) and be followed by more; escapes are JSON's, all of them.
 */
final class OllamaJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private OllamaJson() {
    }

    /** The string value of {@code field} in the first JSON object of {@code text}; empty if there is none. */
    static Optional<String> stringField(String text, String field) {
        if (text == null) {
            return Optional.empty();
        }
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
            try {
                JsonNode value = JSON.readTree(text.substring(start)).get(field);
                return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
            } catch (JacksonException notAnObjectHere) {
                // a brace that starts no JSON object: try the next one
            }
        }
        return Optional.empty();
    }
}
