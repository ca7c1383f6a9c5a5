package dev.rivulet.conversation;

import dev.rivulet.base.Texts;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One message in a conversation. An assistant message is written by its run, never per token. */
@Entity
@Table(name = "messages")
class MessageEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "conversation_id", nullable = false)
    private UUID conversationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private MessageRole role;

    @Column(nullable = false, length = 1_000_000)
    private String content;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private MessageStatus status;

    @Column(length = 100)
    private String node;

    @Column(name = "run_id")
    private UUID runId;

    @Column(name = "error_title", length = 500)
    private String errorTitle;

    @Column(name = "error_detail", length = 4000)
    private String errorDetail;

    @Embedded
    private MessageMetrics metrics;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected MessageEntity() {
    }

    MessageEntity(UUID conversationId, MessageRole role, String content, MessageStatus status, UUID runId,
            String node) {
        this.conversationId = conversationId;
        this.role = role;
        this.content = content;
        this.status = status;
        this.runId = runId;
        this.node = node;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    void finish(MessageStatus status, String text, MessageMetrics metrics, String errorTitle, String errorDetail) {
        this.status = status;
        this.content = text;
        this.metrics = metrics;
        this.errorTitle = Texts.truncate(errorTitle, 500);
        this.errorDetail = Texts.truncate(errorDetail, 4000);
        this.updatedAt = Instant.now();
    }

    /** The person changed their question before having it answered again; an old error note goes with it. */
    void revise(String text) {
        this.content = text;
        this.errorTitle = null;
        this.errorDetail = null;
        this.updatedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public UUID getConversationId() {
        return conversationId;
    }

    public MessageRole getRole() {
        return role;
    }

    public String getContent() {
        return content;
    }

    public MessageStatus getStatus() {
        return status;
    }

    public String getNode() {
        return node;
    }

    public UUID getRunId() {
        return runId;
    }

    public String getErrorTitle() {
        return errorTitle;
    }

    public String getErrorDetail() {
        return errorDetail;
    }

    public MessageMetrics getMetrics() {
        return MessageMetrics.orNone(metrics);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
