package dev.rivulet.run;

import dev.rivulet.conversation.ConversationService;
import dev.rivulet.model.ModelFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes a run's text to the database: checkpoints while it streams, and its end once. Both hold the
 * run's {@link ActiveRun#persistence} lock, so an older checkpoint can never land after (and overwrite)
 * the final text, and the two never insert the same node part at once. Each of the end's writes is
 * tried on its own, so a failure saving the answer still ends the run row.
 */
@Component
class RunPersistence {

    private static final Logger log = LoggerFactory.getLogger(RunPersistence.class);

    private final ConversationService conversations;
    private final RunRows rows;

    RunPersistence(ConversationService conversations, RunRows rows) {
        this.conversations = conversations;
        this.rows = rows;
    }

    /** The run's row as it starts, in the caller's transaction. */
    void saveStart(UUID runId, UUID conversationId, long userId, long messageId, String workflow, String model,
            Double temperature, Integer maxTokens, Instant startedAt, String instanceId, String traceId) {
        rows.insert(runId, conversationId, userId, messageId, workflow, model, temperature, maxTokens, startedAt,
                instanceId, traceId);
    }

    /**
     * The text checkpoint of every run going on, in one transaction and one batch, then the node parts
     * of multi-node runs (each under its run's lock, guarded by the answer still streaming).
     */
    void checkpointAll(Collection<ActiveRun> runs) {
        Map<Long, String> texts = new HashMap<>();
        List<ActiveRun> withParts = new ArrayList<>();
        for (ActiveRun run : runs) {
            ActiveRun.Snapshot snapshot = run.checkpoint();
            if (snapshot != null) {
                texts.put(run.messageId, snapshot.content());
                if (hasSeveralNodes(run)) {
                    withParts.add(run);
                }
            }
        }
        // The text update skips answers no longer streaming, so it cannot overwrite a final text.
        conversations.checkpoint(texts);
        for (ActiveRun run : withParts) {
            synchronized (run.persistence) {
                if (!run.isEnded()) {
                    conversations.checkpointParts(run.messageId, run.partsSoFar());
                }
            }
        }
    }

    /**
     * Saves how the run ended: the answer with its status and parts, then the run row. {@code beforeRunRow}
     * runs between the two whatever happened (it frees the conversation for its next message).
     *
     * @return false if any write failed (it is logged; the text is still in the run's log)
     */
    boolean saveEnd(ActiveRun run, ActiveRun.Outcome outcome, Instant endedAt, Runnable beforeRunRow) {
        ModelFailure failure = outcome.failure();
        String errorTitle = failure == null ? null : failure.title();
        String errorDetail = failure == null ? null : failure.detail();
        boolean saved = true;
        synchronized (run.persistence) {
            try {
                conversations.finishAssistantMessage(run.messageId, outcome.status().toMessageStatus(),
                        outcome.content(), outcome.metrics(), errorTitle, errorDetail);
                if (hasSeveralNodes(run)) {
                    conversations.saveParts(run.messageId, outcome.parts());
                }
            } catch (RuntimeException e) {
                saved = false;
                log.error("Could not save the answer of run {}", run.id, e);
            } finally {
                beforeRunRow.run();
            }
            try {
                rows.finish(run.id, outcome.status(), outcome.metrics(), errorTitle, errorDetail, endedAt);
            } catch (RuntimeException e) {
                saved = false;
                log.error("Could not save the end of run {}", run.id, e);
            }
        }
        return saved;
    }

    /** A one-node workflow's only part is the answer itself: no need to store it twice. */
    static boolean hasSeveralNodes(ActiveRun run) {
        return run.workflow.textNodes().size() > 1;
    }
}
