package dev.rivulet.run;

import dev.rivulet.conversation.MessageMetrics;
import java.util.UUID;

/** Published once when a run ends, whatever the end; features listen instead of being called. */
public record RunFinished(UUID runId, long userId, UUID conversationId, String workflow, String model,
        Double temperature, Integer maxTokens, RunStatus status, MessageMetrics metrics, String errorTitle) {
}
