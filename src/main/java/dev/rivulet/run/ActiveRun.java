package dev.rivulet.run;

import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.conversation.PartText;
import dev.rivulet.model.ModelChunk;
import dev.rivulet.model.ModelFailure;
import dev.rivulet.model.ModelServerException;
import dev.rivulet.workflow.Workflow;
import dev.rivulet.workflow.WorkflowEvent;
import io.micrometer.tracing.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A run in progress: it turns the workflow's events into the run's log, keeps the text each node
 * produced, and ends exactly once, whichever comes first: completion, failure, cancel, or a limit.
 */
final class ActiveRun {

    /** How the run ended, handed to whoever persists it. */
    record Outcome(RunStatus status, String content, List<PartText> parts, MessageMetrics metrics,
            ModelFailure failure) {
    }

    /** The text so far: the answer (output node) and every node's part. */
    record Snapshot(String content, List<PartText> parts) {
    }

    /** One node's progress: its text and when it started, spoke first and finished. */
    private static final class NodeTrace {
        final StringBuilder text = new StringBuilder();
        final long startedNanos = System.nanoTime();
        long firstTokenNanos;
        long finishedNanos;
    }

    interface EndListener {
        void ended(ActiveRun run, Outcome outcome);
    }

    /** Takes the flags a node's update holds ({@link Workflow#FLAGS}); called under the run's lock, must not block. */
    interface FlagRecorder {
        void record(ActiveRun run, List<String> flags);
    }

    final UUID id;
    final long userId;
    final UUID conversationId;
    final long messageId;
    final Workflow workflow;
    final String model;
    final Double temperature;
    final Integer maxTokens;
    final Instant startedAt;
    final RunLog log;
    /** Held while the run's text is written to the database, so a checkpoint and the final save never overlap. */
    final Object persistence = new Object();
    /** The run's trace (its root span), set as it starts; ended with the run. */
    volatile Span trace;

    private final long startNanos;
    private final Map<String, NodeTrace> nodes = new LinkedHashMap<>();
    private final List<ModelChunk.Done> modelSummaries = new ArrayList<>();
    private long firstTokenNanos;
    private int tokenChunks;
    private boolean ended;
    private Disposable execution;
    private EndListener endListener;
    private FlagRecorder flagRecorder = (run, flags) -> {
    };
    /** A node's refusal ({@link Workflow#REFUSAL}): the run ends refused, with its detail as the text. */
    private ModelFailure refusal;
    /** Flag writes still under way: the end waits for them, so whoever sees the run ended finds its flags. */
    private final List<CompletableFuture<?>> flagWrites = new ArrayList<>();
    private int checkpointedLength = -1;
    private int textLength;
    private Future<?> deadline;

    ActiveRun(UUID id, long userId, UUID conversationId, long messageId, Workflow workflow, String model,
            Double temperature, Integer maxTokens, long startNanos) {
        this.id = id;
        this.userId = userId;
        this.conversationId = conversationId;
        this.messageId = messageId;
        this.workflow = workflow;
        this.model = model;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.startNanos = startNanos;
        this.startedAt = Instant.now();
        this.log = new RunLog(startNanos);
    }

    /**
     * Arms the run's time limit. Call before {@link #execute}: a run that ends at once (even inside
     * {@code execute}) cancels it in {@link #end}, so no timer entry outlives its run.
     */
    void limitDuration(ScheduledExecutorService timer, Duration limit,
            Runnable onLimit) {
        Future<?> scheduled = timer.schedule(onLimit, limit.toMillis(), TimeUnit.MILLISECONDS);
        boolean alreadyEnded;
        synchronized (this) {
            alreadyEnded = ended;
            deadline = scheduled;
        }
        if (alreadyEnded) {
            scheduled.cancel(false);
        }
    }

    void execute(Flux<WorkflowEvent> events, EndListener listener) {
        execute(events, (run, flags) -> {
        }, listener);
    }

    void execute(Flux<WorkflowEvent> events, FlagRecorder recorder, EndListener listener) {
        this.endListener = listener;
        this.flagRecorder = recorder;
        Disposable subscription = events.subscribe(this::onEvent,
                error -> end(RunStatus.FAILED, failureOf(error)),
                this::completed);
        synchronized (this) {
            execution = subscription;
            if (ended) {
                subscription.dispose();
            }
        }
    }

    /** Stops the run: its model calls are cancelled, which closes their HTTP connections. */
    void stop(RunStatus status, ModelFailure note) {
        if (end(status, note)) {
            Disposable subscription;
            synchronized (this) {
                subscription = execution;
            }
            if (subscription != null) {
                subscription.dispose();
            }
        }
    }

    synchronized boolean isEnded() {
        return ended;
    }

    /** Notes a write of this run's flags, which the end waits for ({@link #flagWrites()}). */
    synchronized void flagWrite(CompletableFuture<?> write) {
        flagWrites.add(write);
    }

    synchronized List<CompletableFuture<?>> flagWrites() {
        return List.copyOf(flagWrites);
    }

    /** The text so far, if the run goes on and any node's text grew since the last call; null otherwise. */
    synchronized Snapshot checkpoint() {
        if (ended || textLength == checkpointedLength) {
            return null;
        }
        checkpointedLength = textLength;
        return new Snapshot(outputText(), parts());
    }

    /**
     * Lets go of the per-node texts once the end is saved: the log still holds every event, which is
     * all a late subscriber needs, so a finished run kept in memory holds its text once, not twice.
     */
    synchronized void forgetTexts() {
        nodes.values().forEach(trace -> {
            trace.text.setLength(0);
            trace.text.trimToSize();
        });
    }

    /** Every node's text and timings so far. */
    synchronized List<PartText> partsSoFar() {
        return parts();
    }

    /** The text nodes' parts: {@code moderate} writes none, its verdict is in the run's flags and log. */
    private List<PartText> parts() {
        List<PartText> parts = new ArrayList<>(nodes.size());
        nodes.forEach((node, trace) -> {
            if (!node.equals(Workflow.MODERATE)) {
                parts.add(new PartText(node, trace.text.toString(),
                        trace.firstTokenNanos == 0 ? null : millisSinceStart(trace.firstTokenNanos),
                        trace.finishedNanos == 0 ? null
                                : TimeUnit.NANOSECONDS.toMillis(trace.finishedNanos - trace.startedNanos)));
            }
        });
        return parts;
    }

    private long millisSinceStart(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos - startNanos);
    }

    private synchronized void onEvent(WorkflowEvent event) {
        if (ended) {
            return;
        }
        switch (event) {
            case WorkflowEvent.NodeStarted started -> {
                nodes.computeIfAbsent(started.node(), n -> new NodeTrace());
                log.append(RunEvent.Type.NODE, started.node(), null, NodePayload.started(started.node()));
            }
            case WorkflowEvent.Token token -> {
                long now = System.nanoTime();
                if (firstTokenNanos == 0) {
                    firstTokenNanos = now;
                }
                NodeTrace trace = nodes.computeIfAbsent(token.node(), n -> new NodeTrace());
                if (trace.firstTokenNanos == 0) {
                    trace.firstTokenNanos = now;
                }
                tokenChunks++;
                textLength += token.text().length();
                trace.text.append(token.text());
                log.append(RunEvent.Type.TOKEN, token.node(), token.text(), null);
            }
            case WorkflowEvent.ModelDone done -> modelSummaries.add(done.done());
            case WorkflowEvent.NodeFinished finished -> {
                NodeTrace trace = nodes.computeIfAbsent(finished.node(), n -> new NodeTrace());
                trace.finishedNanos = System.nanoTime();
                log.append(RunEvent.Type.NODE, finished.node(), null,
                        NodePayload.finished(finished.node(), finished.update()));
                if (finished.update().get(Workflow.FLAGS) instanceof Collection<?> flags && !flags.isEmpty()) {
                    flagRecorder.record(this, flags.stream().map(String::valueOf).toList());
                }
                if (finished.update().get(Workflow.REFUSAL) instanceof Map<?, ?> refused) {
                    refusal = new ModelFailure(String.valueOf(refused.get("title")), String.valueOf(refused.get("detail")),
                            false, false);
                }
            }
        }
    }

    private boolean end(RunStatus status, ModelFailure failure) {
        Outcome outcome;
        Future<?> limit;
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            outcome = new Outcome(status, outputText(), parts(), metrics(), failure);
            limit = deadline;
        }
        if (limit != null) {
            limit.cancel(false);
        }
        if (endListener != null) {
            endListener.ended(this, outcome);
        }
        return true;
    }

    /** The workflow's stream completed: refused if a node said so, else by the token limit. */
    private void completed() {
        ModelFailure refused;
        synchronized (this) {
            refused = refusal;
        }
        if (refused != null) {
            end(RunStatus.REFUSED, refused);
        } else {
            end(hitTokenLimit() ? RunStatus.TRUNCATED : RunStatus.COMPLETED, null);
        }
    }

    /** The answer: the output node's text, or what the person reads instead when a node refused. */
    private String outputText() {
        if (refusal != null) {
            return refusal.detail();
        }
        NodeTrace trace = nodes.get(workflow.outputNode());
        return trace == null ? "" : trace.text.toString();
    }

    private boolean hitTokenLimit() {
        synchronized (this) {
            return modelSummaries.stream().anyMatch(d -> "length".equals(d.doneReason()));
        }
    }

    private MessageMetrics metrics() {
        long now = System.nanoTime();
        Long ttftMs = firstTokenNanos == 0 ? null : TimeUnit.NANOSECONDS.toMillis(firstTokenNanos - startNanos);
        long totalMs = TimeUnit.NANOSECONDS.toMillis(now - startNanos);
        int evalCount = 0;
        long evalNanos = 0;
        boolean serverCounts = !modelSummaries.isEmpty();
        for (ModelChunk.Done done : modelSummaries) {
            if (done.evalCount() == null) {
                serverCounts = false;
            } else {
                evalCount += done.evalCount();
            }
            evalNanos += done.evalDurationNanos() == null ? 0 : done.evalDurationNanos();
        }
        int tokens = serverCounts ? evalCount : tokenChunks;
        Double tokensPerSecond = null;
        if (tokens > 0) {
            // Ollama's own eval_duration is the most honest; without it, time from first to last token.
            long nanos = serverCounts && evalNanos > 0 ? evalNanos
                    : firstTokenNanos == 0 ? 0 : now - firstTokenNanos;
            tokensPerSecond = nanos > 0 ? Math.round(tokens * 1e10 / nanos) / 10.0 : null;
        }
        String doneReason = modelSummaries.isEmpty() ? null : modelSummaries.getLast().doneReason();
        return new MessageMetrics(ttftMs, totalMs, tokens, tokensPerSecond, doneReason);
    }

    private static ModelFailure failureOf(Throwable error) {
        if (error instanceof ModelServerException e) {
            return e.failure();
        }
        return new ModelFailure("The answer failed",
                "Something went wrong while generating the answer (" + error.getClass().getSimpleName()
                        + "). The text so far is kept; retry to try again.", false, false);
    }
}
