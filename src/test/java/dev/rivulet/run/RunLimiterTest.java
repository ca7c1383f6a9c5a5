package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.base.ConflictException;
import dev.rivulet.base.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class RunLimiterTest {

    private final MutableClock clock = new MutableClock();
    private final RunLimiter limiter = new RunLimiter(new RunProperties(2048, Duration.ofSeconds(120),
            Duration.ofSeconds(60), Duration.ofMinutes(10), 2, 3, 2, Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(15), Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofSeconds(20), DataSize.ofMegabytes(64)), clock);

    @Test
    void oneRunPerConversation() {
        UUID conversation = UUID.randomUUID();
        limiter.acquire(1, conversation, UUID.randomUUID());
        assertThatThrownBy(() -> limiter.acquire(1, conversation, UUID.randomUUID()))
                .isInstanceOf(ConflictException.class);
        limiter.release(1, conversation);
        limiter.acquire(1, conversation, UUID.randomUUID());
    }

    @Test
    void runsPerPersonAtOnce() {
        limiter.acquire(1, UUID.randomUUID(), UUID.randomUUID());
        limiter.acquire(1, UUID.randomUUID(), UUID.randomUUID());
        assertThatThrownBy(() -> limiter.acquire(1, UUID.randomUUID(), UUID.randomUUID()))
                .isInstanceOf(TooManyRequestsException.class).hasMessageContaining("limit is 2");
        limiter.acquire(2, UUID.randomUUID(), UUID.randomUUID());
    }

    @Test
    void messagesPerMinuteWithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            UUID conversation = UUID.randomUUID();
            limiter.acquire(1, conversation, UUID.randomUUID());
            limiter.release(1, conversation);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThatThrownBy(() -> limiter.acquire(1, UUID.randomUUID(), UUID.randomUUID()))
                .isInstanceOfSatisfying(TooManyRequestsException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(31));
        limiter.acquire(1, UUID.randomUUID(), UUID.randomUUID());
    }

    /** Found by reading the code: the per-minute budget kept an entry for everyone who ever sent a message. */
    @Test
    void peopleWhoStoppedSendingAreForgotten() {
        for (long user = 1; user <= 50; user++) {
            UUID conversation = UUID.randomUUID();
            limiter.acquire(user, conversation, UUID.randomUUID());
            limiter.release(user, conversation);
        }
        assertThat(limiter.trackedPeople()).isEqualTo(50);
        clock.advance(Duration.ofSeconds(30));
        limiter.acquire(51, UUID.randomUUID(), UUID.randomUUID());
        limiter.forgetOld();
        assertThat(limiter.trackedPeople()).as("all still inside the window").isEqualTo(51);
        clock.advance(Duration.ofSeconds(31));
        limiter.forgetOld();
        assertThat(limiter.trackedPeople()).as("only the one who sent within the last minute").isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        limiter.forgetOld();
        assertThat(limiter.trackedPeople()).isZero();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
