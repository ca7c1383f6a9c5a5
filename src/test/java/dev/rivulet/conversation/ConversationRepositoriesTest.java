package dev.rivulet.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The conversation module's own queries on the real schema (Flyway's migrations on H2), in a JPA slice
 * rather than the whole application: what a restart marks interrupted, and whose conversations a
 * person's list and lookups see. Same slice settings as {@code FlywayMigrationTest}, so one cached
 * context serves both.
 */
@DataJpaTest(properties = {"spring.jpa.hibernate.ddl-auto=validate", "spring.flyway.enabled=true"})
class ConversationRepositoriesTest {

    @Autowired
    ConversationRepository conversations;

    @Autowired
    ChatMessageRepository messages;

    @Autowired
    EntityManager entities;

    @Autowired
    JdbcTemplate jdbc;

    long owner;
    long someoneElse;

    @BeforeEach
    void twoPeople() {
        owner = person("owner-" + UUID.randomUUID());
        someoneElse = person("other-" + UUID.randomUUID());
    }

    @Test
    void aRestartMarksOnlyTheAnswersStillStreamingInterruptedWithTheReason() {
        ConversationEntity conversation = conversations.save(conversation(owner, "Restart"));
        MessageEntity question = messages.save(message(conversation, MessageRole.USER, MessageStatus.COMPLETED));
        MessageEntity streaming = messages.save(message(conversation, MessageRole.ASSISTANT, MessageStatus.STREAMING));
        MessageEntity done = messages.save(message(conversation, MessageRole.ASSISTANT, MessageStatus.COMPLETED));
        entities.flush();

        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        assertThat(messages.markStreamingAsInterrupted("Interrupted", "The server restarted.", now)).isEqualTo(1);
        entities.clear();

        MessageEntity interrupted = messages.findById(streaming.getId()).orElseThrow();
        assertThat(interrupted.getStatus()).isEqualTo(MessageStatus.INTERRUPTED);
        assertThat(interrupted.getErrorTitle()).isEqualTo("Interrupted");
        assertThat(interrupted.getErrorDetail()).isEqualTo("The server restarted.");
        assertThat(interrupted.getUpdatedAt()).isEqualTo(now);
        assertThat(interrupted.getContent()).as("the text so far is kept").isEqualTo("text");
        assertThat(messages.findStatus(question.getId())).contains(MessageStatus.COMPLETED);
        assertThat(messages.findStatus(done.getId())).contains(MessageStatus.COMPLETED);
    }

    @Test
    void interruptingChosenAnswersLeavesThoseThatEndedMeanwhileAlone() {
        ConversationEntity conversation = conversations.save(conversation(owner, "Lease lost"));
        MessageEntity stillStreaming = messages.save(message(conversation, MessageRole.ASSISTANT, MessageStatus.STREAMING));
        MessageEntity endedMeanwhile = messages.save(message(conversation, MessageRole.ASSISTANT, MessageStatus.COMPLETED));
        MessageEntity notChosen = messages.save(message(conversation, MessageRole.ASSISTANT, MessageStatus.STREAMING));
        entities.flush();

        int marked = messages.markInterrupted(List.of(stillStreaming.getId(), endedMeanwhile.getId()), "Interrupted",
                "Its instance stopped.", Instant.now());
        entities.clear();

        assertThat(marked).isEqualTo(1);
        assertThat(messages.findStatus(stillStreaming.getId())).contains(MessageStatus.INTERRUPTED);
        assertThat(messages.findStatus(endedMeanwhile.getId())).contains(MessageStatus.COMPLETED);
        assertThat(messages.findStatus(notChosen.getId())).contains(MessageStatus.STREAMING);
    }

    @Test
    void aPersonsListHasOnlyTheirOwnConversationsNotPutAsideNewestFirst() {
        ConversationEntity older = conversation(owner, "Older");
        ConversationEntity newer = conversation(owner, "Newer");
        ConversationEntity putAside = conversation(owner, "Put aside");
        putAside.putAside(Instant.now());
        ConversationEntity theirs = conversation(someoneElse, "Theirs");
        conversations.saveAll(List.of(older, newer, putAside, theirs));
        entities.flush();
        jdbc.update("update conversations set updated_at = ? where id = ?",
                Instant.parse("2026-01-01T00:00:00Z").atOffset(ZoneOffset.UTC), older.getId());
        entities.clear();

        assertThat(conversations.findByOwnerIdAndDeletedAtIsNullOrderByUpdatedAtDesc(owner))
                .extracting(ConversationEntity::getTitle).containsExactly("Newer", "Older");
        assertThat(conversations.findByIdAndOwnerId(theirs.getId(), owner)).as("someone else's, by id").isEmpty();
        assertThat(conversations.findByIdAndOwnerId(theirs.getId(), someoneElse)).isPresent();
    }

    private long person(String username) {
        jdbc.update("insert into users (username, password_hash, created_at) values (?, 'x', current_timestamp)",
                username);
        return jdbc.queryForObject("select id from users where username = ?", Long.class, username);
    }

    private static ConversationEntity conversation(long ownerId, String title) {
        return new ConversationEntity(ownerId, title, "llama3.2", "chat", ConversationSettings.DEFAULTS);
    }

    private static MessageEntity message(ConversationEntity conversation, MessageRole role, MessageStatus status) {
        return new MessageEntity(conversation.getId(), role, "text", status, null, null);
    }
}
