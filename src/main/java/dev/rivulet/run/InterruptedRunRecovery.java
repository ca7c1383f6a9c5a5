package dev.rivulet.run;

import dev.rivulet.conversation.ConversationService;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * At start-up, nothing can still be running: answers left {@code streaming} by a stop (crash,
 * redeploy) become {@code interrupted}, with the text checkpointed so far kept.
 */
@Component
class InterruptedRunRecovery implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InterruptedRunRecovery.class);

    private final ConversationService conversations;
    private final RunRecordRepository records;

    InterruptedRunRecovery(ConversationService conversations, RunRecordRepository records) {
        this.conversations = conversations;
        this.records = records;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        int messages = conversations.markStreamingAsInterrupted();
        int runs = records.markRunningAsInterrupted(Instant.now());
        if (messages > 0 || runs > 0) {
            log.info("Marked {} answers and {} runs interrupted by the last stop", messages, runs);
        }
    }
}
