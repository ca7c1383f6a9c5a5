package dev.rivulet.admin;

import com.vaadin.flow.component.UI;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells open admin views (the dashboard, the runs list) that a run ended, whatever the end
 * (completed, cancelled, truncated, failed, also before the first token), at most once per
 * {@link #MIN_INTERVAL}: a burst of runs ending becomes one refresh. It refreshes once
 * {@link StreamLogRecorder} has recorded the end ({@link StreamLogRecorded}, after its commit), which
 * follows the run's row being saved, so a refresh finds the run ended and its log stored. Listeners run on this broadcaster's
 * thread; views use {@link #register(UI, Runnable)}, which hands the refresh to {@code ui.access} as
 * the admin who opened the view; they unregister on detach.
 */
@Component
public class DashboardBroadcaster {

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

    /**
     * Registers a view's refresh: it runs in {@code ui.access}, with the security context of the
     * admin who has the view open (the services it calls are secured); run the returned handle to
     * unregister.
     */
    /** Refreshes {@code view} through {@link #register(UI, Runnable)} whenever it is attached to a UI. */
    public void refreshWhileAttached(com.vaadin.flow.component.Component view, Runnable refresh) {
        AtomicReference<Runnable> unregister = new AtomicReference<>();
        view.addAttachListener(attached -> unregister.set(register(attached.getUI(), refresh)));
        view.addDetachListener(detached -> {
            Runnable registered = unregister.getAndSet(null);
            if (registered != null) {
                registered.run();
            }
        });
    }

    Runnable register(UI ui, Runnable refresh) {
        SecurityContext viewer = SecurityContextHolder.createEmptyContext();
        viewer.setAuthentication(SecurityContextHolder.getContext().getAuthentication());
        return register(() -> ui.access(() -> asViewer(viewer, refresh)));
    }

    private static void asViewer(SecurityContext viewer, Runnable action) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(viewer);
        try {
            action.run();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    @TransactionalEventListener
    void on(StreamLogRecorded recorded) {
        synchronized (this) {
            if (pending) {
                return;
            }
            pending = true;
            long wait = Math.max(0, lastBroadcastNanos + MIN_INTERVAL.toNanos() - System.nanoTime());
            try {
                timer.schedule(this::broadcast, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                pending = false; // the application is shutting down: no view is left to refresh
            }
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
