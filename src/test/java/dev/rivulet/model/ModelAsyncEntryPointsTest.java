package dev.rivulet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.rivulet.testsupport.ScriptedOllamaServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The non-blocking entry points for code that must not wait on the model server (the chat view,
 * under its Vaadin session lock): {@link ModelServerMonitor#statusAsync()},
 * {@link ModelServerMonitor#lastKnown()} and {@link ModelCatalog#listAsync()}. Real HTTP to the
 * scripted model server, with its answers held back; no Spring context.
 */
class ModelAsyncEntryPointsTest {

    private static final Duration AT_ONCE = Duration.ofMillis(400);
    private static final Duration STALL = Duration.ofMillis(1000);

    private ScriptedOllamaServer server;
    private ModelSettings settings;
    private ModelErrorTranslator errors;
    private MutableClock clock;
    private ModelServerMonitor monitor;
    private ModelCatalog catalog;

    @BeforeEach
    void start() {
        server = ScriptedOllamaServer.start();
        pointAt(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- ModelServerMonitor

    @Test
    void statusAsyncReturnsAtOnceWhileTheServerStallsAndCompletesLater() throws Exception {
        server.delayRoute("GET", "/api/version", STALL);
        long start = System.nanoTime();
        CompletableFuture<ModelServerStatus> status = monitor.statusAsync();
        Duration returnedAfter = Duration.ofNanos(System.nanoTime() - start);
        CompletableFuture<Boolean> completedOnVirtualThread = status.thenApply(s -> Thread.currentThread().isVirtual());

        assertThat(returnedAfter).isLessThan(AT_ONCE);
        assertThat(status).isNotDone();
        // Wait on the dependent stage: a thread waiting on the future itself may run its dependents.
        boolean onVirtualThread = completedOnVirtualThread.get(5, TimeUnit.SECONDS);
        assertThat(status.get(5, TimeUnit.SECONDS))
                .isEqualTo(new ModelServerStatus(true, server.baseUrl(), ScriptedOllamaServer.DEFAULT_VERSION, null));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(STALL.minusMillis(100));
        assertThat(onVirtualThread).isTrue();

        // fresh: answered from the cache, already complete, no new probe
        CompletableFuture<ModelServerStatus> again = monitor.statusAsync();
        assertThat(again).isCompletedWithValue(status.get());
        assertThat(versionRequests()).isEqualTo(1);
    }

    @Test
    void lastKnownNeverBlocksAndProbesInTheBackgroundWhenNothingIsKnownOrItIsStale() {
        server.delayRoute("GET", "/api/version", STALL);
        long start = System.nanoTime();
        Optional<ModelServerStatus> first = monitor.lastKnown();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
        assertThat(first).isEmpty();
        assertThat(monitor.lastKnown()).isEmpty(); // still probing: no second probe

        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.lastKnown().isPresent());
        assertThat(monitor.lastKnown()).get().extracting(ModelServerStatus::up).isEqualTo(true);
        assertThat(versionRequests()).isEqualTo(1);

        // 6 s later the answer is stale: still returned at once, and a background probe refreshes it
        server.close();
        clock.advance(Duration.ofSeconds(6));
        start = System.nanoTime();
        assertThat(monitor.lastKnown()).get().extracting(ModelServerStatus::up).isEqualTo(true);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
        await().atMost(Duration.ofSeconds(5)).until(() -> !monitor.lastKnown().orElseThrow().up());
        assertThat(monitor.lastKnown().orElseThrow().problem()).contains(server.baseUrl()).contains("ollama serve");
    }

    @Test
    void everyoneAskingDuringAProbeSharesIt() throws Exception {
        server.delayRoute("GET", "/api/version", STALL);
        CompletableFuture<ModelServerStatus> a = monitor.statusAsync();
        CompletableFuture<ModelServerStatus> b = monitor.statusAsync();
        CompletableFuture<ModelServerStatus> blocking = CompletableFuture.supplyAsync(monitor::status);
        assertThat(monitor.lastKnown()).isEmpty();

        assertThat(a.cancel(true)).isTrue(); // one caller giving up does not end the others
        ModelServerStatus status = b.get(5, TimeUnit.SECONDS);
        assertThat(status.up()).isTrue();
        assertThat(blocking.get(5, TimeUnit.SECONDS)).isEqualTo(status);
        assertThat(monitor.status()).isEqualTo(status);
        assertThat(versionRequests()).isEqualTo(1);
    }

    @Test
    void anUnreachableServerIsAStatusNotAnException() throws Exception {
        String nowhere = "http://127.0.0.1:" + freePort();
        pointAt(nowhere);
        ModelServerStatus status = monitor.statusAsync().get(5, TimeUnit.SECONDS);
        assertThat(status.up()).isFalse();
        assertThat(status.baseUrl()).isEqualTo(nowhere);
        assertThat(status.problem()).isEqualTo(errors.unreachable().detail());
        assertThat(monitor.lastKnown()).contains(status);
        assertThat(monitor.status()).isEqualTo(status);
    }

    // ---------------------------------------------------------------- ModelCatalog

    @Test
    void listAsyncReturnsAtOnceWhileTheServerStallsAndCompletesLater() throws Exception {
        server.addKnownModel("qwen2.5:0.5b");
        server.delayRoute("GET", "/api/tags", STALL);
        String caller = Thread.currentThread().getName();
        long start = System.nanoTime();
        CompletableFuture<List<ModelCatalog.ModelInfo>> models = catalog.listAsync();
        Duration returnedAfter = Duration.ofNanos(System.nanoTime() - start);
        CompletableFuture<String> completedOn = models.thenApply(m -> (Thread.currentThread().isVirtual()
                ? "virtual " : "platform ") + Thread.currentThread().getName());

        assertThat(returnedAfter).isLessThan(AT_ONCE);
        assertThat(models).isNotDone();
        // Wait on the dependent stage: a thread waiting on the future itself may run its dependents.
        String completingThread = completedOn.get(5, TimeUnit.SECONDS);
        List<ModelCatalog.ModelInfo> listed = models.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(STALL.minusMillis(100));
        assertThat(completingThread).startsWith("virtual ").doesNotContain(caller);
        assertThat(listed).extracting(ModelCatalog.ModelInfo::name).containsExactly("llama3.2:latest", "qwen2.5:0.5b");
        assertThat(listed.getFirst().family()).isEqualTo("llama");
        assertThat(listed.getFirst().parameterSize()).isEqualTo("3.2B");
        assertThat(listed.getFirst().quantizationLevel()).isEqualTo("Q4_K_M");
        assertThat(listed.getFirst().modifiedAt()).isNotNull();
        assertThat(listed).isEqualTo(catalog.list()); // the same answer as the blocking call
    }

    @Test
    void listAsyncFailsWithTheSameTranslatedFailureAsList() {
        pointAt("http://127.0.0.1:" + freePort());
        ModelServerException failure = listAsyncFailure(catalog.listAsync());
        assertThat(failure.failure()).isEqualTo(errors.unreachable());
        assertThat(catchThrowable(catalog::list)).isInstanceOf(ModelServerException.class)
                .extracting(e -> ((ModelServerException) e).failure()).isEqualTo(failure.failure());

        pointAt(server.baseUrl());
        server.route("GET", "/api/tags", (req, res) -> res.sendJson(500, "{\"error\":\"disk on fire\"}"));
        ModelFailure busy = listAsyncFailure(catalog.listAsync()).failure();
        assertThat(busy.title()).isEqualTo("The model server is busy or failing");
        assertThat(busy.detail()).contains("HTTP 500 (disk on fire)");
        assertThat(((ModelServerException) catchThrowable(catalog::list)).failure()).isEqualTo(busy);
    }

    @Test
    void listAsyncGivesUpOnASilentServerAndClosesTheConnection() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        server.route("GET", "/api/tags", (req, res) -> {
            res.onClientClose(at -> closed.countDown());
            res.awaitConnectionGone();
        });
        ModelFailure failure = listAsyncFailure(catalog.listAsync(Duration.ofMillis(300))).failure();
        assertThat(failure.title()).isEqualTo("The model server stopped answering");
        assertThat(failure.detail()).contains(server.baseUrl());
        assertThat(closed.await(1, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cancellingListAsyncClosesTheConnection() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        server.route("GET", "/api/tags", (req, res) -> {
            res.onClientClose(at -> closed.countDown());
            arrived.countDown();
            res.awaitConnectionGone();
        });
        CompletableFuture<List<ModelCatalog.ModelInfo>> models = catalog.listAsync();
        assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(models.cancel(true)).isTrue();
        assertThat(closed.await(1, TimeUnit.SECONDS)).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private void pointAt(String baseUrl) {
        settings = new ModelSettings(() -> baseUrl, new StandardEnvironment());
        errors = new ModelErrorTranslator(settings);
        clock = new MutableClock();
        monitor = new ModelServerMonitor(settings, errors, clock);
        catalog = new ModelCatalog(OllamaApi.builder().baseUrl(baseUrl).build(),
                WebClient.builder().filter(CancelPropagation.filter()), settings, errors);
    }

    private long versionRequests() {
        return server.httpRequests().stream().filter(r -> r.path().equals("/api/version")).count();
    }

    private static ModelServerException listAsyncFailure(CompletableFuture<?> future) {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ModelServerException.class);
            return (ModelServerException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("listAsync did not fail within 5 s", e);
        }
        throw new AssertionError("listAsync did not fail");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock the test moves forward, to make the monitor's cached answer stale without waiting. */
    private static final class MutableClock extends Clock {

        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
