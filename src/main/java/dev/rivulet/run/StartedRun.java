package dev.rivulet.run;

import java.util.UUID;

/** What starting a run returns: where to follow it, and the message its answer goes into. */
public record StartedRun(UUID runId, long messageId, long userMessageId) {
}
