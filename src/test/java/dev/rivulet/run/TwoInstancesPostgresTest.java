package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.RivuletApplication;
import dev.rivulet.conversation.ConversationService;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.TestPostgres;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: two instances on one PostgreSQL. Instance A is the shared integration-test context (on the
 * test PostgreSQL in this surefire execution), instance B a second whole application on the same
 * database and model server, with A's short heartbeat settings (300 ms, stale after 1.5 s). A test
 * silences B's heartbeat ({@link SilencedRecovery}) to make B a lost owner without killing a JVM. B's limits are tight (one running answer per person,
 * three messages a minute) so that they are seen to count A's runs too; failed logins count together.
 */
class TwoInstancesPostgresTest extends IntegrationTest {

    private static ConfigurableApplicationContext second;
    private static SecurityContextHolderStrategy securityContexts;

    @BeforeAll
    static void startSecondInstance() {
        assertThat(TestPostgres.selected()).as("runs in the surefire execution on PostgreSQL").isTrue();
        // The second application sets the JVM-wide security context strategy to its own: put ours back after.
        securityContexts = SecurityContextHolder.getContextHolderStrategy();
        second = new SpringApplicationBuilder(RivuletApplication.class).initializers(context -> context
                .getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                    @Override
                    public Object postProcessAfterInitialization(Object bean, String name) {
                        return bean instanceof RunRecovery && !(bean instanceof SilencedRecovery)
                                ? new SilencedRecovery(context) : bean;
                    }
                })).run(Stream.concat(sharedDatabaseArgs().stream(),
                Stream.of("--server.port=0", "--spring.ai.ollama.base-url=" + MODEL.baseUrl(),
                        "--spring.ai.ollama.init.pull-model-strategy=never", "--rivulet.admin.password=" + ADMIN_PASSWORD,
                        "--rivulet.runs.heartbeat-interval=300ms", "--rivulet.runs.heartbeat-timeout=1500ms",
                        "--rivulet.runs.max-active-per-user=1", "--rivulet.runs.messages-per-minute=3",
                        "--rivulet.runs.keep-alive-interval=500ms",
                        "--rivulet.runs.checkpoint-interval=200ms", "--rivulet.runs.idle-timeout=5s",
                        "--vaadin.launch-browser=false", "--vaadin.devmode.devTools.enabled=false"))
                .toArray(String[]::new));
    }

    /** B's recovery, whose heartbeat a test can silence: B then looks dead to A while it still runs. */
    static final class SilencedRecovery extends RunRecovery {
        static volatile boolean silenced;

        SilencedRecovery(ConfigurableApplicationContext context) {
            super(context.getBean(ConversationService.class),
                    context.getBean(RunRecordRepository.class), context.getBean(RunInstance.class),
                    context.getBean(RunProperties.class),
                    context.getBean(TransactionTemplate.class));
        }

        @Override
        void heartbeat() {
            if (!silenced) {
                super.heartbeat();
            }
        }
    }

    @AfterEach
    void heartbeatAgain() {
        SilencedRecovery.silenced = false;
    }

    @AfterAll
    static void stopSecondInstance() {
        try {
            if (second != null) {
                second.close();
            }
        } finally {
            SecurityContextHolder.setContextHolderStrategy(securityContexts);
        }
    }

    private static String secondUrl() {
        Environment environment = second.getEnvironment();
        return "http://localhost:" + environment.getProperty("local.server.port");
    }

    private static ChatScript slowCount(int tokens) {
        return ChatScript.generated(tokens, i -> "t" + i + " ").delays(Duration.ofMillis(20), Duration.ofMillis(25));
    }

    @Test
    void aRunOnAIsFollowedResumedAndCancelledThroughB() {
        MODEL.enqueue(slowCount(400));
        String user = newUser();
        ApiClient onA = api(user);
        ApiClient onB = ApiClient.login(secondUrl(), user, PASSWORD);
        String conversation = onA.newConversation();
        String runId = onA.sendMessage(conversation, "count slowly").get("runId").asString();

        // Follow live on B: tokens arrive while the run is still running on A.
        StringBuilder text = new StringBuilder();
        String lastId;
        try (ApiClient.EventStream stream = onB.events(runId, null, null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next().event()).isEqualTo("run");
            int tokens = 0;
            ApiClient.SseEvent event = null;
            while (tokens < 20) {
                event = stream.next();
                if ("token".equals(event.event())) {
                    text.append(event.json().get("text").asString());
                    tokens++;
                }
            }
            lastId = event.id();
            assertThat(onA.get("/api/runs/" + runId).json().get("status").asString()).isEqualTo("running");
        }

        // Resume on B where the first stream stopped: no gap, no repeat.
        JsonNode done;
        try (ApiClient.EventStream resumed = onB.events(runId, null, lastId)) {
            ApiClient.SseEvent first = resumed.next();
            assertThat(Long.parseLong(first.id())).isGreaterThan(Long.parseLong(lastId));
            List<ApiClient.SseEvent> events = new ArrayList<>(List.of(first));
            while (text.length() + joined(events).length() < 150) {
                events.add(resumed.next());
            }
            // Cancel through B: A stops the run and closes its model connection within a second.
            assertThat(onB.post("/api/runs/" + runId + "/cancel", "").status()).isEqualTo(202);
            assertThat(MODEL.awaitClientClose(Duration.ofSeconds(1))).as("A closed the model connection").isTrue();
            events.addAll(resumed.readUntil(e -> "done".equals(e.event())));
            done = events.getLast().json();
            text.append(joined(events));
        }
        assertThat(done.get("status").asString()).isEqualTo("cancelled");
        assertThat(done.get("content").asString()).isEqualTo(text.toString()).startsWith("t0 t1 t2 ");

        // The same run, status and text, whichever instance is asked.
        JsonNode onARun = onA.get("/api/runs/" + runId).json();
        JsonNode onBRun = onB.get("/api/runs/" + runId).json();
        assertThat(onARun.get("status").asString()).isEqualTo("cancelled");
        assertThat(onBRun.get("status").asString()).isEqualTo("cancelled");
        String answerOnA = onA.get("/api/conversations/" + conversation).json().get("messages").get(1).get("content")
                .asString();
        String answerOnB = onB.get("/api/conversations/" + conversation).json().get("messages").get(1).get("content")
                .asString();
        assertThat(answerOnA).isEqualTo(text.toString());
        assertThat(answerOnB).isEqualTo(text.toString());
        // A replay after the end is the owner's log on both (same numbers, same text).
        List<ApiClient.SseEvent> replayA = onA.allEvents(runId, "flush=token");
        List<ApiClient.SseEvent> replayB = onB.allEvents(runId, "flush=token");
        assertThat(replayB.getLast().id()).isEqualTo(replayA.getLast().id());
        assertThat(joined(replayB)).isEqualTo(joined(replayA)).isEqualTo(text.toString());
    }

    @Test
    void limitsCountTheRunsOfBothInstances() {
        MODEL.enqueue(slowCount(400));
        String user = newUser();
        ApiClient onA = api(user);
        ApiClient onB = ApiClient.login(secondUrl(), user, PASSWORD);
        String busy = onA.newConversation();
        String other = onA.newConversation();
        String runId = onA.sendMessage(busy, "count slowly").get("runId").asString();

        // One running answer per conversation, across instances.
        assertThat(onB.post("/api/conversations/" + busy + "/messages", "{\"content\":\"again\"}").status())
                .isEqualTo(409);
        // B allows one running answer per person: A's counts.
        ApiClient.Response tooMany = onB.post("/api/conversations/" + other + "/messages", "{\"content\":\"more\"}");
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.json().get("detail").asString()).contains("answers in progress");
        onA.post("/api/runs/" + runId + "/cancel", "");
        assertThat(onA.awaitEnd(runId, Duration.ofSeconds(5)).get("status").asString()).isEqualTo("cancelled");

        // Three messages a minute on B: A's run and B's own count.
        MODEL.enqueue(ChatScript.of("ok"));
        String second = onB.sendMessage(other, "two").get("runId").asString();
        assertThat(onB.awaitEnd(second, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("completed");
        MODEL.enqueue(ChatScript.of("ok"));
        String third = onA.sendMessage(busy, "three").get("runId").asString();
        assertThat(onA.awaitEnd(third, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("completed");
        ApiClient.Response overBudget = onB.post("/api/conversations/" + other + "/messages", "{\"content\":\"4\"}");
        assertThat(overBudget.status()).isEqualTo(429);
        assertThat(overBudget.json().get("detail").asString()).contains("messages in the last minute");
        assertThat(overBudget.header("Retry-After")).isNotBlank();
    }

    @Test
    void aRunWhoseInstanceStoppedRefreshingItIsInterruptedWithItsTextAndItsFollowersEnd() {
        MODEL.enqueue(slowCount(400));
        String user = newUser();
        ApiClient onA = api(user);
        ApiClient onB = ApiClient.login(secondUrl(), user, PASSWORD);
        String conversation = onB.newConversation();
        String runId = onB.sendMessage(conversation, "count slowly").get("runId").asString();
        JsonNode done;
        try (ApiClient.EventStream followedOnA = onA.events(runId, "flush=token", null)) {
            assertThat(followedOnA.next().event()).isEqualTo("run");
            ApiClient.SseEvent event = followedOnA.next();
            while (!"token".equals(event.event())) {
                event = followedOnA.next();
            }
            assertThat(event.json().get("text").asString()).startsWith("t0 "); // live from B
            // Once B checkpointed some text, it stops refreshing the heartbeat ("dies"); 1.5 s later A ends
            // the run, text kept, and so its follower's stream.
            await().atMost(Duration.ofSeconds(10)).until(() -> onB.get("/api/conversations/" + conversation).json()
                    .get("messages").get(1).get("content").asString().startsWith("t0 t1 "));
            SilencedRecovery.silenced = true;
            List<ApiClient.SseEvent> rest = followedOnA.readUntil(e -> "done".equals(e.event()));
            done = rest.getLast().json();
            assertThat(done.get("status").asString()).isEqualTo("interrupted");
        }
        JsonNode run = onA.get("/api/runs/" + runId).json();
        assertThat(run.get("status").asString()).isEqualTo("interrupted");
        JsonNode answer = onA.get("/api/conversations/" + conversation).json().get("messages").get(1);
        assertThat(answer.get("status").asString()).isEqualTo("interrupted");
        // The text checkpointed before B went quiet (every 200 ms there), once, on both instances.
        assertThat(answer.get("content").asString()).startsWith("t0 t1 ").isEqualTo(done.get("content").asString())
                .isEqualTo(onB.get("/api/conversations/" + conversation).json().get("messages").get(1).get("content")
                        .asString());
        assertThat(expected(400)).startsWith(answer.get("content").asString());
        onB.post("/api/runs/" + runId + "/cancel", ""); // B (alive after all) lets go of it
    }

    /**
     * On request (JUnit tag {@code benchmark}, docs/benchmarks.md): one run on A followed at once on A and on
     * B (token flush), 20 tokens/s; for every event, when it reached B minus when it reached A.
     */
    @Test
    @Tag("benchmark")
    void relayLatencyOfFollowingThroughB() throws Exception {
        int tokens = Integer.getInteger("bench.relayTokens", 400);
        MODEL.enqueue(ChatScript.generated(tokens, i -> "t" + i + " ").delays(Duration.ofMillis(20), Duration.ofMillis(50)));
        String user = newUser();
        ApiClient onA = api(user);
        ApiClient onB = ApiClient.login(secondUrl(), user, PASSWORD);
        String runId = onA.sendMessage(onA.newConversation(), "count").get("runId").asString();
        ConcurrentHashMap<Long, Long> seenOnA = new ConcurrentHashMap<>();
        ConcurrentHashMap<Long, Long> seenOnB = new ConcurrentHashMap<>();
        var followers = Executors.newVirtualThreadPerTaskExecutor();
        var a = followers.submit(() -> record(onA, runId, seenOnA));
        var b = followers.submit(() -> record(onB, runId, seenOnB));
        a.get();
        b.get();
        followers.close();
        // An event coalesced on one side stands for every number up to its id: reached = first id >= seq.
        long last = Collections.max(seenOnA.keySet());
        List<Long> deltas = new ArrayList<>();
        for (long seq = 2; seq <= last; seq++) {
            Long atA = reached(seenOnA, seq);
            Long atB = reached(seenOnB, seq);
            if (atA != null && atB != null) {
                deltas.add(atB - atA);
            }
        }
        Collections.sort(deltas);
        System.out.printf("Relay B-follow minus A-follow over %d events: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                deltas.size(), pct(deltas, 0.50), pct(deltas, 0.95), pct(deltas, 0.99), deltas.getLast() / 1e6);
        assertThat(deltas).isNotEmpty();
    }

    private static Void record(ApiClient api, String runId, Map<Long, Long> seen) {
        try (ApiClient.EventStream stream = api.events(runId, "flush=token", null)) {
            ApiClient.SseEvent event;
            do {
                event = stream.next();
                seen.put(Long.parseLong(event.id()), System.nanoTime());
            } while (!"done".equals(event.event()));
        }
        return null;
    }

    private static Long reached(Map<Long, Long> seen, long seq) {
        return seen.entrySet().stream().filter(e -> e.getKey() >= seq).min(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue).orElse(null);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    @Test
    void failedLoginsCountOnBothInstances() throws Exception {
        String user = newUser();
        HttpClient guesser = HttpClient.newBuilder()
                .localAddress(InetAddress.getByName("127.0.0.5")).build();
        for (int i = 0; i < 5; i++) { // 5/1m for one account from one address, spread over A and B
            assertThat(mintToken(guesser, i % 2 == 0 ? baseUrl() : secondUrl(), user, "guess-" + i).statusCode())
                    .isEqualTo(401);
        }
        assertThat(mintToken(guesser, secondUrl(), user, "guess-5").statusCode()).isEqualTo(429);
        assertThat(mintToken(guesser, baseUrl(), user, "guess-6").statusCode()).isEqualTo(429);
    }

    private static HttpResponse<String> mintToken(HttpClient client, String base,
            String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create(base + "/api/tokens"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String joined(List<ApiClient.SseEvent> events) {
        return events.stream().filter(e -> "token".equals(e.event())).map(e -> e.json().get("text").asString())
                .collect(Collectors.joining());
    }

    private static String expected(int tokens) {
        return IntStream.range(0, tokens).mapToObj(i -> "t" + i + " ").collect(Collectors.joining());
    }
}
