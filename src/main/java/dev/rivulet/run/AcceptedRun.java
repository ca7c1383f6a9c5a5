package dev.rivulet.run;

import java.util.UUID;

/** The answer to starting a run: its id, the answer's and the question's message ids, and where its events are. */
public record AcceptedRun(UUID runId, long messageId, long userMessageId, String events) {

    public static AcceptedRun of(StartedRun started) {
        return new AcceptedRun(started.runId(), started.messageId(), started.userMessageId(),
                RunStreams.eventsPath(started.runId()));
    }
}
