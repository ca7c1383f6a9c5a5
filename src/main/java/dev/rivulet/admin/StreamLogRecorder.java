package dev.rivulet.admin;

import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.RunFinished;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Stores each run's redacted stream log once, when the run ends ({@link RunFinished} carries the
 * whole event log), never per token. A failure here is logged and never reaches the run.
 */
@Component
class StreamLogRecorder {

    static final int ORDER = 0;
    private static final Logger log = LoggerFactory.getLogger(StreamLogRecorder.class);

    private final Redactor redactor;
    private final StreamLogStore store;

    StreamLogRecorder(Redactor redactor, StreamLogStore store) {
        this.redactor = redactor;
        this.store = store;
    }

    /** Before {@link DashboardBroadcaster}: a view refreshed for this run's end finds its log stored. */
    @EventListener
    @Order(ORDER)
    void on(RunFinished finished) {
        try {
            StreamLogRedaction.Result redacted = StreamLogRedaction.redact(finished.events(), redactor);
            store.save(finished.runId(), finished.status().wireName(), Instant.now(), redacted.events(),
                    redacted.redactions());
            // counts only: the log line itself must never carry content
            log.debug("Stored the stream log of run {}: {} events, {} redactions", finished.runId(),
                    redacted.events().size(), redacted.redactions());
        } catch (RuntimeException e) {
            log.error("Could not store the stream log of run {}", finished.runId(), e);
        }
    }
}
