package dev.rivulet.admin;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes stream logs older than {@code rivulet.stream-log.retention} (default 30 days), hourly by default. */
@Component
class StreamLogPurge {

    private static final Logger log = LoggerFactory.getLogger(StreamLogPurge.class);

    private final StreamLogStore store;
    private final StreamLogProperties properties;

    StreamLogPurge(StreamLogStore store, StreamLogProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${rivulet.stream-log.purge-interval:1h}",
            fixedDelayString = "${rivulet.stream-log.purge-interval:1h}")
    void scheduled() {
        purge(Clock.systemUTC().instant());
    }

    /** Deletes the logs of runs that ended more than the retention before {@code now}. */
    int purge(Instant now) {
        int deleted = store.deleteEndedBefore(now.minus(properties.retention()));
        if (deleted > 0) {
            log.info("Purged {} stream logs older than {}", deleted, properties.retention());
        }
        return deleted;
    }
}
