package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.run.RunLimiterTest.MutableClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 10: finished runs kept in memory are bounded by bytes (and age), not by a count. */
class FinishedRunsTest {

    private final MutableClock clock = new MutableClock();

    private static ActiveRun finishedRun(int tokens, int charsPerToken) {
        ActiveRun run = new ActiveRun(UUID.randomUUID(), 1, UUID.randomUUID(), 1, RunEndRacesTest.TWO_NODES, "m", null,
                10, System.nanoTime());
        String token = "x".repeat(charsPerToken);
        for (int i = 0; i < tokens; i++) {
            run.log.append(RunEvent.Type.TOKEN, "chat", token, null);
        }
        run.log.append(RunEvent.Type.DONE, null, null, new DonePayload("completed", "", MetricsBody.of(MessageMetrics.NONE), null, null));
        return run;
    }

    @Test
    void aFewLongRunsWeighAsMuchAsManyShortOnes() {
        long budget = 4_000_000; // a 60-token run is about 7 KB, a 10,000-token run about 1.2 MB
        FinishedRuns kept = new FinishedRuns(budget, Duration.ofMinutes(15), clock);
        ActiveRun firstShort = finishedRun(60, 6);
        kept.keep(firstShort);
        for (int i = 0; i < 499; i++) {
            kept.keep(finishedRun(60, 6));
        }
        assertThat(kept.count()).as("500 short runs fit").isEqualTo(500);
        assertThat(kept.bytes()).isLessThanOrEqualTo(budget);

        ActiveRun longRun = finishedRun(10_000, 6);
        kept.keep(longRun);
        assertThat(kept.bytes()).isLessThanOrEqualTo(budget);
        assertThat(kept.get(longRun.id)).as("the newest stays").isNotNull();
        assertThat(kept.get(firstShort.id)).as("the oldest went first").isNull();
        assertThat(kept.count()).isLessThan(500);
    }

    @Test
    void runsPastTheRetentionAreForgotten() {
        FinishedRuns kept = new FinishedRuns(64_000_000, Duration.ofMinutes(15), clock);
        ActiveRun old = finishedRun(10, 5);
        kept.keep(old);
        clock.advance(Duration.ofMinutes(10));
        ActiveRun recent = finishedRun(10, 5);
        kept.keep(recent);
        clock.advance(Duration.ofMinutes(6));
        kept.forgetOld();
        assertThat(kept.get(old.id)).isNull();
        assertThat(kept.get(recent.id)).isNotNull();
        assertThat(kept.bytes()).isEqualTo(recent.log.approximateBytes());
    }
}
