package dev.rivulet.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/** A conversation belongs to one person; its settings apply to every run in it. */
@Entity
@Table(name = "conversations")
class ConversationEntity implements Persistable<UUID> {

    @Id
    private UUID id;

    @Column(name = "owner_id", nullable = false)
    private Long ownerId;

    @Column(nullable = false, length = 200)
    private String title;

    @Column(length = 200)
    private String model;

    @Column(nullable = false, length = 64)
    private String workflow;

    private Double temperature;

    @Column(name = "max_tokens")
    private Integer maxTokens;

    @Column(name = "system_prompt", length = 8000)
    private String systemPrompt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Set while a deletion can still be undone; such a conversation is gone for every reader. */
    @Column(name = "deleted_at")
    private Instant deletedAt;

    /** Its id is assigned here, so without this Spring Data would merge (select, then insert) a new one. */
    @Transient
    private boolean isNew;

    protected ConversationEntity() {
    }

    ConversationEntity(long ownerId, String title, String model, String workflow, ConversationSettings settings) {
        this.id = UUID.randomUUID();
        this.ownerId = ownerId;
        this.title = title;
        this.model = model;
        this.workflow = workflow;
        apply(settings);
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
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

    void apply(ConversationSettings settings) {
        this.temperature = settings.temperature();
        this.maxTokens = settings.maxTokens();
        this.systemPrompt = settings.systemPrompt();
    }

    void touch() {
        this.updatedAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public Long getOwnerId() {
        return ownerId;
    }

    public String getTitle() {
        return title;
    }

    void setTitle(String title) {
        this.title = title;
    }

    /** The chosen model, or null for the server's default. */
    public String getModel() {
        return model;
    }

    void setModel(String model) {
        this.model = model;
    }

    public String getWorkflow() {
        return workflow;
    }

    void setWorkflow(String workflow) {
        this.workflow = workflow;
    }

    public ConversationSettings getSettings() {
        return new ConversationSettings(temperature, maxTokens, systemPrompt);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    boolean isPutAside() {
        return deletedAt != null;
    }

    void putAside(Instant at) {
        this.deletedAt = at;
    }

    void restore() {
        this.deletedAt = null;
    }
}
