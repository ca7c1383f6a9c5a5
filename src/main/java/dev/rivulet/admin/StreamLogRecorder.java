package dev.rivulet.admin;

import dev.rivulet.redaction.Redactor;
import dev.rivulet.run.RunFinished;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Stores each run's redacted stream log once, when the run ends ({@link RunFinished} carries the
 * whole event log), never per token: one pass that redacts and encodes the events into one text,
 * then one insert. It is a module listener: after the run's end is committed, in its own transaction,
 * on a virtual thread of its own ({@code ModuleListenerTasks}, which a shutdown waits for before the
 * database closes), so the run's end does not wait for the redaction. A failure here is logged and
 * never reaches the run. Either way it then announces
 * {@link StreamLogRecorded}, which the dashboard refreshes on.
 */
@Component
class StreamLogRecorder {

    private static final Logger log = LoggerFactory.getLogger(StreamLogRecorder.class);

    private final Redactor redactor;
    private final StreamLogCodec codec;
    private final StreamLogStore store;

    private final ApplicationEventPublisher events;

    StreamLogRecorder(Redactor redactor, StreamLogCodec codec, StreamLogStore store,
            ApplicationEventPublisher events) {
        this.redactor = redactor;
        this.codec = codec;
        this.store = store;
        this.events = events;
    }

    @ApplicationModuleListener
    void on(RunFinished finished) {
        boolean stored = false;
        try {
            StreamLogCodec.Encoded encoded = codec.encode(finished.events(), redactor);
            store.save(finished.runId(), finished.status().wireName(), Instant.now(), encoded);
            stored = true;
            // counts only: the log line itself must never carry content
            log.debug("Stored the stream log of run {}: {} events, {} redactions", finished.runId(),
                    encoded.eventCount(), encoded.redactions());
        } catch (RuntimeException e) {
            log.error("Could not store the stream log of run {}", finished.runId(), e);
        }
        events.publishEvent(new StreamLogRecorded(finished.runId(), stored));
    }
}
