package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ApiClient.EventStream;
import dev.rivulet.testsupport.ApiClient.SseEvent;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An answer in one request: {@code POST …/messages} (or {@code POST /api/conversations} with a
 * {@code message}) under {@code Accept: text/event-stream} answers with the run's event stream, the same
 * stream {@code GET /api/runs/{id}/events} gives; errors before the run starts stay problem details.
 */
class OneRequestAnswerTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
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
    void postWithAcceptEventStreamAnswersWithTheSameEventsAsTheGet() {
        MODEL.enqueue(ChatScript.words("One request, the whole answer, in order.").tokenDelay(Duration.ofMillis(10)));
        List<SseEvent> posted;
        String runId;
        try (EventStream stream = post("/api/conversations/" + conversation + "/messages?flush=token",
                "{\"content\":\"one\"}")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            assertThat(stream.header("X-Accel-Buffering")).isEqualTo("no");
            runId = stream.header("X-Run-Id");
            assertThat(runId).isNotNull();
            assertThat(stream.header("Content-Location")).isEqualTo("/api/runs/" + runId + "/events");
            assertThat(stream.header("X-Message-Id")).isNotNull();
            posted = stream.readUntil(e -> e.event().equals("done"));
        }
        List<SseEvent> got = api.allEvents(runId, "flush=token");

        assertThat(posted.getFirst().id()).isEqualTo("1");
        assertThat(posted.getFirst().event()).isEqualTo("run");
        assertThat(posted.getLast().event()).isEqualTo("done");
        RunStreamingTest.assertIncreasing(posted);
        // Tokens a reader falls behind on are merged into one event; everything else is the same event.
        assertThat(posted.stream().filter(e -> !e.event().equals("token")).toList())
                .isEqualTo(got.stream().filter(e -> !e.event().equals("token")).toList());
        assertThat(RunStreamingTest.tokenText(posted)).isEqualTo(RunStreamingTest.tokenText(got))
                .isEqualTo("One request, the whole answer, in order.");
        if (posted.size() == got.size()) {
            assertThat(posted).isEqualTo(got);
        }
        JsonNode message = api.get("/api/conversations/" + conversation).json().get("messages").get(1);
        assertThat(message.get("runId").asString()).isEqualTo(runId);
    }

    @Test
    void aDroppedStreamIsResumedWithTheGetAndLastEventIdLosingAndRepeatingNothing() {
        MODEL.enqueue(ChatScript.generated(60, i -> "w" + i + " ").tokenDelay(Duration.ofMillis(15)));
        List<SseEvent> first = new ArrayList<>();
        String resumeAt;
        String runId;
        try (EventStream stream = post("/api/conversations/" + conversation + "/messages?flush=token",
                "{\"content\":\"drop\"}")) {
            runId = stream.header("X-Run-Id");
            resumeAt = stream.header("Content-Location");
            for (int i = 0; i < 10; i++) {
                first.add(stream.next());
            }
        } // the connection is dropped here, mid-answer
        List<SseEvent> rest;
        try (var stream = api.events(runId, "flush=token", first.getLast().id())) {
            assertThat(resumeAt).isEqualTo("/api/runs/" + runId + "/events");
            rest = stream.readUntil(e -> e.event().equals("done"));
        }
        List<SseEvent> all = new ArrayList<>(first);
        all.addAll(rest);
        RunStreamingTest.assertIncreasing(all);
        JsonNode done = all.getLast().json();
        assertThat(done.get("status").asString()).as("dropping the stream does not stop the run").isEqualTo("completed");
        String expected = String.join("", IntStream.range(0, 60).mapToObj(i -> "w" + i + " ").toList());
        assertThat(RunStreamingTest.tokenText(all)).isEqualTo(done.get("content").asString()).isEqualTo(expected);
    }

    @Test
    void aConversationAndItsFirstAnswerInOneRequest() {
        MODEL.enqueue(ChatScript.words("Hello from a new conversation."));
        String runId;
        String conversationId;
        List<SseEvent> events;
        try (EventStream stream = post("/api/conversations?flush=token",
                "{\"title\":\"One go\",\"message\":\"hello\"}")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            runId = stream.header("X-Run-Id");
            conversationId = stream.header("X-Conversation-Id");
            assertThat(stream.header("Location")).isEqualTo("/api/conversations/" + conversationId);
            assertThat(stream.header("Content-Location")).isEqualTo("/api/runs/" + runId + "/events");
            events = stream.readUntil(e -> e.event().equals("done"));
        }
        assertThat(events.getFirst().json().get("conversationId").asString()).isEqualTo(conversationId);
        assertThat(RunStreamingTest.tokenText(events)).isEqualTo("Hello from a new conversation.");
        JsonNode saved = api.get("/api/conversations/" + conversationId).json();
        assertThat(saved.get("title").asString()).isEqualTo("One go");
        assertThat(saved.get("messages").get(0).get("content").asString()).isEqualTo("hello");
        assertThat(saved.get("messages").get(1).get("content").asString()).isEqualTo("Hello from a new conversation.");

        // Without Accept: text/event-stream: the 201 body, with the run to follow.
        MODEL.enqueue(ChatScript.words("And in JSON."));
        ApiClient.Response created = api.post("/api/conversations", "{\"message\":\"json please\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(created.header("Location")).isEqualTo("/api/conversations/" + body.get("id").asString());
        assertThat(body.get("events").asString()).isEqualTo("/api/runs/" + body.get("runId").asString() + "/events");
        assertThat(body.get("messageId").isNumber()).isTrue();
        List<SseEvent> followed = api.allEvents(body.get("runId").asString(), "flush=token");
        assertThat(RunStreamingTest.tokenText(followed)).isEqualTo("And in JSON.");
    }

    @Test
    void errorsBeforeTheRunStartsAreProblemDetailsUnderAcceptEventStream() {
        String missing = UUID.randomUUID().toString();
        assertProblem(post("/api/conversations/" + missing + "/messages", "{\"content\":\"hi\"}"), 404, missing);
        assertProblem(post("/api/conversations/" + conversation + "/messages", "{\"content\":\"  \"}"), 400, "empty");
        assertProblem(post("/api/conversations/" + conversation + "/messages", "{\"content\": "), 400, "not valid JSON");
        assertProblem(post("/api/conversations/" + conversation + "/messages?flush=sometimes", "{\"content\":\"x\"}"),
                400, "flush");
        assertProblem(post("/api/conversations/not-a-uuid/messages", "{\"content\":\"x\"}"), 400, "UUID");
        assertProblem(post("/api/conversations", "{}"), 400, "message");
        assertProblem(post("/api/conversations", "{\"message\":\"  \"}"), 400, "empty");
        assertProblem(post("/api/conversations", "{\"settings\":{\"temperature\":7},\"message\":\"x\"}"), 400,
                "between 0 and 2");
        assertThat(MODEL.chatRequestCount()).as("nothing reached the model").isZero();
        assertThat(api.get("/api/conversations").json().size()).as("no conversation left behind").isEqualTo(1);

        MODEL.enqueue(ChatScript.generated(40, i -> "x ").tokenDelay(Duration.ofMillis(25)));
        String runId = api.sendMessage(conversation, "first").get("runId").asString();
        assertProblem(post("/api/conversations/" + conversation + "/messages", "{\"content\":\"second\"}"), 409,
                "already has an answer in progress");
        api.awaitEnd(runId, Duration.ofSeconds(10));

        assertThat(ApiClient.anonymous(baseUrl()).send("POST", "/api/conversations/" + conversation + "/messages",
                "application/json", "{\"content\":\"x\"}").status()).isEqualTo(401);
    }

    @Test
    void withoutAcceptEventStreamThe202PathIsUnchanged() {
        MODEL.enqueue(ChatScript.words("as before"));
        ApiClient.Response sent = api.post("/api/conversations/" + conversation + "/messages", "{\"content\":\"old\"}");
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        assertThat(sent.header("X-Run-Id")).isNull();
        JsonNode body = sent.json();
        assertThat(body.propertyNames()).containsExactly("runId", "messageId", "userMessageId", "events");
        api.awaitEnd(body.get("runId").asString(), Duration.ofSeconds(10));

        ApiClient.Response created = api.post("/api/conversations", "{}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isNull();
        assertThat(created.json().has("runId")).isFalse();
    }

    private static void assertProblem(EventStream response, int status, String detailContains) {
        try (response) {
            String body = response.body();
            assertThat(response.status()).as(body).isEqualTo(status);
            assertThat(response.header("Content-Type")).contains("application/problem+json");
            JsonNode problem = JSON.readTree(body);
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("detail").asString()).contains(detailContains);
        }
    }

    private EventStream post(String path, String json) {
        return api.postForEvents(path, json);
    }
}
