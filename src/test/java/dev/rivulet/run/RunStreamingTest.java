package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ApiClient.SseEvent;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The run event stream over SSE: format, replay, resume, flush policies, cancel, slow readers. */
class RunStreamingTest extends IntegrationTest {

    private String username;
    private ApiClient api;
    private String conversation;

    @BeforeEach
    void conversation() {
        username = newUser();
        api = api(username);
        conversation = api.newConversation();
    }

    @Test
    void eventsAreNumberedTypedAndTheirTokensAddUpToTheSavedAnswer() {
        MODEL.enqueue(ChatScript.words("Every token counts, in order, exactly once.").tokenDelay(Duration.ofMillis(15)));
        String runId = api.sendMessage(conversation, "count").get("runId").asString();
        List<SseEvent> events = api.allEvents(runId, "flush=token");

        assertThat(events.getFirst().event()).isEqualTo("run");
        assertThat(events.getFirst().json().get("runId").asString()).isEqualTo(runId);
        assertThat(events.getFirst().json().get("conversationId").asString()).isEqualTo(conversation);
        assertThat(events.getFirst().json().get("model").asString()).isEqualTo("llama3.2");
        assertThat(events.get(1).event()).isEqualTo("node");
        assertThat(events.get(1).json().get("phase").asString()).isEqualTo("started");
        assertThat(events.getLast().event()).isEqualTo("done");
        assertThat(events.get(events.size() - 2).json().get("phase").asString()).isEqualTo("finished");
        assertThat(events).extracting(SseEvent::id).doesNotContainNull();
        assertIncreasing(events);
        // One event per token while the reader keeps up; a reader that falls behind (a loaded machine)
        // gets neighbours merged, never more events than tokens. The texts still add up exactly.
        assertThat(events.stream().filter(e -> e.event().equals("token")).count()).isBetween(1L, 7L);

        JsonNode done = events.getLast().json();
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(tokenText(events)).isEqualTo(done.get("content").asString())
                .isEqualTo("Every token counts, in order, exactly once.")
                .isEqualTo(savedAnswer());
    }

    @Test
    void sseResponseHasTheHeadersAndKeepAliveComments() {
        MODEL.enqueue(ChatScript.words("after a pause").firstTokenDelay(Duration.ofMillis(1_300)));
        String runId = api.sendMessage(conversation, "pause").get("runId").asString();
        try (var stream = api.events(runId, null, null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            assertThat(stream.header("X-Accel-Buffering")).isEqualTo("no");
            List<SseEvent> events = stream.readUntil(e -> e.event().equals("done"));
            assertThat(events.getLast().event()).isEqualTo("done");
            assertThat(stream.comments()).as("keep-alive comments while the model was silent").isPositive();
        }
    }

    @Test
    void resumeWithLastEventIdGivesEveryLaterEventOnceWhileRunningAndAfterTheEnd() {
        MODEL.enqueue(ChatScript.generated(60, i -> "w" + i + " ").tokenDelay(Duration.ofMillis(15)));
        String runId = api.sendMessage(conversation, "resume").get("runId").asString();

        List<SseEvent> first;
        try (var stream = api.events(runId, "flush=token", null)) {
            first = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                first.add(stream.next());
            }
        }
        String lastId = first.getLast().id();
        List<SseEvent> rest;
        try (var stream = api.events(runId, "flush=token", lastId)) {
            rest = stream.readUntil(e -> e.event().equals("done"));
        }
        List<SseEvent> all = new ArrayList<>(first);
        all.addAll(rest);
        assertIncreasing(all);
        assertThat(tokenText(all)).isEqualTo(all.getLast().json().get("content").asString());
        // No gap is the text adding up; no repeat is the ids going on past the last one seen. The next id
        // is not always last + 1: a reader that falls behind gets tokens merged into one event.
        assertThat(Long.parseLong(rest.getFirst().id())).isGreaterThan(Long.parseLong(lastId));

        // After the end, from the middle, by query parameter.
        List<SseEvent> tail = api.allEvents(runId, "after=" + lastId);
        assertThat(tail.getLast().event()).isEqualTo("done");
        assertThat(tokenText(tail)).isEqualTo(tokenText(rest));
        assertThat(api.allEvents(runId, "after=" + all.getLast().id())).isEmpty();
    }

    @Test
    void flushPoliciesShapeDeliveryButNeverTheText() {
        MODEL.enqueue(ChatScript.generated(40, i -> "t" + i + " ").tokenDelay(Duration.ofMillis(10)));
        String runId = api.sendMessage(conversation, "flush").get("runId").asString();
        api.awaitEnd(runId, Duration.ofSeconds(10));
        String text = savedAnswer();

        List<SseEvent> perToken = api.allEvents(runId, "flush=token");
        List<SseEvent> batches = api.allEvents(runId, "flush=batch:10");
        List<SseEvent> slices = api.allEvents(runId, "flush=time:50");
        assertThat(tokenText(perToken)).isEqualTo(text);
        assertThat(tokenText(batches)).isEqualTo(text);
        assertThat(tokenText(slices)).isEqualTo(text);
        // Replaying a finished run, everything is already there, so every policy merges the text.
        assertThat(tokens(perToken)).hasSize(1);
        assertThat(tokens(batches)).hasSize(1);
        assertThat(tokens(slices)).hasSize(1);
        assertIncreasing(batches);
        assertIncreasing(slices);
    }

    @Test
    void liveBatchPolicyDeliversGroupsOfN() {
        MODEL.enqueue(ChatScript.generated(30, i -> "b" + i + " ").tokenDelay(Duration.ofMillis(20)));
        String runId = api.sendMessage(conversation, "batch").get("runId").asString();
        List<SseEvent> events = api.allEvents(runId, "flush=batch:5");
        List<SseEvent> tokens = tokens(events);
        // Each delivery waits for 5 tokens (the first may carry more: the stream opens after the run began).
        assertThat(tokens.size()).isBetween(2, 6);
        assertThat(tokens.subList(0, tokens.size() - 1)).allSatisfy(e -> assertThat(
                e.json().get("text").asString().split(" ")).hasSizeGreaterThanOrEqualTo(5));
        assertThat(tokenText(events)).isEqualTo(savedAnswer());
    }

    @Test
    void badFlushPolicyIsA400ProblemNamingTheChoices() {
        MODEL.enqueue(ChatScript.words("x"));
        String runId = api.sendMessage(conversation, "x").get("runId").asString();
        ApiClient.Response bad = api.get("/api/runs/" + runId + "/events?flush=sometimes");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asString()).contains("'token'").contains("batch:N").contains("time:MS");
        ApiClient.Response badResume = api.get("/api/runs/" + runId + "/events?after=minus-one");
        assertThat(badResume.status()).isEqualTo(400);
    }

    @Test
    void cancelStopsGenerationAtTheModelServerAndKeepsThePartialText() {
        MODEL.enqueue(ChatScript.generated(200, i -> "c" + i + " ").tokenDelay(Duration.ofMillis(50)));
        String runId = api.sendMessage(conversation, "cancel me").get("runId").asString();
        try (var stream = api.events(runId, "flush=token", null)) {
            List<SseEvent> seen = stream.readUntil(e -> e.event().equals("token") && e.json().get("text").asString()
                    .equals("c4 "));
            ApiClient.Response cancelled = api.post("/api/runs/" + runId + "/cancel", null);
            assertThat(cancelled.status()).isEqualTo(202);
            assertThat(MODEL.lastExchange().awaitClientClose(Duration.ofSeconds(1)))
                    .as("the model server saw the connection close within 1 s").isTrue();
            List<SseEvent> rest = stream.readUntil(e -> e.event().equals("done"));
            JsonNode done = rest.getLast().json();
            assertThat(done.get("status").asString()).isEqualTo("cancelled");
            assertThat(done.get("content").asString()).startsWith("c0 c1 c2 c3 c4 ");
            assertThat(seen.size() + rest.size()).isLessThan(150);
        }
        assertThat(MODEL.lastExchange().tokensSent()).isLessThan(20);
        assertThat(savedAnswer()).startsWith("c0 c1 c2 c3 c4 ");
        assertThat(api.get("/api/runs/" + runId).json().get("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void twoSubscribersSeeTheSameStream() {
        MODEL.enqueue(ChatScript.generated(30, i -> "s" + i + " ").tokenDelay(Duration.ofMillis(15)));
        String runId = api.sendMessage(conversation, "share").get("runId").asString();
        ApiClient secondClient = ApiClient.login(baseUrl(), username, PASSWORD);
        @SuppressWarnings("unchecked")
        List<SseEvent>[] secondEvents = new List[1];
        Thread second = Thread.ofVirtual().start(() -> secondEvents[0] = secondClient.allEvents(runId, "flush=time:30"));
        List<SseEvent> firstEvents = api.allEvents(runId, "flush=token");
        try {
            second.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(tokenText(secondEvents[0])).isEqualTo(tokenText(firstEvents)).isEqualTo(savedAnswer());
    }

    @Test
    void otherPeoplesRunsAreNotFound() {
        MODEL.enqueue(ChatScript.words("private"));
        String runId = api.sendMessage(conversation, "mine").get("runId").asString();
        ApiClient stranger = api(newUser());
        assertThat(stranger.get("/api/runs/" + runId).status()).isEqualTo(404);
        assertThat(stranger.get("/api/runs/" + runId + "/events").status()).isEqualTo(404);
        assertThat(stranger.post("/api/runs/" + runId + "/cancel", null).status()).isEqualTo(404);
        assertThat(stranger.get("/api/conversations/" + conversation).status()).isEqualTo(404);
    }

    @Test
    void aSubscriberThatNeverReadsDoesNotHoldUpTheRun() throws Exception {
        int tokens = 10_000;
        // The scripted model ignores num_predict here, like a server configured without a limit.
        MODEL.enqueue(ChatScript.generated(tokens, i -> "token-number-" + i + " ").ignoreNumPredict());
        String runId = api.sendMessage(conversation, "flood").get("runId").asString();
        String token = ApiClient.login(baseUrl(), username, PASSWORD).bearerToken();
        try (Socket stalled = new Socket()) {
            // Ask for every token separately, then never read a byte. The small buffer is set before the
            // connect, so TCP sizes its window for it: shrunk after the connect, the stalled reader's
            // catching up crawled on zero-window probes (33 s for this test's 800 KB).
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("localhost", port));
            stalled.setSoTimeout(30_000);
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/runs/" + runId + "/events?flush=token HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            JsonNode run = api.awaitEnd(runId, Duration.ofSeconds(30));
            assertThat(run.get("status").asString()).isEqualTo("completed");
            assertThat(savedAnswer()).hasSize(expectedLength(tokens));

            // The stalled reader still gets everything once it reads, merged into fewer events.
            InputStream in = stalled.getInputStream();
            String received = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(received).contains("event:done");
            long tokenEvents = received.lines().filter(l -> l.equals("event:token")).count();
            assertThat(tokenEvents).isLessThan(tokens);
        }
    }

    private static int expectedLength(int tokens) {
        int length = 0;
        for (int i = 0; i < tokens; i++) {
            length += ("token-number-" + i + " ").length();
        }
        return length;
    }

    private String savedAnswer() {
        List<JsonNode> messages = api.get("/api/conversations/" + conversation).json().get("messages").valueStream()
                .toList();
        return messages.getLast().get("content").asString();
    }

    static List<SseEvent> tokens(List<SseEvent> events) {
        return events.stream().filter(e -> e.event().equals("token")).toList();
    }

    static String tokenText(List<SseEvent> events) {
        return tokens(events).stream().map(e -> e.json().get("text").asString()).collect(Collectors.joining());
    }

    static void assertIncreasing(List<SseEvent> events) {
        long previous = 0;
        for (SseEvent event : events) {
            long id = Long.parseLong(event.id());
            assertThat(id).as("ids increase without repeats").isGreaterThan(previous);
            previous = id;
        }
    }
}
