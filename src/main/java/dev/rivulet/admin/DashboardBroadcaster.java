package dev.rivulet.admin;

import dev.rivulet.run.RunFinished;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells open dashboards that a run ended, at most once per {@link #MIN_INTERVAL}: a burst of runs
 * ending becomes one refresh. Listeners run on this broadcaster's thread and must hand their work
 * to {@code ui.access}; they unregister on detach.
 */
@Component
class DashboardBroadcaster {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(DashboardBroadcaster.class);

    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("dashboard-broadcast").factory());
    private boolean pending;
    private long lastBroadcastNanos = System.nanoTime() - MIN_INTERVAL.toNanos();

    /** Registers a listener; run the returned handle to unregister. */
    Runnable register(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int listenerCount() {
        return listeners.size();
    }

    @EventListener
    void on(RunFinished finished) {
        synchronized (this) {
            if (pending) {
                return;
            }
            pending = true;
            long wait = Math.max(0, lastBroadcastNanos + MIN_INTERVAL.toNanos() - System.nanoTime());
            timer.schedule(this::broadcast, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void broadcast() {
        synchronized (this) {
            pending = false;
            lastBroadcastNanos = System.nanoTime();
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.debug("A dashboard listener failed: {}", e.toString());
            }
        }
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }
}
