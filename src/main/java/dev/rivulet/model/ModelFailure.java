package dev.rivulet.model;

/**
 * A model call that went wrong, said so a person can act on it.
 *
 * @param title            short headline, e.g. "Model not found"
 * @param detail           what happened and what to do, e.g. "Run 'ollama pull llama3.2'."
 * @param transientFailure worth retrying (connection refused, 5xx, 429): the server may recover
 * @param streamingRefused the server answered a streaming request with a 4xx: a plain call may work
 */
public record ModelFailure(String title, String detail, boolean transientFailure, boolean streamingRefused) {
}
