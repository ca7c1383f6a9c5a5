package dev.rivulet.run;

import dev.rivulet.conversation.ConversationService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends runs whose instance is gone. This instance refreshes the heartbeat of its own runs; a run whose
 * heartbeat is older than {@code rivulet.runs.heartbeat-timeout} and that belongs to another instance
 * was abandoned by a crash or a stop, and becomes {@code interrupted} with its checkpointed text kept.
 * A live instance's runs are never touched. On a database only this instance can open (embedded H2
 * file), every run still {@code running} at start-up was abandoned, so it is recovered at once and
 * nothing is refreshed or polled afterwards.
 */
@Component
class RunRecovery {

    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

    private final ConversationService conversations;
    private final RunRecordRepository records;
    private final RunInstance instance;
    private final RunProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RunRecovery(ConversationService conversations, RunRecordRepository records, RunInstance instance,
            RunProperties properties, TransactionTemplate transactions) {
        this.conversations = conversations;
        this.records = records;
        this.instance = instance;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = Clock.systemUTC();
    }

    /** Whether this instance must refresh heartbeats and look for abandoned runs periodically. */
    boolean shared() {
        return !instance.exclusiveDatabase();
    }

    /** At start-up, before any run of this instance exists. */
    void recoverAtStart() {
        if (instance.exclusiveDatabase()) {
            Integer[] counts = transactions.execute(status -> new Integer[] {
                    conversations.markStreamingAsInterrupted(), records.markInterrupted(
                            records.findAbandoned(instance.id(), Instant.MAX).stream().map(RunRecord::getId).toList(),
                            clock.instant())});
            if (counts[0] > 0 || counts[1] > 0) {
                log.info("Marked {} answers and {} runs interrupted by the last stop", counts[0], counts[1]);
            }
        } else {
            recoverAbandoned();
        }
    }

    /** One statement for all of this instance's runs. */
    void heartbeat() {
        transactions.executeWithoutResult(status -> records.heartbeat(instance.id(), clock.instant()));
    }

    /** Interrupts the runs of other instances whose heartbeat is stale; returns how many. */
    int recoverAbandoned() {
        Instant now = clock.instant();
        Integer recovered = transactions.execute(status -> {
            List<RunRecord> abandoned = records.findAbandoned(instance.id(), now.minus(properties.heartbeatTimeout()));
            if (abandoned.isEmpty()) {
                return 0;
            }
            List<UUID> ids = abandoned.stream().map(RunRecord::getId).toList();
            conversations.markInterrupted(abandoned.stream().map(RunRecord::getMessageId)
                    .filter(Objects::nonNull).toList());
            return records.markInterrupted(ids, now);
        });
        if (recovered != null && recovered > 0) {
            log.info("Marked {} runs interrupted: their instance stopped refreshing them", recovered);
        }
        return recovered == null ? 0 : recovered;
    }
}
