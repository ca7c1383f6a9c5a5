package dev.rivulet.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finished runs kept in memory so that a late subscriber (a reload, an SSE resume) replays their
 * whole log without the database. Bounded by age and by bytes in all, never by a count: a few long
 * answers weigh as much as many short ones. The oldest go first; they then replay from the database.
 */
final class FinishedRuns {

    private record Kept(ActiveRun run, long bytes, Instant at) {
    }

    private final Map<UUID, ActiveRun> byId = new ConcurrentHashMap<>();
    private final Deque<Kept> oldestFirst = new ArrayDeque<>();
    private final long budgetBytes;
    private final Duration retention;
    private final Clock clock;
    private long bytes;

    FinishedRuns(long budgetBytes, Duration retention, Clock clock) {
        this.budgetBytes = budgetBytes;
        this.retention = retention;
        this.clock = clock;
    }

    ActiveRun get(UUID id) {
        return byId.get(id);
    }

    synchronized void keep(ActiveRun run) {
        Kept kept = new Kept(run, run.log.approximateBytes(), clock.instant());
        byId.put(run.id, run);
        oldestFirst.addLast(kept);
        bytes += kept.bytes();
        forgetOld();
    }

    /** Forgets runs past the retention, and the oldest while all of them hold more than the budget. */
    synchronized void forgetOld() {
        Instant cutoff = clock.instant().minus(retention);
        while (!oldestFirst.isEmpty() && (bytes > budgetBytes || oldestFirst.peekFirst().at().isBefore(cutoff))) {
            Kept oldest = oldestFirst.pollFirst();
            bytes -= oldest.bytes();
            byId.remove(oldest.run().id);
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    int count() {
        return byId.size();
    }
}
