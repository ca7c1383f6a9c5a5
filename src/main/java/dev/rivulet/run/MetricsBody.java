package dev.rivulet.run;

import dev.rivulet.conversation.MessageMetrics;

/**
 * A run's figures on the wire, each null until known: time to first token and total time (from the
 * send), the token count, tokens per second and the model server's done reason.
 */
public record MetricsBody(Long ttftMs, Long totalMs, Integer tokens, Double tokensPerSecond, String doneReason) {

    public static MetricsBody of(MessageMetrics metrics) {
        return new MetricsBody(metrics.ttftMs(), metrics.totalMs(), metrics.tokens(), metrics.tokensPerSecond(),
                metrics.doneReason());
    }

    public MessageMetrics toMessageMetrics() {
        return new MessageMetrics(ttftMs, totalMs, tokens, tokensPerSecond, doneReason);
    }
}
