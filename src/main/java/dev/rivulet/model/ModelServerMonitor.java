package dev.rivulet.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Asks the model server for its version, with a short timeout, and remembers the answer for a few
 * seconds so health checks and page loads do not hammer it.
 *
 * <p>
 * Three ways to ask: {@link #status()} blocks until it knows (health indicator, start-up);
 * {@link #statusAsync()} and {@link #lastKnown()} never block, for code that holds a lock such as a
 * Vaadin session's. At most one probe runs at a time, on a virtual thread; whoever asks while it runs
 * shares its answer. A probe takes at most about 4 s (2 s to connect, 2 s for the answer).
 */
@Service
public class ModelServerMonitor {

    private static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ModelSettings settings;
    private final ModelErrorTranslator errors;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final AtomicReference<Probe> last = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ModelServerStatus>> running = new AtomicReference<>();

    private record Probe(ModelServerStatus status, Instant at) {
    }

    @Autowired
    ModelServerMonitor(ModelSettings settings, ModelErrorTranslator errors) {
        this(settings, errors, Clock.systemUTC());
    }

    ModelServerMonitor(ModelSettings settings, ModelErrorTranslator errors, Clock clock) {
        this.settings = settings;
        this.errors = errors;
        this.clock = clock;
    }

    /**
     * The server's status, at most 5 s old. Blocks while it probes (up to about 4 s): not for a thread
     * that holds a Vaadin session lock (use {@link #lastKnown()} or {@link #statusAsync()} there).
     */
    public ModelServerStatus status() {
        Probe probe = last.get();
        if (fresh(probe)) {
            return probe.status();
        }
        try {
            return probeShared().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down();
        } catch (ExecutionException e) {
            return down();
        }
    }

    /**
     * The server's status, at most 5 s old, without blocking: returns at once and never does I/O on the
     * calling thread.
     *
     * <ul>
     * <li>When the last probe is fresh, the future is already complete (dependent actions then run at
     * once, on the calling thread).</li>
     * <li>Otherwise it completes within about 4 s, on the virtual thread that probed (dependent actions
     * run there: use {@code UI.access} to touch a UI).</li>
     * <li>It always completes normally: an unreachable or wrong server is a status with
     * {@code up() == false} and a {@code problem()} to show, never an exception.</li>
     * <li>Each call gets its own future: cancelling or completing it affects no other caller nor the
     * probe.</li>
     * </ul>
     */
    public CompletableFuture<ModelServerStatus> statusAsync() {
        Probe probe = last.get();
        if (fresh(probe)) {
            return CompletableFuture.completedFuture(probe.status());
        }
        return probeShared().copy();
    }

    /**
     * The last status seen, however old, at once: never does I/O and never blocks. Empty only before
     * the first probe has finished. When nothing was seen yet, or what was seen is older than 5 s, a
     * probe starts in the background (unless one is running), so a later call, or
     * {@link #statusAsync()}, sees a fresh answer.
     */
    public Optional<ModelServerStatus> lastKnown() {
        Probe probe = last.get();
        if (!fresh(probe)) {
            probeShared();
        }
        return Optional.ofNullable(probe).map(Probe::status);
    }

    /** The running probe, or a new one on a virtual thread; it completes normally, after the cache is set. */
    private CompletableFuture<ModelServerStatus> probeShared() {
        CompletableFuture<ModelServerStatus> mine = new CompletableFuture<>();
        CompletableFuture<ModelServerStatus> current = running.compareAndExchange(null, mine);
        if (current != null) {
            return current;
        }
        Thread.ofVirtual().name("model-server-probe").start(() -> {
            ModelServerStatus status = down();
            try {
                status = probe();
            } catch (RuntimeException e) {
                // reported as down
            } finally {
                last.set(new Probe(status, clock.instant()));
                running.set(null);
                mine.complete(status);
            }
        });
        return mine;
    }

    private boolean fresh(Probe probe) {
        return probe != null && probe.at().plus(CACHE_FOR).isAfter(clock.instant());
    }

    private ModelServerStatus down() {
        return new ModelServerStatus(false, settings.baseUrl(), null, errors.unreachable().detail());
    }

    private ModelServerStatus probe() {
        String url = settings.baseUrl();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/version")).timeout(TIMEOUT).GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                String version = OllamaJson.stringField(response.body(), "version").orElse("unknown");
                return new ModelServerStatus(true, url, version.strip(), null);
            }
            return new ModelServerStatus(false, url, null,
                    "The model server at " + url + " answered HTTP " + response.statusCode()
                            + " to /api/version. Is that URL an Ollama server?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down();
        } catch (Exception e) {
            return down();
        }
    }
}
