package dev.rivulet.run;

import dev.rivulet.conversation.ConversationService;
import dev.rivulet.model.ModelFailure;
import java.time.Instant;
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
    private final RunRecordRepository records;

    RunPersistence(ConversationService conversations, RunRecordRepository records) {
        this.conversations = conversations;
        this.records = records;
    }

    /** Saves the text so far, if the run goes on and its text grew since the last checkpoint. */
    void checkpoint(ActiveRun run) {
        synchronized (run.persistence) {
            ActiveRun.Snapshot snapshot = run.checkpoint();
            if (snapshot == null) {
                return;
            }
            conversations.checkpoint(run.messageId, snapshot.content());
            if (hasSeveralNodes(run)) {
                conversations.checkpointParts(run.messageId, snapshot.parts());
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
                records.findById(run.id).ifPresent(record -> {
                    record.finish(outcome.status(), outcome.metrics(), errorTitle, errorDetail, endedAt);
                    records.save(record);
                });
            } catch (RuntimeException e) {
                saved = false;
                log.error("Could not save the end of run {}", run.id, e);
            }
        }
        return saved;
    }

    /** A one-node workflow's only part is the answer itself: no need to store it twice. */
    static boolean hasSeveralNodes(ActiveRun run) {
        return run.workflow.nodes().size() > 1;
    }
}
