package dev.rivulet.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What one workflow node wrote for an answer; {@code position} is the order the nodes started in. */
@Entity
@Table(name = "message_parts")
class MessagePartEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "message_id", nullable = false)
    private Long messageId;

    @Column(nullable = false, length = 100)
    private String node;

    @Column(nullable = false)
    private int position;

    @Column(nullable = false, length = 1_000_000)
    private String content;

    @Column(name = "first_token_ms")
    private Long firstTokenMs;

    @Column(name = "duration_ms")
    private Long durationMs;

    protected MessagePartEntity() {
    }

    MessagePartEntity(long messageId, String node, int position) {
        this.messageId = messageId;
        this.node = node;
        this.position = position;
        this.content = "";
    }

    void update(String content, Long firstTokenMs, Long durationMs) {
        this.content = content;
        this.firstTokenMs = firstTokenMs;
        this.durationMs = durationMs;
    }

    public Long getMessageId() {
        return messageId;
    }

    public String getNode() {
        return node;
    }

    public int getPosition() {
        return position;
    }

    public String getContent() {
        return content;
    }

    public Long getFirstTokenMs() {
        return firstTokenMs;
    }

    public Long getDurationMs() {
        return durationMs;
    }
}
