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
 * whole event log), never per token: one pass that redacts and encodes the events into one text,
 * then one insert. It runs on the run's end thread (a virtual thread of the run engine's, never a
 * Netty event loop). A failure here is logged and never reaches the run.
 */
@Component
class StreamLogRecorder {

    static final int ORDER = 0;
    private static final Logger log = LoggerFactory.getLogger(StreamLogRecorder.class);

    private final Redactor redactor;
    private final StreamLogCodec codec;
    private final StreamLogStore store;

    StreamLogRecorder(Redactor redactor, StreamLogCodec codec, StreamLogStore store) {
        this.redactor = redactor;
        this.codec = codec;
        this.store = store;
    }

    /** Before {@link DashboardBroadcaster}: a view refreshed for this run's end finds its log stored. */
    @EventListener
    @Order(ORDER)
    void on(RunFinished finished) {
        try {
            StreamLogCodec.Encoded encoded = codec.encode(finished.events(), redactor);
            store.save(finished.runId(), finished.status().wireName(), Instant.now(), encoded);
            // counts only: the log line itself must never carry content
            log.debug("Stored the stream log of run {}: {} events, {} redactions", finished.runId(),
                    encoded.eventCount(), encoded.redactions());
        } catch (RuntimeException e) {
            log.error("Could not store the stream log of run {}", finished.runId(), e);
        }
    }
}
