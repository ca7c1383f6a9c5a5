package dev.rivulet.run;

import dev.rivulet.base.NotFoundException;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.Conversation;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.conversation.MessageRole;
import dev.rivulet.model.ModelFailure;
import dev.rivulet.model.ModelRequest;
import dev.rivulet.model.ModelSettings;
import dev.rivulet.model.StreamPolicy;
import dev.rivulet.workflow.Workflow;
import dev.rivulet.workflow.WorkflowCatalog;
import dev.rivulet.workflow.WorkflowInput;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Starts, follows and stops runs. A run lives here, not in a browser tab: the chat view and the SSE
 * API are just subscribers. Text is checkpointed about once a second and saved with its end status
 * when the run ends, never per token.
 */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    private static final int MAX_FINISHED_IN_MEMORY = 500;

    private final ConversationService conversations;
    private final WorkflowCatalog workflows;
    private final ModelSettings modelSettings;
    private final InputRules inputRules;
    private final RunLimiter limiter;
    private final RunProperties properties;
    private final RunRecordRepository records;
    private final ApplicationEventPublisher events;
    private final Map<UUID, ActiveRun> active = new ConcurrentHashMap<>();
    private final Map<UUID, ActiveRun> recentlyFinished = new ConcurrentHashMap<>();
    private final Map<UUID, java.util.concurrent.ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("run-timer").factory());

    RunService(ConversationService conversations, WorkflowCatalog workflows, ModelSettings modelSettings,
            InputRules inputRules, RunLimiter limiter, RunProperties properties, RunRecordRepository records,
            ApplicationEventPublisher events) {
        this.conversations = conversations;
        this.workflows = workflows;
        this.modelSettings = modelSettings;
        this.inputRules = inputRules;
        this.limiter = limiter;
        this.properties = properties;
        this.records = records;
        this.events = events;
        long checkpointMs = properties.checkpointInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkpointAll, checkpointMs, checkpointMs, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::forgetOldRuns, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Saves the person's message and starts answering it.
     *
     * @param workflowName null for the conversation's workflow
     */
    public StartedRun start(long userId, UUID conversationId, String content, String workflowName) {
        long sentAt = System.nanoTime();
        String text = inputRules.check(content);
        Conversation conversation = conversations.get(userId, conversationId);
        Workflow workflow = workflows.get(workflowName != null ? workflowName : conversation.getWorkflow());
        UUID runId = UUID.randomUUID();
        limiter.acquire(userId, conversationId, runId);
        try {
            ChatMessage userMessage = conversations.addUserMessage(userId, conversationId, text);
            List<ModelRequest.Turn> history = promptFor(conversation, conversations.history(conversationId));
            ChatMessage answer = conversations.startAssistantMessage(conversationId, runId, workflow.outputNode());
            String model = conversation.getModel() != null ? conversation.getModel() : modelSettings.defaultModel();
            Double temperature = conversation.getSettings().temperature();
            Integer maxTokens = Math.min(conversation.getSettings().maxTokens() != null
                    ? conversation.getSettings().maxTokens() : properties.maxTokens(), properties.maxTokens());
            records.save(new RunRecord(runId, conversationId, userId, answer.getId(), workflow.name(), model,
                    temperature, maxTokens, Instant.now()));

            ActiveRun run = new ActiveRun(runId, userId, conversationId, answer.getId(), workflow, model, temperature,
                    maxTokens, sentAt);
            active.put(runId, run);
            run.log.append(RunEvent.Type.RUN, null, null, runPayload(run));
            StreamPolicy policy = new StreamPolicy(properties.firstTokenTimeout(), properties.idleTimeout(),
                    properties.retries(), properties.retryBackoff());
            run.execute(workflow.execute(new WorkflowInput(model, history, temperature, maxTokens, policy)),
                    this::onEnded);
            deadlines.put(runId, timer.schedule(() -> run.stop(RunStatus.TRUNCATED, new ModelFailure(
                    "Time limit reached", "The answer took longer than " + describe(properties.maxDuration())
                            + ", the limit for one run, and was cut off there.", false, false)),
                    properties.maxDuration().toMillis(), TimeUnit.MILLISECONDS));
            return new StartedRun(runId, answer.getId(), userMessage.getId());
        } catch (RuntimeException e) {
            if (!active.containsKey(runId)) {
                limiter.release(userId, conversationId);
            }
            throw e;
        }
    }

    /** Stops a run of this person's; generation stops at the model server. */
    public RunInfo cancel(long userId, UUID runId) {
        ActiveRun run = active.get(runId);
        if (run != null && run.userId == userId) {
            run.stop(RunStatus.CANCELLED, null);
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
        return (int) active.values().stream().filter(r -> !r.isEnded()).count();
    }

    /** The run in progress in a conversation of this person's, if any. */
    public Optional<UUID> activeRun(long userId, UUID conversationId) {
        return active.values().stream()
                .filter(r -> r.userId == userId && r.conversationId.equals(conversationId) && !r.isEnded())
                .map(r -> r.id).findFirst();
    }

    /**
     * Follows a run from just after {@code afterSeq}: first what was missed, then live, until it ends.
     * Close the returned subscription to detach; the run goes on.
     */
    public RunSubscription subscribe(long userId, UUID runId, long afterSeq, FlushPolicy policy,
            RunSubscription.Sink sink) {
        ActiveRun run = active.get(runId);
        if (run == null) {
            run = recentlyFinished.get(runId);
        }
        RunLog runLog;
        if (run != null) {
            if (run.userId != userId) {
                throw notFound(runId);
            }
            runLog = run.log;
        } else {
            runLog = replayFromDatabase(userId, runId);
        }
        return new RunSubscription(runLog, afterSeq, policy, properties.keepAliveInterval(), sink).start();
    }

    /**
     * A run usually ends on a Reactor Netty event-loop thread (the model's last chunk or error), which
     * must not block: the saving, the stream log and the listeners then move to a virtual thread, so
     * other runs' tokens on that loop are not held up. The {@code done} event still follows the save.
     */
    private void onEnded(ActiveRun run, ActiveRun.Outcome outcome) {
        if (reactor.core.scheduler.Schedulers.isInNonBlockingThread()) {
            Thread.ofVirtual().name("run-end-" + run.id).start(() -> finish(run, outcome));
        } else {
            finish(run, outcome);
        }
    }

    private void finish(ActiveRun run, ActiveRun.Outcome outcome) {
        Instant endedAt = Instant.now();
        ModelFailure failure = outcome.failure();
        String errorTitle = failure == null ? null : failure.title();
        String errorDetail = failure == null ? null : failure.detail();
        try {
            try {
                conversations.finishAssistantMessage(run.messageId, outcome.status().toMessageStatus(),
                        outcome.content(), outcome.metrics(), errorTitle, errorDetail);
                if (hasSeveralNodes(run)) {
                    conversations.saveParts(run.messageId, outcome.parts());
                }
            } finally {
                // The answer is final: the conversation may take its next message. The run row changes
                // last, so whoever sees the run ended also finds the answer saved and the slot free.
                limiter.release(run.userId, run.conversationId);
            }
            records.findById(run.id).ifPresent(record -> {
                record.finish(outcome.status(), outcome.metrics(), errorTitle, errorDetail, endedAt);
                records.save(record);
            });
        } catch (RuntimeException e) {
            // The text is still in the log and was checkpointed; the next start marks the row interrupted.
            log.error("Could not save the end of run {}", run.id, e);
        } finally {
            run.log.append(RunEvent.Type.DONE, null, null, donePayload(outcome));
            recentlyFinished.put(run.id, run);
            active.remove(run.id);
            var deadline = deadlines.remove(run.id);
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
        events.publishEvent(new RunFinished(run.id, run.userId, run.conversationId, run.workflow.name(), run.model,
                run.temperature, run.maxTokens, outcome.status(), outcome.metrics(), errorTitle, run.startedAt,
                run.log.after(0)));
    }

    private void checkpointAll() {
        for (ActiveRun run : active.values()) {
            try {
                ActiveRun.Snapshot snapshot = run.checkpoint();
                if (snapshot != null && !run.isEnded()) {
                    conversations.checkpoint(run.messageId, snapshot.content());
                    if (hasSeveralNodes(run)) {
                        conversations.saveParts(run.messageId, snapshot.parts());
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Checkpoint of run {} failed: {}", run.id, e.toString());
            }
        }
    }

    /** A one-node workflow's only part is the answer itself: no need to store it twice. */
    private static boolean hasSeveralNodes(ActiveRun run) {
        return run.workflow.nodes().size() > 1;
    }

    private void forgetOldRuns() {
        Instant cutoff = Instant.now().minus(properties.finishedRunRetention());
        recentlyFinished.values().removeIf(run -> run.startedAt.isBefore(cutoff));
        // Bounded in number too: older finished runs replay from the database instead.
        int excess = recentlyFinished.size() - MAX_FINISHED_IN_MEMORY;
        if (excess > 0) {
            recentlyFinished.values().stream().sorted(java.util.Comparator.comparing(run -> run.startedAt))
                    .limit(excess).map(run -> run.id).toList().forEach(recentlyFinished::remove);
        }
    }

    /** A finished run no longer in memory, rebuilt from what was saved: one token event for the text. */
    private RunLog replayFromDatabase(long userId, UUID runId) {
        RunRecord record = records.findByIdAndUserId(runId, userId).orElseThrow(() -> notFound(runId));
        ChatMessage message = conversations.history(record.getConversationId()).stream()
                .filter(m -> m.getId().equals(record.getMessageId())).findFirst().orElseThrow(() -> notFound(runId));
        String node = message.getNode() == null ? WorkflowCatalog.DEFAULT : message.getNode();
        RunLog replay = new RunLog();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("runId", runId.toString());
        run.put("conversationId", record.getConversationId().toString());
        run.put("workflow", record.getWorkflow());
        run.put("model", record.getModel());
        run.put("settings", settings(record.getTemperature(), record.getMaxTokens()));
        replay.append(RunEvent.Type.RUN, null, null, run);
        var parts = conversations.parts(List.of(message.getId())).getOrDefault(message.getId(), List.of());
        if (parts.isEmpty() && !message.getContent().isEmpty()) {
            replay.append(RunEvent.Type.TOKEN, node, message.getContent(), null);
        }
        for (var part : parts) {
            replay.append(RunEvent.Type.NODE, part.getNode(), null, Map.of("node", part.getNode(), "phase", "started"));
            if (!part.getContent().isEmpty()) {
                replay.append(RunEvent.Type.TOKEN, part.getNode(), part.getContent(), null);
            }
            replay.append(RunEvent.Type.NODE, part.getNode(), null, Map.of("node", part.getNode(), "phase", "finished"));
        }
        RunStatus status = record.getStatus() == RunStatus.RUNNING ? RunStatus.INTERRUPTED : record.getStatus();
        ModelFailure failure = record.getErrorTitle() == null ? null
                : new ModelFailure(record.getErrorTitle(), record.getErrorDetail(), false, false);
        replay.append(RunEvent.Type.DONE, null, null, donePayload(new ActiveRun.Outcome(status, message.getContent(),
                List.of(), record.getMetrics(), failure)));
        return replay;
    }

    private static List<ModelRequest.Turn> promptFor(Conversation conversation, List<ChatMessage> messages) {
        List<ModelRequest.Turn> turns = new ArrayList<>();
        String systemPrompt = conversation.getSettings().systemPrompt();
        if (systemPrompt != null) {
            turns.add(new ModelRequest.Turn("system", systemPrompt));
        }
        for (ChatMessage message : messages) {
            if (!message.getContent().isBlank()) {
                turns.add(new ModelRequest.Turn(message.getRole() == MessageRole.USER ? "user" : "assistant",
                        message.getContent()));
            }
        }
        return turns;
    }

    private static Map<String, Object> runPayload(ActiveRun run) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runId", run.id.toString());
        data.put("conversationId", run.conversationId.toString());
        data.put("workflow", run.workflow.name());
        data.put("model", run.model);
        data.put("settings", settings(run.temperature, run.maxTokens));
        return data;
    }

    private static Map<String, Object> settings(Double temperature, Integer maxTokens) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("temperature", temperature);
        settings.put("maxTokens", maxTokens);
        return settings;
    }

    static Map<String, Object> donePayload(ActiveRun.Outcome outcome) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", outcome.status().wireName());
        data.put("content", outcome.content());
        data.put("metrics", metricsPayload(outcome.metrics()));
        if (outcome.parts().size() > 1) {
            // Every node's text, so a failed or cancelled multi-node run still shows what each branch wrote.
            Map<String, Object> nodes = new LinkedHashMap<>();
            outcome.parts().forEach(part -> nodes.put(part.node(), part.content()));
            data.put("nodes", nodes);
        }
        if (outcome.failure() != null) {
            data.put("error", Map.of("title", outcome.failure().title(), "detail", outcome.failure().detail()));
        }
        return data;
    }

    public static Map<String, Object> metricsPayload(MessageMetrics metrics) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ttftMs", metrics.ttftMs());
        data.put("totalMs", metrics.totalMs());
        data.put("tokens", metrics.tokens());
        data.put("tokensPerSecond", metrics.tokensPerSecond());
        data.put("doneReason", metrics.doneReason());
        return data;
    }

    private static NotFoundException notFound(UUID runId) {
        return new NotFoundException("There is no run " + runId + " of yours.");
    }

    private static String describe(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }
}
