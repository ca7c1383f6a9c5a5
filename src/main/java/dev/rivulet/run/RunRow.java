package dev.rivulet.run;

import java.time.Instant;
import java.util.UUID;

/** One run as the admin views read it: who, what, when, how fast, how it ended. */
public record RunRow(UUID runId, long userId, UUID conversationId, String workflow, String model, Double temperature,
        Integer maxTokens, RunStatus status, Instant startedAt, Instant endedAt, Long ttftMs, Long totalMs,
        Integer tokens, Double tokensPerSecond, String errorTitle, String errorDetail, String traceId) {

    static RunRow of(RunRecord r) {
        var m = r.getMetrics();
        return new RunRow(r.getId(), r.getUserId(), r.getConversationId(), r.getWorkflow(), r.getModel(),
                r.getTemperature(), r.getMaxTokens(), r.getStatus(), r.getStartedAt(), r.getEndedAt(), m.ttftMs(),
                m.totalMs(), m.tokens(), m.tokensPerSecond(), r.getErrorTitle(), r.getErrorDetail(), r.getTraceId());
    }

    public boolean ended() {
        return status != RunStatus.RUNNING;
    }
}
