package dev.rivulet.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What Rivulet adds on top of the model server, measured end to end through the real HTTP client,
 * database and SSE. Run on request (see docs/benchmarks.md); prints a table, asserts only sanity.
 */
@Tag("benchmark")
class RunEngineBenchmark extends IntegrationTest {

    private static final int ROUNDS = 7;

    @Test
    void timeToFirstTokenOverhead() {
        ApiClient api = api(newUser());
        long[] overhead = new long[ROUNDS];
        for (int i = 0; i < ROUNDS + 2; i++) {
            MODEL.enqueue(ChatScript.words("ready steady go").firstTokenDelay(Duration.ofMillis(100)));
            JsonNode run = runToEnd(api, "first token " + i);
            if (i >= 2) { // two warm-up rounds
                overhead[i - 2] = run.get("metrics").get("ttftMs").asLong() - 100;
            }
        }
        report("TTFT added by Rivulet (send → first token, minus the model's 100 ms)", overhead, "ms");
        assertThat(median(overhead)).isLessThan(1_000);
    }

    @Test
    void perTokenOverheadAtFullSpeed() {
        ApiClient api = api(newUser());
        int tokens = 2_000;
        double[] perToken = new double[ROUNDS];
        for (int i = 0; i < ROUNDS + 1; i++) {
            MODEL.enqueue(ChatScript.generated(tokens, n -> "tok" + n + " ").ignoreNumPredict());
            JsonNode run = runToEnd(api, "flood " + i);
            long serverMs = MODEL.lastExchange().tokenOffsets().isEmpty() ? 0
                    : MODEL.lastExchange().tokenOffsets().getLast().toMillis();
            long totalMs = run.get("metrics").get("totalMs").asLong();
            if (i >= 1) {
                perToken[i - 1] = (totalMs - serverMs) * 1000.0 / tokens;
            }
        }
        report("Run time beyond the server's own streaming, per token (2,000 tokens, no delay)", perToken, "µs");
    }

    @Test
    void sseDeliveryLatencyPerFlushPolicy() {
        ApiClient api = api(newUser());
        for (String flush : List.of("token", "batch:10", "time:100")) {
            String conversation = api.newConversation();
            MODEL.enqueue(ChatScript.generated(100, n -> "t" + n + " ").tokenDelay(Duration.ofMillis(20)));
            String runId = api.sendMessage(conversation, "sse " + flush).get("runId").asString();
            long start = System.nanoTime();
            List<Long> arrivals = new ArrayList<>();
            int tokenEvents = 0;
            try (var stream = api.events(runId, "flush=" + flush, null)) {
                for (var e = stream.next(); e != null; e = stream.next()) {
                    if (e.event().equals("token")) {
                        tokenEvents++;
                        arrivals.add((System.nanoTime() - start) / 1_000_000);
                    }
                    if (e.event().equals("done")) {
                        break;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "BENCH sse flush=%-9s token events=%3d (for 100 tokens), last at %d ms%n",
                    flush, tokenEvents, arrivals.isEmpty() ? -1 : arrivals.getLast());
        }
    }

    @Test
    void heapPerBlockedSubscriberAndPerLongRun() throws Exception {
        ApiClient api = api(newUser());
        String conversation = api.newConversation();
        MODEL.enqueue(ChatScript.generated(10_000, n -> "token-number-" + n + " ").ignoreNumPredict()
                .firstTokenDelay(Duration.ofMillis(300)));
        long before = usedHeapAfterGc();
        String runId = api.sendMessage(conversation, "memory").get("runId").asString();
        List<Socket> stalled = new ArrayList<>();
        String token = api.bearerToken();
        for (int i = 0; i < 20; i++) {
            Socket socket = new Socket("localhost", port);
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write(("GET /api/runs/" + runId + "/events?flush=token HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n").getBytes());
            stalled.add(socket);
        }
        api.awaitEnd(runId, Duration.ofSeconds(60));
        long after = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "BENCH heap growth with a finished 10,000-token run (~%d KB of text) and 20 "
                + "subscribers that never read: %d KB%n", 10_000 * 19 / 1024, (after - before) / 1024);
        for (Socket socket : stalled) {
            socket.close();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        AtomicReference<Long> used = new AtomicReference<>();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        used.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return used.get();
    }

    private JsonNode runToEnd(ApiClient api, String content) {
        String conversation = api.newConversation();
        String runId = api.sendMessage(conversation, content).get("runId").asString();
        return api.awaitEnd(runId, Duration.ofSeconds(60));
    }

    private static void report(String what, long[] values, String unit) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "BENCH %s: median %d %s, min %d, max %d (n=%d)%n", what, median(values), unit,
                sorted[0], sorted[sorted.length - 1], values.length);
    }

    private static void report(String what, double[] values, String unit) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "BENCH %s: median %.1f %s, min %.1f, max %.1f (n=%d)%n", what,
                sorted[sorted.length / 2], unit, sorted[0], sorted[sorted.length - 1], values.length);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
