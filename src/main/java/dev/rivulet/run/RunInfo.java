package dev.rivulet.run;

import dev.rivulet.conversation.MessageMetrics;
import java.util.UUID;

/** A run as the API shows it. */
public record RunInfo(UUID runId, UUID conversationId, long messageId, RunStatus status, String workflow,
        String model, MessageMetrics metrics, String errorTitle, String errorDetail) {
}
