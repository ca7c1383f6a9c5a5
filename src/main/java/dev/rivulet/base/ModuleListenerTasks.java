package dev.rivulet.base;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Where the modules' asynchronous event listeners ({@code @ApplicationModuleListener}) run: a virtual
 * thread each, counted from the moment the task is handed over until it ends. At shutdown this waits
 * for every such task before the context goes on to close the database, so a listener that a run's
 * end set off (the stream log being stored) is not cut off by the connection pool's close. On H2's file
 * database a connection still open at exit also loses the last commits that had not reached the file.
 *
 * <p>
 * It stops after {@code RunShutdown} (a lower phase stops later), which lets running answers end and so
 * set off their listeners first, and before the web server's graceful shutdown.
 */
final class ModuleListenerTasks implements SmartLifecycle {

    /** Between {@code RunShutdown} (DEFAULT_PHASE - 512) and the web server's graceful shutdown (- 1024). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 768;

    private static final Logger log = LoggerFactory.getLogger(ModuleListenerTasks.class);

    private final Duration drainTimeout;
    private final Object lock = new Object();
    private int inFlight;
    private volatile boolean running;

    ModuleListenerTasks(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    /** An executor that runs each task on a new virtual thread and counts it until it ends. */
    Executor executor() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("module-listener-");
        executor.setVirtualThreads(true);
        // not a TaskDecorator bean: Boot would put it on its own executor too (Spring MVC's async requests)
        executor.setTaskDecorator(this::counted);
        return executor;
    }

    Runnable counted(Runnable task) {
        synchronized (lock) {
            inFlight++;
        }
        return () -> {
            try {
                task.run();
            } finally {
                synchronized (lock) {
                    inFlight--;
                    lock.notifyAll();
                }
            }
        };
    }

    /** Tasks handed over and not yet ended. */
    int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Waits up to the drain timeout for the tasks in flight, including those handed over meanwhile. */
    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("Shutting down with {} module listener tasks still running after {} ms", inFlight,
                            drainTimeout.toMillis());
                    return;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
