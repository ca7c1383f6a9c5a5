package dev.rivulet.run;

import dev.rivulet.model.ModelFailure;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * What SIGTERM does to answers. Stopped before the web server's graceful shutdown (a higher phase
 * stops first), so the server still answers while this runs: new runs are refused with a 503, running
 * answers may finish within {@code rivulet.runs.shutdown-grace}, and whatever is still going then ends
 * {@code interrupted} with its text saved, which also ends its SSE streams so the web server's own
 * graceful shutdown finds nothing left to wait for.
 */
@Component
class RunShutdown implements SmartLifecycle {

    /** How long the interrupted runs may take to save their end after the grace period. */
    static final Duration SAVE_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(RunShutdown.class);

    private final RunService runs;
    private final RunProperties properties;
    private volatile boolean running;

    RunShutdown(RunService runs, RunProperties properties) {
        this.runs = runs;
        this.properties = properties;
    }

    /** Also after a stop without a close (Spring's test framework pauses contexts it is not using). */
    @Override
    public void start() {
        runs.acceptNewRuns();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        runs.refuseNewRuns();
        int going = runs.activeRunCount();
        if (going == 0) {
            return;
        }
        Duration grace = properties.shutdownGrace();
        log.info("Shutting down: refusing new answers, giving {} running answers up to {} s to finish", going,
                grace.toSeconds());
        try {
            if (runs.awaitNoActiveRuns(grace)) {
                log.info("Every running answer finished within the grace period");
                return;
            }
            int interrupted = runs.interruptAll(new ModelFailure("Interrupted",
                    "The server was shut down while this answer was being written (it waited "
                            + grace.toSeconds() + " s for it). The text so far is kept; retry to get a full answer.",
                    false, false));
            boolean saved = runs.awaitNoActiveRuns(SAVE_TIMEOUT);
            log.info("Grace period over: {} answers ended interrupted, text kept{}", interrupted,
                    saved ? "" : " (some ends were still being saved)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Above the web server's graceful shutdown (DEFAULT_PHASE - 1024), so this stops first. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
