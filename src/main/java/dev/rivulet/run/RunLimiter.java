package dev.rivulet.run;

import dev.rivulet.base.ConflictException;
import dev.rivulet.base.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * One run per conversation, a few per person at once, and a per-minute message budget. Kept in
 * memory: the limits protect this instance's model server.
 */
@Component
class RunLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RunProperties properties;
    private final Clock clock;
    private final Map<UUID, UUID> runByConversation = new HashMap<>();
    private final Map<Long, Integer> activeByUser = new HashMap<>();
    private final Map<Long, Deque<Instant>> recentByUser = new HashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    RunLimiter(RunProperties properties) {
        this(properties, Clock.systemUTC());
    }

    RunLimiter(RunProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Reserves a place for a new run, or says which limit stands in the way. */
    synchronized void acquire(long userId, UUID conversationId, UUID runId) {
        if (runByConversation.containsKey(conversationId)) {
            throw new ConflictException("This conversation already has an answer in progress. Wait for it, "
                    + "or stop it, before sending another message.");
        }
        int active = activeByUser.getOrDefault(userId, 0);
        if (active >= properties.maxActivePerUser()) {
            throw new TooManyRequestsException("You already have " + active + " answers in progress (the limit is "
                    + properties.maxActivePerUser() + "). Wait for one to finish.", Duration.ofSeconds(5));
        }
        Instant now = clock.instant();
        Deque<Instant> recent = recentByUser.computeIfAbsent(userId, id -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
            recent.pollFirst();
        }
        if (recent.size() >= properties.messagesPerMinute()) {
            Duration wait = Duration.between(now, recent.peekFirst().plus(WINDOW));
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new TooManyRequestsException("You sent " + recent.size() + " messages in the last minute (the limit is "
                    + properties.messagesPerMinute() + "). Try again in " + seconds + " s.", Duration.ofSeconds(seconds));
        }
        recent.addLast(now);
        runByConversation.put(conversationId, runId);
        activeByUser.merge(userId, 1, Integer::sum);
    }

    synchronized void release(long userId, UUID conversationId) {
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
