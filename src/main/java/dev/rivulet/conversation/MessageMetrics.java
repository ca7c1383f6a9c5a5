package dev.rivulet.conversation;

/**
 * How an answer was produced: time to first token and total time (from the send), the token count
 * (Ollama's {@code eval_count} when it sent one), tokens per second and Ollama's {@code done_reason}.
 */
public record MessageMetrics(Long ttftMs, Long totalMs, Integer tokens, Double tokensPerSecond, String doneReason) {

    public static final MessageMetrics NONE = new MessageMetrics(null, null, null, null, null);
}
