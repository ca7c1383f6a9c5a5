package dev.rivulet.run;

import dev.rivulet.conversation.MessageMetrics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published once when a run ends, whatever the end; features listen instead of being called.
 * {@code events} is the run's whole event log, in order (raw: listeners that store it redact it).
 */
public record RunFinished(UUID runId, long userId, UUID conversationId, String workflow, String model,
        Double temperature, Integer maxTokens, RunStatus status, MessageMetrics metrics, String errorTitle,
        Instant startedAt, List<RunEvent> events) {
}
