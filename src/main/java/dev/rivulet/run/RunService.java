package dev.rivulet.run;

import dev.rivulet.base.NotFoundException;
import dev.rivulet.base.ServiceUnavailableException;
import dev.rivulet.base.Tracing;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.model.ModelFailure;
import dev.rivulet.model.ModelRequest;
import dev.rivulet.model.ModelSettings;
import dev.rivulet.model.StreamPolicy;
import dev.rivulet.screen.InputScreen;
import dev.rivulet.screen.RunFlags;
import dev.rivulet.workflow.Workflow;
import dev.rivulet.workflow.WorkflowCatalog;
import dev.rivulet.workflow.WorkflowInput;
import io.micrometer.tracing.Span;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts, follows and stops runs. A run lives here, not in a browser tab: the chat view and the SSE
 * API are just subscribers. Text is checkpointed about once a second and saved with its end status
 * when the run ends, never per token.
 */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    public static final String SHUTTING_DOWN_NOTICE = "Rivulet is shutting down (for a restart or an update) and takes no new "
            + "messages. Answers already being written are finishing. Send your message again in a minute.";

    private final ConversationService conversations;
    private final WorkflowCatalog workflows;
    private final ModelSettings modelSettings;
    private final InputRules inputRules;
    private final InputScreen screen;
    private final RunLimiter limiter;
    private final RunProperties properties;
    private final RunRecordRepository records;
    private final RunPersistence persistence;
    private final RunInstance instance;
    private final TransactionTemplate transactions;
    private Tracing tracing = Tracing.none();
    private final ActiveRuns active;
    private final RunEnd end;
    private final RunReplay replay;
    private final RunHousekeeping housekeeping;
    private volatile boolean accepting = true;
    /** Present on a shared database (PostgreSQL): runs of other instances are followed and cancelled through it. */
    private RunRelay relay;

    @Autowired
    RunService(ConversationService conversations, WorkflowCatalog workflows, ModelSettings modelSettings,
            InputRules inputRules, InputScreen screen, RunFlags flags, RunLimiter limiter, RunProperties properties,
            RunRecordRepository records, RunPersistence persistence, RunRecovery recovery, RunInstance instance,
            TransactionTemplate transactions, ApplicationEventPublisher events) {
        this(conversations, workflows, modelSettings, inputRules, screen, flags, limiter, properties, records,
                persistence, recovery, instance, transactions, events,
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("run-end-", 0).factory()));
    }

    /** @param endWork where a run's end is saved and announced: never a request, timer or Netty thread */
    RunService(ConversationService conversations, WorkflowCatalog workflows, ModelSettings modelSettings,
            InputRules inputRules, InputScreen screen, RunFlags flags, RunLimiter limiter, RunProperties properties,
            RunRecordRepository records, RunPersistence persistence, RunRecovery recovery, RunInstance instance,
            TransactionTemplate transactions, ApplicationEventPublisher events, Executor endWork) {
        this.conversations = conversations;
        this.workflows = workflows;
        this.modelSettings = modelSettings;
        this.inputRules = inputRules;
        this.screen = screen;
        this.limiter = limiter;
        this.properties = properties;
        this.records = records;
        this.persistence = persistence;
        this.instance = instance;
        this.transactions = transactions;
        this.active = new ActiveRuns(new FinishedRuns(properties.finishedRunMemory().toBytes(),
                properties.finishedRunRetention(), Clock.systemUTC()));
        this.end = new RunEnd(persistence, limiter, flags, active, transactions, events, endWork);
        this.replay = new RunReplay(records, conversations);
        // Before the first run of this instance can start, so recovery can only see other instances' runs.
        recovery.recoverAtStart();
        this.housekeeping = new RunHousekeeping(properties, active, persistence, recovery, limiter, () -> relay);
    }

    @Autowired
    void traceWith(Tracing tracing) {
        this.tracing = tracing;
    }

    @Autowired(required = false)
    void relayThrough(RunRelay relay) {
        this.relay = relay;
    }

    /** The log of a run of this instance, going on or recently finished; null if there is none. */
    RunLog localLog(UUID runId) {
        ActiveRun run = active.find(runId);
        return run == null ? null : run.log;
    }

    /** Stops a run of this instance, asked by another instance (which checked whose run it is). */
    void stopLocal(UUID runId) {
        ActiveRun run = active.get(runId);
        if (run != null) {
            run.stop(RunStatus.CANCELLED, null);
        }
    }

    /**
     * Saves the person's message and starts answering it.
     *
     * @param workflowName null for the conversation's workflow
     */
    public StartedRun start(long userId, UUID conversationId, String content, String workflowName) {
        long sentAt = System.nanoTime();
        InputScreen.Screened screened = screen.screen(content); // size, UTF-8, control characters, injection
        StartedRun started = begin(userId, conversationId, inputRules.check(screened.text()), workflowName, sentAt);
        screened.recordFor(started.runId());
        return started;
    }

    /**
     * Answers the person's last message again (after an answer that failed or was cut off), without
     * adding it to the conversation a second time. Earlier answers to it stay in the history.
     */
    public StartedRun retry(long userId, UUID conversationId) {
        return begin(userId, conversationId, null, null, System.nanoTime());
    }

    /** @param question the new message, or null to answer the last one again */
    private StartedRun begin(long userId, UUID conversationId, String question, String workflowName, long sentAt) {
        if (!accepting) {
            throw new ServiceUnavailableException(SHUTTING_DOWN_NOTICE);
        }
        UUID runId = UUID.randomUUID();
        record Saved(ConversationService.Head conversation, Workflow workflow, ConversationService.Turn turn,
                String model, Double temperature, Integer maxTokens) {
        }
        // One transaction: recovery on another instance never sees an answer without its run row, and a
        // start costs one query for the conversation, one for its history and four writes.
        AtomicBoolean acquired = new AtomicBoolean();
        Span trace = tracing.startTrace("rivulet.run", Map.of("rivulet.run.id", runId.toString(),
                "rivulet.conversation.id", conversationId.toString()));
        try {
            Saved saved = transactions.execute(status -> {
                ConversationService.Head conversation = conversations.head(userId, conversationId);
                Workflow workflow = workflows.get(workflowName != null ? workflowName : conversation.workflow());
                limiter.acquire(userId, conversationId, runId);
                acquired.set(true);
                String model = conversation.model() != null ? conversation.model() : modelSettings.defaultModel();
                Double temperature = conversation.settings().temperature();
                Integer maxTokens = Math.min(conversation.settings().maxTokens() != null
                        ? conversation.settings().maxTokens() : properties.maxTokens(), properties.maxTokens());
                ConversationService.Turn turn = conversations.startTurn(conversation, question, runId,
                        workflow.outputNode());
                persistence.saveStart(runId, conversationId, userId, turn.answerId(), workflow.name(), model,
                        temperature, maxTokens, Instant.now(), instance.id(), trace.context().traceId());
                return new Saved(conversation, workflow, turn, model, temperature, maxTokens);
            });
            Workflow workflow = saved.workflow();
            ActiveRun run = new ActiveRun(runId, userId, conversationId, saved.turn().answerId(), workflow,
                    saved.model(), saved.temperature(), saved.maxTokens(), sentAt);
            trace.tag("rivulet.workflow", workflow.name()).tag("gen_ai.request.model", saved.model());
            run.trace = trace;
            active.add(run);
            run.log.append(RunEvent.Type.RUN, null, null, RunPayload.of(run));
            StreamPolicy policy = new StreamPolicy(properties.firstTokenTimeout(), properties.idleTimeout(),
                    properties.retries(), properties.retryBackoff());
            run.limitDuration(housekeeping.timer(), properties.maxDuration(), () -> run.stop(RunStatus.TRUNCATED,
                    new ModelFailure("Time limit reached", "The answer took longer than "
                            + describe(properties.maxDuration()) + ", the limit for one run, and was cut off there.",
                            false, false)));
            List<ModelRequest.Turn> prompt = RunPrompt.of(saved.conversation().settings().systemPrompt(),
                    saved.turn().history(), saved.turn().questionId());
            run.execute(tracing.within(trace, workflow.execute(new WorkflowInput(saved.model(), prompt,
                    saved.temperature(), saved.maxTokens(), policy))), end::recordFlags, end::onEnded);
            return new StartedRun(runId, saved.turn().answerId(), saved.turn().questionId());
        } catch (RuntimeException e) {
            // Whatever failed after the place was taken (the transaction's commit included) gives it back.
            if (acquired.get() && !active.contains(runId)) {
                limiter.release(userId, conversationId);
            }
            if (!active.contains(runId)) {
                trace.error(e);
                trace.end();
            }
            throw e;
        }
    }

    /** Stops a run of this person's; generation stops at the model server. */
    public RunInfo cancel(long userId, UUID runId) {
        ActiveRun run = active.get(runId);
        if (run != null && run.userId == userId) {
            run.stop(RunStatus.CANCELLED, null);
        } else if (run == null && relay != null) {
            records.findByIdAndUserId(runId, userId).filter(r -> r.getStatus() == RunStatus.RUNNING)
                    .ifPresent(r -> relay.cancel(runId)); // its owner is another instance
        }
        return info(userId, runId);
    }

    public RunInfo info(long userId, UUID runId) {
        RunRecord record = records.findByIdAndUserId(runId, userId).orElseThrow(() -> notFound(runId));
        return new RunInfo(record.getId(), record.getConversationId(), record.getMessageId(), record.getStatus(),
                record.getWorkflow(), record.getModel(), record.getMetrics(), record.getErrorTitle(),
                record.getErrorDetail());
    }

    /** Runs in progress right now, on this instance. */
    public int activeRunCount() {
        return active.goingOn();
    }

    /** The run in progress in a conversation of this person's, if any. */
    public Optional<UUID> activeRun(long userId, UUID conversationId) {
        return active.goingOn(userId, conversationId);
    }

    /**
     * Follows a run from just after {@code afterSeq}: first what was missed, then live, until it ends.
     * Close the returned subscription to detach; the run goes on.
     */
    public RunSubscription subscribe(long userId, UUID runId, long afterSeq, FlushPolicy policy,
            RunSubscription.Sink sink) {
        ActiveRun run = active.find(runId);
        RunLog runLog;
        if (run != null) {
            if (run.userId != userId) {
                throw notFound(runId);
            }
            runLog = run.log;
        } else if (relay != null) {
            // Another instance's run (or one that ended long ago): followed live from there if it can be.
            RunRecord record = records.findByIdAndUserId(runId, userId).orElseThrow(() -> notFound(runId));
            RunLog remote = relay.follow(record);
            runLog = remote != null ? remote : replayFromDatabase(userId, runId);
        } else {
            runLog = replayFromDatabase(userId, runId);
        }
        return new RunSubscription(runLog, afterSeq, policy, properties.keepAliveInterval(), sink).start();
    }

    /** Refuses new runs from now on (the application is shutting down): they get a 503 that says why. */
    void refuseNewRuns() {
        accepting = false;
    }

    /** Takes new runs again (the application context was started again after a stop, as tests do). */
    void acceptNewRuns() {
        accepting = true;
    }

    /** Whether new runs are refused because the application is shutting down. */
    public boolean shuttingDown() {
        return !accepting;
    }

    /** Waits until no run of this instance is going on (and every end is saved), at most {@code timeout}. */
    boolean awaitNoActiveRuns(Duration timeout) throws InterruptedException {
        return active.awaitNone(timeout);
    }

    /** Ends every run still going as {@code interrupted}, its text kept: the grace period is over. */
    int interruptAll(ModelFailure note) {
        return active.interruptAll(note);
    }

    /** A finished run no longer in memory, rebuilt from what was saved. */
    RunLog replayFromDatabase(long userId, UUID runId) {
        return replay.of(userId, runId);
    }

    private static NotFoundException notFound(UUID runId) {
        return RunReplay.notFound(runId);
    }

    private static String describe(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }

    @PreDestroy
    void shutdown() {
        housekeeping.close();
        end.close(); // waits for ends still being saved
    }
}
