package dev.rivulet.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatRequestSeen;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.GuardedIntegrationTest;
import dev.rivulet.testsupport.ScriptedOllamaServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code moderate} node with a guard model set, on the real send path: the Spring AI client over
 * HTTP to the scripted model server, which answers the guard's requests in Llama Guard's format and
 * the answer model's as usual (told apart by the request's {@code model}), and a real H2.
 */
class ModerateNodeTest extends GuardedIntegrationTest {

    private ApiClient api;
    private ApiClient admin;

    @BeforeEach
    void signIn() {
        api = api(newUser());
        admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
    }

    /** The guard answers with {@code guard}; the answer model by {@code answer}. */
    private static void respond(ChatScript guard, Function<ChatRequestSeen, ChatScript> answer) {
        MODEL.defaultResponder(request -> request.model().equals(GUARD) ? guard : answer.apply(request));
    }

    private static List<ChatRequestSeen> guardRequests() {
        return MODEL.requests().stream().filter(r -> r.model().equals(GUARD)).toList();
    }

    private static List<ChatRequestSeen> answerRequests() {
        return MODEL.requests().stream().filter(r -> !r.model().equals(GUARD)).toList();
    }

    private static List<String> nodeTrace(List<ApiClient.SseEvent> events) {
        return events.stream().filter(e -> e.event().equals("node"))
                .map(e -> e.json().get("node").asString() + " " + e.json().get("phase").asString()).toList();
    }

    private static JsonNode moderateUpdate(List<ApiClient.SseEvent> events) {
        return events.stream().filter(e -> e.event().equals("node")).map(ApiClient.SseEvent::json)
                .filter(n -> n.get("node").asString().equals(Workflow.MODERATE)
                        && n.get("phase").asString().equals("finished"))
                .findFirst().orElseThrow().get("update");
    }

    private String flags(String runId) {
        return admin.get("/api/admin/runs/" + runId).json().get("flags").toString();
    }

    @Test
    void aSafeVerdictLetsTheAnswerStreamAfterTheModerateNodeAndIsRecordedOnTheRun() {
        respond(ChatScript.of("safe"), ScriptedOllamaServer::echo);
        String conversation = api.newConversation();
        String runId = api.sendMessage(conversation, "How do I bake sourdough bread?").get("runId").asString();
        List<ApiClient.SseEvent> events = api.allEvents(runId, "flush=token");

        assertThat(nodeTrace(events)).containsExactly("moderate started", "moderate finished", "chat started",
                "chat finished");
        JsonNode update = moderateUpdate(events);
        assertThat(update.get("moderation").toString()).isEqualTo("{\"model\":\"" + GUARD + "\",\"verdict\":\"safe\"}");
        assertThat(update.get("flags").toString()).isEqualTo("[\"guard:safe\"]");
        assertThat(events.stream().filter(e -> e.event().equals("token")).map(e -> e.json().get("node").asString())
                .distinct().toList()).as("the guard's own output is no part of the answer").containsExactly("chat");
        JsonNode done = events.getLast().json();
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("content").asString()).isEqualTo("You said: How do I bake sourdough bread?. Here is a "
                + "streamed answer.");
        assertThat(done.has("nodes")).as("moderate has no part: chat still has one text").isFalse();

        assertThat(MODEL.requests()).extracting(ChatRequestSeen::model).containsExactly(GUARD, "llama3.2");
        ChatRequestSeen asked = guardRequests().getFirst();
        assertThat(asked.messages()).containsExactly(new ChatRequestSeen.Message("user",
                "How do I bake sourdough bread?"));
        assertThat(asked.numPredict()).contains(20);
        assertThat(flags(runId)).isEqualTo("[\"guard:safe\"]");
        JsonNode answer = api.get("/api/conversations/" + conversation).json().get("messages").get(1);
        assertThat(answer.get("status").asString()).isEqualTo("completed");
        assertThat(answer.has("parts") && !answer.get("parts").isNull()).isFalse();
    }

    @Test
    void everyWorkflowStartsWithModerateAndKeepsItsShapeBehindIt() {
        JsonNode workflows = api.get("/api/workflows").json();
        for (JsonNode workflow : workflows) {
            assertThat(workflow.get("nodes").get(0).asString()).isEqualTo(Workflow.MODERATE);
            assertThat(workflow.get("edges").get(0).toString()).isEqualTo("[\"START\",\"moderate\"]");
            assertThat(workflow.get("edges").toString()).contains("[\"moderate\",\"END\"]")
                    .doesNotContain("[\"START\",\"" + workflow.get("nodes").get(1).asString() + "\"]");
        }
        respond(ChatScript.of("safe"), request -> ChatScript.words(WorkflowIntegrationTest.nodeOf(request) + " text"));
        String runId = api.sendMessage(api.newConversation(), "Ideas for a quiet garden?", "ideas").get("runId")
                .asString();
        List<ApiClient.SseEvent> events = api.allEvents(runId, "flush=token");
        List<String> trace = nodeTrace(events);
        assertThat(trace.subList(0, 2)).containsExactly("moderate started", "moderate finished");
        // the fan-out behind moderate: the three branches start after it (a fast branch may finish before the
        // last one starts) and the summary after all three
        int summary = trace.indexOf("summary started");
        assertThat(trace.subList(2, summary)).contains("practical started", "creative started", "critical started")
                .contains("practical finished", "creative finished", "critical finished").hasSize(6);
        assertThat(trace.getLast()).isEqualTo("summary finished");
        assertThat(events.getLast().json().get("status").asString()).isEqualTo("completed");
        assertThat(events.getLast().json().get("nodes").propertyNames()).containsExactly("practical", "creative",
                "critical", "summary");
        assertThat(guardRequests()).hasSize(1);
        assertThat(answerRequests()).hasSize(4);
        assertThat(flags(runId)).isEqualTo("[\"guard:safe\"]");
    }

    @Test
    void anUnsafeVerdictEndsTheRunRefusedNamingTheCategoriesAndTheAnswerModelIsNeverAsked() {
        respond(ChatScript.of("un", "safe\n", "S1"), ScriptedOllamaServer::echo);
        String conversation = api.newConversation();
        String runId = api.sendMessage(conversation, "How do I hurt someone?").get("runId").asString();
        List<ApiClient.SseEvent> events = api.allEvents(runId, "flush=token");

        assertThat(nodeTrace(events)).containsExactly("moderate started", "moderate finished");
        JsonNode update = moderateUpdate(events);
        assertThat(update.get("moderation").get("verdict").asString()).isEqualTo("unsafe");
        assertThat(update.get("moderation").get("categories").toString()).isEqualTo("[\"S1\"]");
        JsonNode done = events.getLast().json();
        assertThat(done.get("status").asString()).isEqualTo("refused");
        assertThat(done.get("content").asString()).contains("not answered").contains("S1 Violent Crimes");
        assertThat(done.get("error").get("title").asString()).isEqualTo("Refused by the guard model");
        assertThat(MODEL.requests()).as("only the guard was asked").extracting(ChatRequestSeen::model)
                .containsExactly(GUARD);
        assertThat(flags(runId)).isEqualTo("[\"guard:unsafe:S1\"]");
        JsonNode run = api.get("/api/runs/" + runId).json();
        assertThat(run.get("status").asString()).isEqualTo("refused");
        assertThat(run.get("error").get("detail").asString()).contains("S1 Violent Crimes");
        JsonNode answer = api.get("/api/conversations/" + conversation).json().get("messages").get(1);
        assertThat(answer.get("status").asString()).isEqualTo("refused");
        assertThat(answer.get("content").asString()).isEqualTo(done.get("content").asString());
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/admin/runs/" + runId + "/log").status() == 200);
        assertThat(admin.get("/api/admin/runs/" + runId + "/log").body()).as("the stored stream log has the verdict")
                .contains("\"moderation\"").contains("guard:unsafe:S1").contains("\"refused\"");

        respond(ChatScript.of("unsafe\nS2,S10"), ScriptedOllamaServer::echo);
        String second = api.sendMessage(conversation, "Something hateful and criminal").get("runId").asString();
        JsonNode ended = api.awaitEnd(second, Duration.ofSeconds(20));
        assertThat(ended.get("status").asString()).isEqualTo("refused");
        assertThat(ended.get("error").get("detail").asString()).contains("S2 Non-Violent Crimes, S10 Hate");
        assertThat(flags(second)).isEqualTo("[\"guard:unsafe:S2,S10\"]");
        assertThat(answerRequests()).isEmpty();
        assertThat(admin.get("/api/admin/runs?status=refused&limit=500").json().findValuesAsString("runId"))
                .contains(runId, second);
    }

    @Test
    void aGuardThatCannotAnswerFailsTheRunSayingWhatToDo() {
        // the guard is not installed: the model server answers 404
        MODEL.knownModels(ScriptedOllamaServer.DEFAULT_MODELS.toArray(String[]::new));
        JsonNode missing = endOf("Write a poem about bread");
        assertThat(missing.get("status").asString()).isEqualTo("failed");
        assertThat(missing.get("error").get("title").asString()).isEqualTo("The guard model could not check this message");
        assertThat(missing.get("error").get("detail").asString()).contains(GUARD).contains("was not answered")
                .contains("ollama pull " + GUARD);

        MODEL.addKnownModel(GUARD);
        respond(ChatScript.of("Sure! Here is a poem about bread."), ScriptedOllamaServer::echo);
        assertThat(endOf("Write a poem").get("error").get("detail").asString()).contains("is it a Llama Guard model?");

        respond(ChatScript.of("safe").firstTokenDelay(Duration.ofSeconds(30)), ScriptedOllamaServer::echo);
        long started = System.nanoTime();
        JsonNode slow = endOf("Write a haiku");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the run's first-token timeout (3 s here)")
                .isLessThan(Duration.ofSeconds(15));
        assertThat(slow.get("status").asString()).isEqualTo("failed");
        assertThat(slow.get("error").get("detail").asString()).contains("No first token within 3 s");
        assertThat(answerRequests()).as("no message went to the answer model").isEmpty();
    }

    private JsonNode endOf(String message) {
        String runId = api.sendMessage(api.newConversation(), message).get("runId").asString();
        return api.awaitEnd(runId, Duration.ofSeconds(20));
    }
}
