package dev.rivulet.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * How an answer was produced: time to first token and total time (from the send), the token count
 * (Ollama's {@code eval_count} when it sent one), tokens per second and Ollama's {@code done_reason}.
 * Embedded in both the message and the run rows, which keep the same columns.
 */
@Embeddable
public record MessageMetrics(
        @Column(name = "ttft_ms") Long ttftMs,
        @Column(name = "total_ms") Long totalMs,
        @Column(name = "tokens") Integer tokens,
        @Column(name = "tokens_per_second") Double tokensPerSecond,
        @Column(name = "done_reason", length = 32) String doneReason) {

    public static final MessageMetrics NONE = new MessageMetrics(null, null, null, null, null);

    /** Hibernate reads an embedded value whose columns are all null as null; callers get {@link #NONE}. */
    public static MessageMetrics orNone(MessageMetrics metrics) {
        return metrics == null ? NONE : metrics;
    }
}
