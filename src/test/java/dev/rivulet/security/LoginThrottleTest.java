package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The buckets' arithmetic, with time moved by hand (real Bucket4j buckets, no sleeps). */
class LoginThrottleTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new LoginThrottleProperties(true,
            List.of("5/1m", "10/15m", "20/1h"), List.of("50/15m", "100/1h"), List.of("30/15m", "100/1h"), 1000),
            clock);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.check(user, address)).as("attempt %d", i + 1).isEmpty();
            throttle.failed(user, address);
        }
    }

    @Test
    void fiveFailuresGoThenTheWaitGrowsAsFailuresAddUp() {
        fail("alice", "10.0.0.9", 5);
        var first = throttle.check("alice", "10.0.0.9").orElseThrow();
        assertThat(first.retryAfterSeconds()).isEqualTo(12); // 5 per minute, refilled evenly
        assertThat(first.reason()).contains("this account from your address");

        // one more every 12 s, until the 15-minute limit (10) holds: then the wait is 90 s
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(12));
            fail("alice", "10.0.0.9", 1);
        }
        long second = throttle.check("alice", "10.0.0.9").orElseThrow().retryAfterSeconds();
        assertThat(second).isGreaterThan(first.retryAfterSeconds()).isBetween(30L, 90L);

        // ... and past 20 failures the hourly limit makes it longer still
        for (int i = 0; i < 10; i++) {
            clock.advance(throttle.check("alice", "10.0.0.9").map(LoginThrottle.Refusal::retryAfter)
                    .orElse(Duration.ZERO));
            fail("alice", "10.0.0.9", 1);
        }
        long third = throttle.check("alice", "10.0.0.9").orElseThrow().retryAfterSeconds();
        assertThat(third).isGreaterThan(second);

        clock.advance(Duration.ofHours(2));
        assertThat(throttle.check("alice", "10.0.0.9")).as("all buckets refilled").isEmpty();
    }

    @Test
    void aGuesserElsewhereDoesNotLockTheOwnerOutAndASuccessForgetsTheOwnersOwnFailures() {
        throttle.succeeded("bob", "192.168.1.20"); // the owner has logged in from home before
        fail("bob", "192.168.1.20", 3); // and mistypes a few times
        // a guesser spreads 50 failures over many addresses: the per-account limit is reached
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            if (throttle.check("bob", "203.0.113." + i).isEmpty()) {
                throttle.failed("bob", "203.0.113." + i);
            } else {
                refused++;
            }
        }
        assertThat(refused).as("the guesser's attempts past the per-account limit").isEqualTo(13);
        assertThat(throttle.check("bob", "203.0.113.200")).as("a new address is held back").isPresent()
                .get().extracting(LoginThrottle.Refusal::reason).asString().contains("this account");
        assertThat(throttle.check("bob", "192.168.1.20")).as("the owner's known address is not").isEmpty();

        throttle.succeeded("bob", "192.168.1.20");
        fail("bob", "192.168.1.20", 5); // the pair bucket was emptied of failures by the success
        assertThat(throttle.check("bob", "192.168.1.20")).isPresent();
        assertThat(throttle.check("BOB ", "192.168.1.20")).as("account names compare as typed at login")
                .isPresent();
    }

    @Test
    void oneAddressTryingManyAccountsIsHeldBack() {
        for (int i = 0; i < 30; i++) {
            fail("victim" + i, "198.51.100.7", 1);
        }
        var refusal = throttle.check("someone-else", "198.51.100.7").orElseThrow();
        assertThat(refusal.reason()).contains("from your address");
        assertThat(throttle.check("someone-else", "198.51.100.8")).isEmpty();
    }

    @Test
    void limitsAreParsedWithAClearErrorForBadOnes() {
        assertThat(LoginThrottleProperties.Limit.parse("5/1m"))
                .isEqualTo(new LoginThrottleProperties.Limit(5, Duration.ofMinutes(1)));
        Assertions.assertThatThrownBy(() -> LoginThrottleProperties.Limit.parse("five"))
                .hasMessageContaining("'5/1m'");
    }
}
