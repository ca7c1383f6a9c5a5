package dev.rivulet.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's view of a run: a cursor into the run's log and a virtual thread that delivers
 * what is new according to the subscriber's {@link FlushPolicy}. The run never waits for it; if the
 * sink is slow, the next delivery simply carries more.
 */
public final class RunSubscription implements AutoCloseable {

    /** Where a subscription delivers. Called from the subscription's own thread, one call at a time. */
    public interface Sink {

        /** New events, oldest first, consecutive tokens of one node merged. */
        void deliver(List<RunEvent> events) throws Exception;

        /** Nothing happened for a while (SSE writes a comment so proxies keep the connection). */
        default void idle() throws Exception {
        }

        /** The run ended and everything was delivered, or the subscription failed or was closed. */
        default void closed(Throwable failure) {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RunSubscription.class);
    private static final long BATCH_MAX_WAIT_NANOS = Duration.ofSeconds(1).toNanos();

    private final RunLog runLog;
    private final FlushPolicy policy;
    private final long idleNanos;
    private final Sink sink;
    private volatile long cursor;
    private volatile boolean closed;
    private Thread thread;

    RunSubscription(RunLog runLog, long afterSeq, FlushPolicy policy, Duration idleInterval, Sink sink) {
        this.runLog = runLog;
        this.cursor = Math.max(0, afterSeq);
        this.policy = policy;
        this.idleNanos = idleInterval.toNanos();
        this.sink = sink;
    }

    RunSubscription start() {
        thread = Thread.ofVirtual().name("run-subscriber").start(this::deliverLoop);
        return this;
    }

    /** The sequence number of the last event delivered. */
    public long cursor() {
        return cursor;
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void deliverLoop() {
        Throwable failure = null;
        try {
            while (!closed) {
                if (runLog.isClosed() && cursor >= runLog.lastSeq()) {
                    break; // resumed after the end: nothing more will come
                }
                if (!runLog.awaitAfter(cursor, idleNanos)) {
                    sink.idle();
                    continue;
                }
                boolean waitedLongEnough = waitForPolicy();
                List<RunEvent> pending = runLog.after(cursor);
                if (policy instanceof FlushPolicy.Batch batch && !waitedLongEnough) {
                    pending = withoutPartialBatch(pending, batch.tokens());
                }
                List<RunEvent> batch = coalesce(pending);
                if (batch.isEmpty()) {
                    continue;
                }
                sink.deliver(batch);
                RunEvent last = batch.getLast();
                cursor = last.seq();
                if (last.type() == RunEvent.Type.DONE) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!closed) {
                log.debug("Subscriber stopped: {}", e.toString());
                failure = e;
            }
        } finally {
            closed = true;
            sink.closed(failure);
        }
    }

    /** Waits as the policy asks; true when a batch waited its longest and should go out as it is. */
    private boolean waitForPolicy() throws InterruptedException {
        switch (policy) {
            case FlushPolicy.EveryToken ignored -> {
                return false;
            }
            case FlushPolicy.TimeSlice slice -> {
                Thread.sleep(slice.interval());
                return false;
            }
            case FlushPolicy.Batch batch -> {
                long deadline = System.nanoTime() + BATCH_MAX_WAIT_NANOS;
                while (!closed) {
                    // Counted in place: copying the pending events on every wake-up made a batch O(N²).
                    long tokens = runLog.tokensAfter(cursor);
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return true;
                    }
                    if (tokens < 0 || tokens >= batch.tokens()) {
                        return false;
                    }
                    runLog.awaitAfter(cursor + tokens, remaining);
                }
                return false;
            }
        }
    }

    /**
     * A node or done event goes out at once, but tokens after the last such event wait until there
     * are N of them (or the run ended), so batches keep their size around node boundaries.
     */
    static List<RunEvent> withoutPartialBatch(List<RunEvent> pending, int batchSize) {
        int lastOther = -1;
        for (int i = pending.size() - 1; i >= 0; i--) {
            if (pending.get(i).type() != RunEvent.Type.TOKEN) {
                lastOther = i;
                break;
            }
        }
        int trailingTokens = pending.size() - 1 - lastOther;
        if (lastOther < 0 || trailingTokens >= batchSize || pending.get(lastOther).type() == RunEvent.Type.DONE) {
            return pending;
        }
        return pending.subList(0, lastOther + 1);
    }

    /**
     * Merges consecutive token events of the same node. Only neighbours are merged so that every
     * delivered event still stands for a contiguous range of the log, which keeps resume exact. A
     * merged event has the last one's number and the first one's offset.
     */
    static List<RunEvent> coalesce(List<RunEvent> events) {
        List<RunEvent> out = new ArrayList<>();
        int i = 0;
        while (i < events.size()) {
            RunEvent first = events.get(i);
            int end = i + 1;
            if (first.type() == RunEvent.Type.TOKEN) {
                while (end < events.size() && events.get(end).type() == RunEvent.Type.TOKEN
                        && events.get(end).node().equals(first.node())) {
                    end++;
                }
            }
            if (end == i + 1) {
                out.add(first);
            } else {
                StringBuilder text = new StringBuilder();
                for (int k = i; k < end; k++) {
                    text.append(events.get(k).text());
                }
                // The merged event stands for seq first..last; its offset is when its text began to
                // arrive, so the first one delivered still tells the time to first token exactly.
                RunEvent last = events.get(end - 1);
                out.add(new RunEvent(last.seq(), RunEvent.Type.TOKEN, first.node(), text.toString(), null,
                        first.offsetMs()));
            }
            i = end;
        }
        return out;
    }
}
