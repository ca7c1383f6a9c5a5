package dev.rivulet.run;

import dev.rivulet.base.NotFoundException;
import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.model.ModelFailure;
import dev.rivulet.workflow.WorkflowCatalog;
import java.util.List;
import java.util.UUID;

/**
 * A finished run no longer in memory, rebuilt from what was saved (the run row, the answer and its
 * parts): one token event per node's text, then {@code done}. A run still {@code running} in the
 * database had an owner that is gone: it replays as {@code interrupted}.
 */
final class RunReplay {

    private final RunRecordRepository records;
    private final ConversationService conversations;

    RunReplay(RunRecordRepository records, ConversationService conversations) {
        this.records = records;
        this.conversations = conversations;
    }

    RunLog of(long userId, UUID runId) {
        RunRecord record = records.findByIdAndUserId(runId, userId).orElseThrow(() -> notFound(runId));
        ChatMessage message = conversations.history(record.getConversationId()).stream()
                .filter(m -> record.getMessageId().equals(m.id())).findFirst().orElseThrow(() -> notFound(runId));
        String node = message.node() == null ? WorkflowCatalog.DEFAULT : message.node();
        RunLog replay = new RunLog();
        replay.append(RunEvent.Type.RUN, null, null, RunPayload.of(record));
        var parts = conversations.parts(List.of(message.id())).getOrDefault(message.id(), List.of());
        if (parts.isEmpty() && !message.content().isEmpty()) {
            replay.append(RunEvent.Type.TOKEN, node, message.content(), null);
        }
        for (var part : parts) {
            replay.append(RunEvent.Type.NODE, part.node(), null, NodePayload.started(part.node()));
            if (!part.content().isEmpty()) {
                replay.append(RunEvent.Type.TOKEN, part.node(), part.content(), null);
            }
            replay.append(RunEvent.Type.NODE, part.node(), null, NodePayload.finished(part.node(), null));
        }
        RunStatus status = record.getStatus() == RunStatus.RUNNING ? RunStatus.INTERRUPTED : record.getStatus();
        ModelFailure failure = record.getErrorTitle() == null ? null
                : new ModelFailure(record.getErrorTitle(), record.getErrorDetail(), false, false);
        replay.append(RunEvent.Type.DONE, null, null, DonePayload.of(new ActiveRun.Outcome(status, message.content(),
                List.of(), record.getMetrics(), failure)));
        return replay;
    }

    static NotFoundException notFound(UUID runId) {
        return new NotFoundException("There is no run " + runId + " of yours.");
    }
}
