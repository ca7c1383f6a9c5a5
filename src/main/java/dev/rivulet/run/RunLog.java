package dev.rivulet.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ordered events of one run. Appending never waits for a reader: subscribers keep their own
 * cursor into this shared log, so a slow one costs a cursor, not a queue.
 */
final class RunLog {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<RunEvent> events = new ArrayList<>();
    private final long originNanos;
    private boolean closed;
    private long approximateBytes;

    /** A log whose offsets count from now. */
    RunLog() {
        this(System.nanoTime());
    }

    /**
     * A log whose offsets count from {@code originNanos} ({@link System#nanoTime()}): for a run, the
     * moment the person sent the message, so every figure derived from offsets (time to first token in
     * the chat, node timings) means the same as the run's metrics.
     */
    RunLog(long originNanos) {
        this.originNanos = originNanos;
    }

    RunEvent append(RunEvent.Type type, String node, String text, RunEvent.Payload data) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("The run has ended");
            }
            RunEvent event = new RunEvent(events.size() + 1L, type, node, text, data,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - originNanos));
            events.add(event);
            approximateBytes += 48 + (text == null ? 0 : 40 + 2L * text.length()) + (data == null ? 0 : 160);
            if (type == RunEvent.Type.DONE) {
                closed = true;
            }
            changed.signalAll();
            return event;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends an event of another instance's log as it is (its number and offset), for the copy an
     * instance keeps of a run it follows from elsewhere; the events must come in order from 1.
     */
    void appendCopy(RunEvent event) {
        lock.lock();
        try {
            if (closed || event.seq() != events.size() + 1L) {
                throw new IllegalStateException("Event " + event.seq() + " does not follow " + events.size());
            }
            events.add(event);
            approximateBytes += 48 + (event.text() == null ? 0 : 40 + 2L * event.text().length())
                    + (event.data() == null ? 0 : 160);
            if (event.type() == RunEvent.Type.DONE) {
                closed = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Events after {@code seq}, oldest first. */
    List<RunEvent> after(long seq) {
        lock.lock();
        try {
            int from = (int) Math.max(0, Math.min(seq, events.size()));
            return List.copyOf(events.subList(from, events.size()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many of the events after {@code seq} are tokens, and whether any is not (a node or done
     * event), counted under the lock without copying: a batching subscriber asks this on every wake-up.
     *
     * @return the token count, or -1 when a non-token event is among them
     */
    long tokensAfter(long seq) {
        lock.lock();
        try {
            long tokens = 0;
            for (int i = (int) Math.max(0, Math.min(seq, events.size())); i < events.size(); i++) {
                if (events.get(i).type() != RunEvent.Type.TOKEN) {
                    return -1;
                }
                tokens++;
            }
            return tokens;
        } finally {
            lock.unlock();
        }
    }

    /** Roughly how much heap the events hold (for the byte budget of finished runs kept in memory). */
    long approximateBytes() {
        lock.lock();
        try {
            return approximateBytes + 16L * events.size();
        } finally {
            lock.unlock();
        }
    }

    long lastSeq() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until there is an event after {@code seq} or the time is up; true if there is one. */
    boolean awaitAfter(long seq, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            while (events.size() <= seq) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting subscriber, e.g. when one is being closed. */
    void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
