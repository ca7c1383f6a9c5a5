package dev.rivulet.run;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run engine's one timer thread and what it does on its own: checkpoints of the runs going on
 * (about once a second, never per token), forgetting old finished runs, limits and relayed events
 * (every minute), and on a shared database the heartbeat and the recovery of lost owners' runs. Runs'
 * time limits are scheduled on the same timer.
 */
final class RunHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(RunHousekeeping.class);

    private final ScheduledThreadPoolExecutor timer;
    private final ActiveRuns runs;
    private final RunPersistence persistence;
    private final RunRecovery recovery;
    private final RunLimiter limiter;
    private final Supplier<RunRelay> relay;

    /** @param relay the relay between instances, or a supplier of null where there is none (H2) */
    RunHousekeeping(RunProperties properties, ActiveRuns runs, RunPersistence persistence, RunRecovery recovery,
            RunLimiter limiter, Supplier<RunRelay> relay) {
        this.runs = runs;
        this.persistence = persistence;
        this.recovery = recovery;
        this.limiter = limiter;
        this.relay = relay;
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("run-timer").factory());
        timer.setRemoveOnCancelPolicy(true);
        long checkpointMs = properties.checkpointInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkpointAll, checkpointMs, checkpointMs, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::forgetOldRuns, 1, 1, TimeUnit.MINUTES);
        if (recovery.shared()) {
            long heartbeatMs = properties.heartbeatInterval().toMillis();
            timer.scheduleWithFixedDelay(this::heartbeatAndRecover, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
        }
    }

    /** The timer, for a run's time limit. */
    ScheduledExecutorService timer() {
        return timer;
    }

    private void checkpointAll() {
        try {
            persistence.checkpointAll(runs.all());
        } catch (RuntimeException e) {
            log.warn("Checkpoint of {} runs failed: {}", runs.size(), e.toString());
        }
    }

    private void heartbeatAndRecover() {
        try {
            if (!runs.isEmpty()) {
                recovery.heartbeat();
            }
            recovery.recoverAbandoned();
        } catch (RuntimeException e) {
            log.warn("Heartbeat or recovery of runs failed: {}", e.toString());
        }
    }

    private void forgetOldRuns() {
        runs.forgetOld();
        limiter.forgetOld();
        RunRelay shared = relay.get();
        if (shared != null) {
            try {
                shared.forgetOld();
            } catch (RuntimeException e) {
                log.warn("Removing relayed events of old runs failed: {}", e.toString());
            }
        }
    }

    void close() {
        timer.shutdownNow();
    }
}
