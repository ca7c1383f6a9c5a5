package dev.rivulet.run;

import dev.rivulet.model.ModelFailure;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The runs of this instance: those going on (until their end's work is done) and, for resuming and
 * late subscribers, those finished recently ({@link FinishedRuns}, bounded by bytes and age).
 */
final class ActiveRuns {

    private final Map<UUID, ActiveRun> active = new ConcurrentHashMap<>();
    private final FinishedRuns recentlyFinished;

    ActiveRuns(FinishedRuns recentlyFinished) {
        this.recentlyFinished = recentlyFinished;
    }

    void add(ActiveRun run) {
        active.put(run.id, run);
    }

    /** A run going on (or whose end is being saved), or null. */
    ActiveRun get(UUID runId) {
        return active.get(runId);
    }

    /** A run going on or finished recently, or null. */
    ActiveRun find(UUID runId) {
        ActiveRun run = active.get(runId);
        return run != null ? run : recentlyFinished.get(runId);
    }

    boolean contains(UUID runId) {
        return active.containsKey(runId);
    }

    Collection<ActiveRun> all() {
        return active.values();
    }

    boolean isEmpty() {
        return active.isEmpty();
    }

    int size() {
        return active.size();
    }

    /** The run's end is saved: it is kept for a while among the finished ones. */
    void keepFinished(ActiveRun run) {
        recentlyFinished.keep(run);
    }

    /** The run's end work is done: it no longer counts as going on. */
    void remove(ActiveRun run) {
        active.remove(run.id);
        synchronized (active) {
            active.notifyAll();
        }
    }

    /** Runs in progress right now (not ended). */
    int goingOn() {
        return (int) active.values().stream().filter(r -> !r.isEnded()).count();
    }

    /** The run in progress in a conversation of this person's, if any. */
    Optional<UUID> goingOn(long userId, UUID conversationId) {
        return active.values().stream()
                .filter(r -> r.userId == userId && r.conversationId.equals(conversationId) && !r.isEnded())
                .map(r -> r.id).findFirst();
    }

    /** Waits until no run is going on (and every end is saved), at most {@code timeout}. */
    boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (active) {
            while (!active.isEmpty()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(active, remaining);
            }
        }
        return true;
    }

    /** Ends every run still going as {@code interrupted}, its text kept. */
    int interruptAll(ModelFailure note) {
        int count = 0;
        for (ActiveRun run : active.values()) {
            run.stop(RunStatus.INTERRUPTED, note);
            count++;
        }
        return count;
    }

    void forgetOld() {
        recentlyFinished.forgetOld();
    }
}
