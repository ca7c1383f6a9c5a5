package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.conversation.ChatMessage;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.conversation.MessageStatus;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

/** Answers left {@code streaming} by a stop become {@code interrupted} at the next start, text kept. */
class InterruptedRunRecoveryTest extends IntegrationTest {

    @Autowired
    ConversationService conversations;

    @Autowired
    InterruptedRunRecovery recovery;

    @Autowired
    RunRecordRepository records;

    @Test
    void streamingRowsBecomeInterruptedWithTheirText() {
        long userId = userService.findByUsername(newUser()).orElseThrow().getId();
        UUID conversation = conversations.create(userId, "crash", null, null, null).getId();
        conversations.addUserMessage(userId, conversation, "question");
        UUID runId = UUID.randomUUID();
        ChatMessage answer = conversations.startAssistantMessage(conversation, runId, "chat");
        records.save(new RunRecord(runId, conversation, userId, answer.getId(), "chat", "llama3.2", null, 2048,
                Instant.now()));
        conversations.checkpoint(answer.getId(), "The text checkpointed before the crash");

        recovery.run(new DefaultApplicationArguments());

        ChatMessage after = conversations.messages(userId, conversation).getLast();
        assertThat(after.getStatus()).isEqualTo(MessageStatus.INTERRUPTED);
        assertThat(after.getContent()).isEqualTo("The text checkpointed before the crash");
        assertThat(records.findById(runId).orElseThrow().getStatus()).isEqualTo(RunStatus.INTERRUPTED);
    }
}
