package dev.rivulet.conversation;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes for good the conversations deleted in the UI once their undo is long past. The UI offers
 * undo for a few seconds; {@link #KEEP} is much longer, so an undo clicked late still finds it.
 */
@Component
class ConversationTrash {

    static final Duration KEEP = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(ConversationTrash.class);

    private final ConversationService conversations;

    ConversationTrash(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
    void purge() {
        try {
            int removed = conversations.purgePutAside(Instant.now().minus(KEEP));
            if (removed > 0) {
                log.info("Removed {} deleted conversations for good", removed);
            }
        } catch (RuntimeException e) {
            log.warn("Removing deleted conversations failed (tried again later): {}", e.toString());
        }
    }
}
