package dev.rivulet.run;

import dev.rivulet.base.Texts;
import dev.rivulet.conversation.MessageMetrics;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/** The stored trace of a run, for {@code GET /api/runs/{id}} after it ended and for the admin views. */
@Entity
@Table(name = "runs")
public class RunRecord implements Persistable<UUID> {

    /** The id is assigned, so without this a save would first look for an existing row. */
    @Transient
    private boolean isNew;

    @Id
    private UUID id;

    @Column(name = "conversation_id", nullable = false)
    private UUID conversationId;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(name = "message_id")
    private Long messageId;

    @Column(nullable = false, length = 64)
    private String workflow;

    @Column(nullable = false, length = 200)
    private String model;

    private Double temperature;

    @Column(name = "max_tokens")
    private Integer maxTokens;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private RunStatus status;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Embedded
    private MessageMetrics metrics;

    @Column(name = "error_title", length = 500)
    private String errorTitle;

    @Column(name = "error_detail", length = 4000)
    private String errorDetail;

    /** The instance executing the run; recovery leaves a run alone while its owner's heartbeat is fresh. */
    @Column(name = "instance_id", length = 100)
    private String instanceId;

    /** The run's trace: OpenTelemetry's trace id, whether the trace was exported or not. */
    @Column(name = "trace_id", length = 32)
    private String traceId;

    @Column(name = "heartbeat_at")
    private Instant heartbeatAt;

    /** The conversation while the run is running on a shared database (unique: one per conversation), else null. */
    @Column(name = "active_conversation_id")
    private UUID activeConversationId;

    protected RunRecord() {
    }

    RunRecord(UUID id, UUID conversationId, long userId, long messageId, String workflow, String model,
            Double temperature, Integer maxTokens, Instant startedAt, String instanceId) {
        this.id = id;
        this.conversationId = conversationId;
        this.userId = userId;
        this.messageId = messageId;
        this.workflow = workflow;
        this.model = model;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.status = RunStatus.RUNNING;
        this.startedAt = startedAt;
        this.instanceId = instanceId;
        this.heartbeatAt = startedAt;
        this.isNew = true;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostPersist
    @PostLoad
    void stored() {
        isNew = false;
    }

    public UUID getId() {
        return id;
    }

    public UUID getConversationId() {
        return conversationId;
    }

    public Long getUserId() {
        return userId;
    }

    public Long getMessageId() {
        return messageId;
    }

    public String getWorkflow() {
        return workflow;
    }

    public String getModel() {
        return model;
    }

    public Double getTemperature() {
        return temperature;
    }

    public Integer getMaxTokens() {
        return maxTokens;
    }

    public RunStatus getStatus() {
        return status;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    public MessageMetrics getMetrics() {
        return MessageMetrics.orNone(metrics);
    }

    public String getErrorTitle() {
        return errorTitle;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public String getTraceId() {
        return traceId;
    }

    public Instant getHeartbeatAt() {
        return heartbeatAt;
    }

    public String getErrorDetail() {
        return errorDetail;
    }
}
