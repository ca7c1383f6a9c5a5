package dev.rivulet.model;

import java.util.List;

/**
 * One request to the model: the conversation so far and the knobs a person can turn.
 * {@code maxTokens} becomes Ollama's {@code num_predict}.
 */
public record ModelRequest(String model, List<Turn> messages, Double temperature, Integer maxTokens) {

    public ModelRequest {
        messages = List.copyOf(messages);
    }

    /** One message in the prompt; role is {@code system}, {@code user} or {@code assistant}. */
    public record Turn(String role, String content) {
    }
}
