package dev.rivulet.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A message of a conversation as other features see it: the person's question or an answer with its
 * status, node, run, error and figures. The entity behind it stays in this module.
 */
public record ChatMessage(long id, UUID conversationId, MessageRole role, String content, MessageStatus status,
        String node, UUID runId, String errorTitle, String errorDetail, MessageMetrics metrics, Instant createdAt,
        Instant updatedAt) {

    static ChatMessage of(MessageEntity m) {
        return new ChatMessage(m.getId(), m.getConversationId(), m.getRole(), m.getContent(), m.getStatus(),
                m.getNode(), m.getRunId(), m.getErrorTitle(), m.getErrorDetail(), m.getMetrics(), m.getCreatedAt(),
                m.getUpdatedAt());
    }
}
