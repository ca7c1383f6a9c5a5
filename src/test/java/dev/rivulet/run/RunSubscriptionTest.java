package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The subscriber side of the run log, without a server. */
class RunSubscriptionTest {

    private static final DonePayload DONE = new DonePayload("completed", "", new MetricsBody(null, null, null, null, null),
            null, null);

    @Test
    void coalescingMergesOnlyNeighbouringTokensOfOneNode() {
        RunLog log = new RunLog();
        log.append(RunEvent.Type.RUN, null, null, new SyntheticRun.Started("a", "m", 10));
        log.append(RunEvent.Type.TOKEN, "a", "1", null);
        log.append(RunEvent.Type.TOKEN, "a", "2", null);
        log.append(RunEvent.Type.TOKEN, "b", "x", null);
        log.append(RunEvent.Type.TOKEN, "a", "3", null);
        List<RunEvent> merged = RunSubscription.coalesce(log.after(0));
        assertThat(merged).extracting(RunEvent::seq).containsExactly(1L, 3L, 4L, 5L);
        assertThat(merged.get(1).text()).isEqualTo("12");
    }

    @Test
    void aBlockedSubscriberNeverSlowsTheRunAndCatchesUpInOneUpdate() throws Exception {
        RunLog log = new RunLog();
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<RunEvent>> deliveries = new CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(1);
        RunSubscription subscription = new RunSubscription(log, 0, new FlushPolicy.EveryToken(), Duration.ofSeconds(5),
                new RunSubscription.Sink() {
                    @Override
                    public void deliver(List<RunEvent> events) throws Exception {
                        deliveries.add(events);
                        stuck.countDown();
                        release.await(); // a reader that does not read
                    }

                    @Override
                    public void closed(Throwable failure) {
                        finished.countDown();
                    }
                }).start();

        log.append(RunEvent.Type.TOKEN, "chat", "t0 ", null);
        assertThat(stuck.await(10, TimeUnit.SECONDS)).as("the subscriber took the first token").isTrue();
        // The subscriber now sits in deliver() until this thread releases it: an append that waited for
        // it would never return. The timeout only turns such a deadlock into a failure.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 1; i < 10_000; i++) {
                log.append(RunEvent.Type.TOKEN, "chat", "t" + i + " ", null);
            }
            log.append(RunEvent.Type.DONE, null, null, DONE);
        }, "appending waited for the stuck subscriber");

        assertThat(log.lastSeq()).isEqualTo(10_001);
        assertThat(deliveries).as("the stuck subscriber holds one delivery, not a queue").hasSize(1);
        assertThat(deliveries.getFirst()).extracting(RunEvent::seq).containsExactly(1L);
        assertThat(subscription.cursor()).as("still inside its first delivery").isZero();

        release.countDown();
        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(deliveries).as("what was appended meanwhile comes in one update").hasSize(2);
        List<RunEvent> catchUp = deliveries.get(1);
        assertThat(catchUp).extracting(RunEvent::type).containsExactly(RunEvent.Type.TOKEN, RunEvent.Type.DONE);
        assertThat(catchUp).extracting(RunEvent::seq).containsExactly(10_000L, 10_001L);
        String text = deliveries.stream().flatMap(List::stream).filter(e -> e.type() == RunEvent.Type.TOKEN)
                .map(RunEvent::text).collect(Collectors.joining());
        assertThat(text).isEqualTo(IntStream.range(0, 10_000).mapToObj(i -> "t" + i + " ").collect(Collectors.joining()));
        assertThat(subscription.cursor()).isEqualTo(10_001);
    }

    @Test
    void batchesKeepTheirSizeAroundNodeEvents() {
        RunLog log = new RunLog();
        log.append(RunEvent.Type.NODE, "chat", null, new NodePayload("chat", "started", null));
        log.append(RunEvent.Type.TOKEN, "chat", "a", null);
        log.append(RunEvent.Type.TOKEN, "chat", "b", null);
        assertThat(RunSubscription.withoutPartialBatch(log.after(0), 5)).extracting(RunEvent::seq).containsExactly(1L);
        assertThat(RunSubscription.withoutPartialBatch(log.after(0), 2)).hasSize(3);
        log.append(RunEvent.Type.DONE, null, null, DONE);
        assertThat(RunSubscription.withoutPartialBatch(log.after(0), 5)).hasSize(4);
    }

    @Test
    void flushPolicyParsing() {
        assertThat(FlushPolicy.parse(null)).isEqualTo(FlushPolicy.DEFAULT);
        assertThat(FlushPolicy.parse("token")).isInstanceOf(FlushPolicy.EveryToken.class);
        assertThat(FlushPolicy.parse("batch:8")).isEqualTo(new FlushPolicy.Batch(8));
        assertThat(FlushPolicy.parse("time:250")).isEqualTo(new FlushPolicy.TimeSlice(Duration.ofMillis(250)));
    }
}
