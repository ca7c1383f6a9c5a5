package dev.rivulet.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A shutdown waits for the module listeners in flight, counted from the moment they are handed over. */
class ModuleListenerTasksTest {

    @Test
    void aStopWaitsUntilTheListenerInFlightHasEnded() throws Exception {
        ModuleListenerTasks tasks = new ModuleListenerTasks(Duration.ofMinutes(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        tasks.executor().execute(() -> {
            started.countDown();
            await(release);
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        Thread stopper = Thread.ofPlatform().name("stopper").start(tasks::stop);
        awaitState(stopper, Thread.State.TIMED_WAITING);
        assertThat(stopper.isAlive()).as("stop returned while a listener was running").isTrue();
        assertThat(tasks.inFlight()).isEqualTo(1);

        release.countDown();
        stopper.join(Duration.ofSeconds(10));
        assertThat(stopper.isAlive()).as("stop still waiting after the listener ended").isFalse();
        assertThat(tasks.inFlight()).isZero();
    }

    @Test
    void aListenerHandedOverButNotYetStartedCounts() {
        ModuleListenerTasks tasks = new ModuleListenerTasks(Duration.ofMinutes(1));
        Runnable handedOver = tasks.counted(() -> { });
        assertThat(tasks.inFlight()).isEqualTo(1);

        handedOver.run();
        assertThat(tasks.inFlight()).isZero();
    }

    @Test
    void aFailingListenerStopsCounting() {
        ModuleListenerTasks tasks = new ModuleListenerTasks(Duration.ofMinutes(1));
        Runnable failing = tasks.counted(() -> {
            throw new IllegalStateException("listener failed");
        });
        assertThatThrownBy(failing::run).hasMessage("listener failed");
        assertThat(tasks.inFlight()).isZero();
        tasks.stop(); // returns at once
    }

    @Test
    void aStopGivesUpAfterTheDrainTimeout() {
        ModuleListenerTasks tasks = new ModuleListenerTasks(Duration.ofMillis(50));
        tasks.counted(() -> { }); // handed over, never run
        long start = System.nanoTime();
        tasks.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(tasks.inFlight()).isEqualTo(1);
    }

    private static void awaitState(Thread thread, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != state) {
            assertThat(System.nanoTime()).as("%s never reached %s", thread.getName(), state).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
