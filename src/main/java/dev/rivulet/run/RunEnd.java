package dev.rivulet.run;

import dev.rivulet.model.ModelFailure;
import dev.rivulet.screen.RunFlags;
import io.micrometer.tracing.Span;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A run's end: the answer and the run row saved, {@code done} appended, the trace ended, and
 * {@link RunFinished} published. A run ends on whatever thread noticed it: a Reactor Netty event loop
 * (the model's last chunk), a request thread (Stop), the timer (a limit). None of them may do the
 * end's work (several transactions): it moves to its own virtual thread. The {@code done} event still
 * follows the save, so whoever sees it finds the answer stored.
 */
final class RunEnd {

    private static final Logger log = LoggerFactory.getLogger(RunEnd.class);

    private final RunPersistence persistence;
    private final RunLimiter limiter;
    private final RunFlags flags;
    private final ActiveRuns runs;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Executor endWork;

    /** @param endWork where a run's end is saved and announced: never a request, timer or Netty thread */
    RunEnd(RunPersistence persistence, RunLimiter limiter, RunFlags flags, ActiveRuns runs,
            TransactionTemplate transactions, ApplicationEventPublisher events, Executor endWork) {
        this.persistence = persistence;
        this.limiter = limiter;
        this.flags = flags;
        this.runs = runs;
        this.transactions = transactions;
        this.events = events;
        this.endWork = endWork;
    }

    /** The run ended: its end's work goes to the end work's executor. */
    void onEnded(ActiveRun run, ActiveRun.Outcome outcome) {
        try {
            endWork.execute(() -> finish(run, outcome));
        } catch (RejectedExecutionException e) {
            finish(run, outcome); // only while the application context is closing
        }
    }

    /**
     * Records flags a node gave the run (the guard's verdict) as they come, once per node, on the end
     * work's executor: they arrive on a Netty thread, under the run's lock. The end waits for them.
     */
    void recordFlags(ActiveRun run, List<String> nodeFlags) {
        CompletableFuture<Void> write = new CompletableFuture<>();
        run.flagWrite(write);
        Runnable task = () -> {
            try {
                flags.add(run.id, nodeFlags); // logs its own failure: a run never fails for its flags
            } finally {
                write.complete(null);
            }
        };
        try {
            endWork.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // only while the application context is closing
        }
    }

    private void finish(ActiveRun run, ActiveRun.Outcome outcome) {
        Instant endedAt = Instant.now();
        run.flagWrites().forEach(CompletableFuture::join);
        try {
            // The answer is final before the run row changes, and the conversation is free in between:
            // whoever sees the run ended also finds the answer saved and may send the next message.
            persistence.saveEnd(run, outcome, endedAt, () -> limiter.release(run.userId, run.conversationId));
        } finally {
            run.log.append(RunEvent.Type.DONE, null, null, DonePayload.of(outcome));
            run.forgetTexts();
            runs.keepFinished(run);
            endTrace(run, outcome);
        }
        try {
            ModelFailure failure = outcome.failure();
            RunFinished finished = new RunFinished(run.id, run.userId, run.conversationId, run.workflow.name(),
                    run.model, run.temperature, run.maxTokens, outcome.status(), outcome.metrics(),
                    failure == null ? null : failure.title(), run.startedAt, run.log.after(0));
            // Published in a transaction: other modules' @ApplicationModuleListeners receive it after the
            // commit, on threads of their own that a shutdown drains; the run's own meters (RunMetrics) at once.
            transactions.executeWithoutResult(tx -> events.publishEvent(finished));
        } catch (TransactionException e) {
            log.error("Could not announce the end of run {}: {}", run.id, e.toString());
        } finally {
            // Only now is the run's end saved and announced: a shutdown waiting for no active runs waits
            // for this too, and then for the module listeners it set off (ModuleListenerTasks).
            runs.remove(run);
        }
    }

    private static void endTrace(ActiveRun run, ActiveRun.Outcome outcome) {
        Span trace = run.trace;
        if (trace == null) {
            return;
        }
        trace.tag("rivulet.run.status", outcome.status().wireName());
        if (outcome.failure() != null && outcome.status() == RunStatus.FAILED) {
            trace.tag("error.type", outcome.failure().title());
            trace.event("failed: " + outcome.failure().title());
        }
        trace.end();
    }

    /** Waits for ends still being saved. */
    void close() {
        if (endWork instanceof ExecutorService executor) {
            executor.close();
        }
    }
}
