package dev.rivulet.conversation;

import java.time.Instant;
import java.util.UUID;

/** A conversation as other features see it: its head and settings. The entity stays in this module. */
public record Conversation(UUID id, long ownerId, String title, String model, String workflow,
        ConversationSettings settings, Instant createdAt, Instant updatedAt) {

    static Conversation of(ConversationEntity c) {
        return new Conversation(c.getId(), c.getOwnerId(), c.getTitle(), c.getModel(), c.getWorkflow(),
                c.getSettings(), c.getCreatedAt(), c.getUpdatedAt());
    }
}
