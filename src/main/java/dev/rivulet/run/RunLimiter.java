package dev.rivulet.run;

import dev.rivulet.base.ConflictException;
import dev.rivulet.base.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One run per conversation, a few per person at once, and a per-minute message budget. With H2 (one
 * instance) kept in memory. On a shared database (PostgreSQL, several instances) they are counted in
 * the database instead, in the start's transaction, so they hold across instances: the person's row is
 * locked ({@code for update}) while their running runs and the runs they started in the last minute are
 * counted (the runs table is the message log already, so this adds no write), and the unique
 * {@code runs.active_conversation_id} keeps one running answer per conversation.
 */
@Component
class RunLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RunProperties properties;
    private final Clock clock;
    private final Map<UUID, UUID> runByConversation = new HashMap<>();
    private final Map<Long, Integer> activeByUser = new HashMap<>();
    private final Map<Long, Deque<Instant>> recentByUser = new HashMap<>();
    /** Non-null on a shared database: the limits are counted there. */
    private final JdbcClient shared;

    RunLimiter(RunProperties properties) {
        this(properties, Clock.systemUTC());
    }

    RunLimiter(RunProperties properties, Clock clock) {
        this(properties, clock, null);
    }

    @Autowired
    RunLimiter(RunProperties properties, RunInstance instance, JdbcClient jdbc) {
        this(properties, Clock.systemUTC(), instance.clustered() ? jdbc : null);
    }

    private RunLimiter(RunProperties properties, Clock clock, JdbcClient shared) {
        this.properties = properties;
        this.clock = clock;
        this.shared = shared;
    }

    static ConflictException conversationBusy() {
        return new ConflictException("This conversation already has an answer in progress. Wait for it, "
                + "or stop it, before sending another message.");
    }

    private TooManyRequestsException tooManyActive(int active) {
        return new TooManyRequestsException("You already have " + active + " answers in progress (the limit is "
                + properties.maxActivePerUser() + "). Wait for one to finish.", Duration.ofSeconds(5));
    }

    private TooManyRequestsException tooManyMessages(int sent, Instant now, Instant oldest) {
        Duration wait = Duration.between(now, oldest.plus(WINDOW));
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new TooManyRequestsException("You sent " + sent + " messages in the last minute (the limit is "
                + properties.messagesPerMinute() + "). Try again in " + seconds + " s.", Duration.ofSeconds(seconds));
    }

    /**
     * Reserves a place for a new run, or says which limit stands in the way. On a shared database this
     * must run in the start's transaction (it locks the person's row until the run row is inserted).
     */
    void acquire(long userId, UUID conversationId, UUID runId) {
        if (shared != null) {
            acquireShared(userId, conversationId);
        } else {
            acquireLocal(userId, conversationId, runId);
        }
    }

    private void acquireShared(long userId, UUID conversationId) {
        // Serialises the starts of one person across instances until this transaction ends.
        shared.sql("select id from users where id = ? for update").param(userId).query(Long.class).optional();
        if (shared.sql("select count(*) from runs where active_conversation_id = ?").param(conversationId)
                .query(Integer.class).single() > 0) {
            throw conversationBusy();
        }
        int active = shared.sql("select count(*) from runs where user_id = ? and status = 'RUNNING'").param(userId)
                .query(Integer.class).single();
        if (active >= properties.maxActivePerUser()) {
            throw tooManyActive(active);
        }
        Instant now = clock.instant();
        var recent = shared.sql("select count(*), min(started_at) from runs where user_id = ? and started_at > ?")
                .params(userId, now.minus(WINDOW).atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getObject(2, OffsetDateTime.class)})
                .single();
        int sent = (Integer) recent[0];
        if (sent >= properties.messagesPerMinute()) {
            throw tooManyMessages(sent, now, ((OffsetDateTime) recent[1]).toInstant());
        }
    }

    private synchronized void acquireLocal(long userId, UUID conversationId, UUID runId) {
        if (runByConversation.containsKey(conversationId)) {
            throw conversationBusy();
        }
        int active = activeByUser.getOrDefault(userId, 0);
        if (active >= properties.maxActivePerUser()) {
            throw tooManyActive(active);
        }
        Instant now = clock.instant();
        Deque<Instant> recent = recentByUser.computeIfAbsent(userId, id -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
            recent.pollFirst();
        }
        if (recent.size() >= properties.messagesPerMinute()) {
            throw tooManyMessages(recent.size(), now, recent.peekFirst());
        }
        recent.addLast(now);
        runByConversation.put(conversationId, runId);
        activeByUser.merge(userId, 1, Integer::sum);
    }

    /** Frees the run's places (on a shared database its end's row update does that). */
    synchronized void release(long userId, UUID conversationId) {
        if (shared != null) {
            return;
        }
        runByConversation.remove(conversationId);
        activeByUser.computeIfPresent(userId, (id, n) -> n <= 1 ? null : n - 1);
    }

    /** Forgets the messages older than the window, and people with none left: memory follows who is active. */
    synchronized void forgetOld() {
        Instant cutoff = clock.instant().minus(WINDOW);
        recentByUser.values().removeIf(recent -> {
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
                recent.pollFirst();
            }
            return recent.isEmpty();
        });
    }

    /** How many people's recent messages are kept (for tests of the bound). */
    synchronized int trackedPeople() {
        return recentByUser.size();
    }
}
