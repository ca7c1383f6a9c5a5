package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The JSON bodies of the conversation, run and admin endpoints and the run's events, as raw text: field
 * names, their order, which are null and which left out, integers and decimals. Ids, times and figures
 * are masked (U, T, N for an integer, D for a decimal); everything else must match byte for byte.
 */
class ApiBodyShapesTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void conversationRunAndEventBodies() {
        ApiClient api = api(newUser());
        ApiClient.Response created = api.post("/api/conversations", "{\"title\":\"Shapes\",\"model\":\"llama3.2\","
                + "\"settings\":{\"temperature\":0.5}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isNull();
        assertThat(shape(created.body())).isEqualTo("{\"id\":\"U\",\"title\":\"Shapes\",\"model\":\"llama3.2\","
                + "\"workflow\":\"chat\",\"settings\":{\"temperature\":D,\"maxTokens\":null,\"systemPrompt\":null},"
                + "\"createdAt\":\"T\",\"updatedAt\":\"T\"}");
        String conversation = created.json().get("id").asString();
        assertThat(shape(api.patch("/api/conversations/" + conversation, "{\"title\":\"Shapes 2\"}").body()))
                .isEqualTo("{\"id\":\"U\",\"title\":\"Shapes 2\",\"model\":\"llama3.2\",\"workflow\":\"chat\","
                        + "\"settings\":{\"temperature\":D,\"maxTokens\":null,\"systemPrompt\":null},"
                        + "\"createdAt\":\"T\",\"updatedAt\":\"T\"}");
        assertThat(shape(api.get("/api/conversations").body())).isEqualTo("[{\"id\":\"U\",\"title\":\"Shapes 2\","
                + "\"model\":\"llama3.2\",\"workflow\":\"chat\",\"settings\":{\"temperature\":D,\"maxTokens\":null,"
                + "\"systemPrompt\":null},\"createdAt\":\"T\",\"updatedAt\":\"T\"}]");

        MODEL.enqueue(ChatScript.words("Hello there."));
        ApiClient.Response sent = api.post("/api/conversations/" + conversation + "/messages",
                "{\"content\":\"Hi\"}");
        assertThat(sent.status()).isEqualTo(202);
        assertThat(shape(sent.body())).isEqualTo("{\"runId\":\"U\",\"messageId\":N,\"userMessageId\":N,"
                + "\"events\":\"/api/runs/U/events\"}");
        String runId = sent.json().get("runId").asString();
        api.awaitEnd(runId, WAIT);
        assertThat(shape(api.get("/api/runs/" + runId).body())).isEqualTo("{\"runId\":\"U\",\"conversationId\":\"U\","
                + "\"messageId\":N,\"status\":\"completed\",\"workflow\":\"chat\",\"model\":\"llama3.2\",\"metrics\":"
                + "{\"ttftMs\":N,\"totalMs\":N,\"tokens\":N,\"tokensPerSecond\":D,\"doneReason\":\"stop\"}}");
        ApiClient.Response cancelled = api.post("/api/runs/" + runId + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(shape(cancelled.body())).isEqualTo(shape(api.get("/api/runs/" + runId).body()));

        Map<String, List<String>> events = new LinkedHashMap<>();
        for (ApiClient.SseEvent event : api.allEvents(runId, "flush=token")) {
            events.computeIfAbsent(event.event(), e -> new ArrayList<>()).add(shape(event.data()));
        }
        assertThat(events.keySet()).containsExactly("run", "node", "token", "done");
        assertThat(events.get("run")).containsExactly("{\"runId\":\"U\",\"conversationId\":\"U\",\"workflow\":\"chat\","
                + "\"model\":\"llama3.2\",\"settings\":{\"temperature\":D,\"maxTokens\":N}}");
        assertThat(events.get("node").getFirst()).isEqualTo("{\"node\":\"chat\",\"phase\":\"started\"}");
        assertThat(events.get("node").getLast()).startsWith("{\"node\":\"chat\",\"phase\":\"finished\",\"update\":{");
        assertThat(events.get("token")).containsExactly("{\"node\":\"chat\",\"text\":\"Hello there.\"}");
        assertThat(events.get("done")).containsExactly("{\"status\":\"completed\",\"content\":\"Hello there.\","
                + "\"metrics\":{\"ttftMs\":N,\"totalMs\":N,\"tokens\":N,\"tokensPerSecond\":D,\"doneReason\":\"stop\"}}");

        MODEL.enqueue(ChatScript.of("Half ", "an ", "answer").errorLineAfter(2, "out of memory"));
        String failed = api.sendMessage(conversation, "Again").get("runId").asString();
        api.awaitEnd(failed, WAIT);
        String failedMetrics = "\\{\"ttftMs\":N,\"totalMs\":N,\"tokens\":(N|null),\"tokensPerSecond\":(D|null),"
                + "\"doneReason\":null\\}";
        String error = "\"error\":\\{\"title\":\"The model server reported an error\",\"detail\":\"(\\\\.|[^\"\\\\])+\"\\}";
        assertThat(shape(api.get("/api/runs/" + failed).body())).matches("\\{\"runId\":\"U\",\"conversationId\":\"U\","
                + "\"messageId\":N,\"status\":\"failed\",\"workflow\":\"chat\",\"model\":\"llama3.2\",\"metrics\":"
                + failedMetrics + "," + error + "\\}");
        assertThat(shape(api.allEvents(failed, null).getLast().data())).matches("\\{\"status\":\"failed\","
                + "\"content\":\"Half an \",\"metrics\":" + failedMetrics + "," + error + "\\}");

        assertThat(shape(api.get("/api/conversations/" + conversation).body())).matches(Pattern.quote(
                "{\"id\":\"U\",\"title\":\"Shapes 2\",\"model\":\"llama3.2\",\"workflow\":\"chat\","
                + "\"settings\":{\"temperature\":D,\"maxTokens\":null,\"systemPrompt\":null},\"createdAt\":\"T\","
                + "\"updatedAt\":\"T\",\"activeRunId\":null,\"messages\":[{\"id\":N,\"role\":\"user\",\"content\":\"Hi\","
                + "\"status\":\"completed\",\"node\":null,\"createdAt\":\"T\"},{\"id\":N,\"role\":\"assistant\","
                + "\"content\":\"Hello there.\",\"status\":\"completed\",\"node\":\"chat\",\"createdAt\":\"T\","
                + "\"runId\":\"U\",\"metrics\":{\"ttftMs\":N,\"totalMs\":N,\"tokens\":N,\"tokensPerSecond\":D,"
                + "\"doneReason\":\"stop\"}},{\"id\":N,\"role\":\"user\",\"content\":\"Again\",\"status\":\"completed\","
                + "\"node\":null,\"createdAt\":\"T\"},{\"id\":N,\"role\":\"assistant\",\"content\":\"Half an \","
                + "\"status\":\"failed\",\"node\":\"chat\",\"createdAt\":\"T\",\"runId\":\"U\",\"metrics\":")
                + failedMetrics + "," + error + "\\}\\]\\}");

        String export = api.get("/api/conversations/" + conversation + "/export?format=json").body();
        assertThat(shape(export)).startsWith("{\n  \"id\" : \"U\",\n  \"title\" : \"Shapes 2\",\n  \"model\" : \"llama3.2\",\n"
                + "  \"workflow\" : \"chat\",\n  \"settings\" : {\n    \"temperature\" : D,\n    \"maxTokens\" : null,\n"
                + "    \"systemPrompt\" : null\n  },\n  \"createdAt\" : \"T\",\n  \"updatedAt\" : \"T\",\n"
                + "  \"messages\" : [ {\n    \"id\" : N,\n    \"role\" : \"user\",");

        MODEL.enqueue(ChatScript.words("First answer."));
        ApiClient.Response withMessage = api.post("/api/conversations", "{\"model\":\"llama3.2\",\"message\":\"Hi\"}");
        assertThat(withMessage.status()).isEqualTo(201);
        assertThat(withMessage.header("Location")).startsWith("/api/conversations/");
        assertThat(shape(withMessage.body())).isEqualTo("{\"id\":\"U\",\"title\":\"New conversation\",\"model\":\"llama3.2\","
                + "\"workflow\":\"chat\",\"settings\":{\"temperature\":null,\"maxTokens\":null,\"systemPrompt\":null},"
                + "\"createdAt\":\"T\",\"updatedAt\":\"T\",\"runId\":\"U\",\"messageId\":N,\"userMessageId\":N,"
                + "\"events\":\"/api/runs/U/events\"}");
        api.awaitEnd(withMessage.json().get("runId").asString(), WAIT);

        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        String adminRun = shape(admin.get("/api/admin/runs/" + runId).body());
        assertThat(adminRun).matches("\\{\"runId\":\"U\",\"userId\":N,\"user\":\"[^\"]+\",\"conversationId\":\"U\","
                + "\"workflow\":\"chat\",\"model\":\"llama3.2\",\"temperature\":D,\"maxTokens\":N,\"status\":\"completed\","
                + "\"startedAt\":\"T\",\"endedAt\":\"T\",\"metrics\":\\{\"ttftMs\":N,\"totalMs\":N,\"tokens\":N,"
                + "\"tokensPerSecond\":D\\},\"hasLog\":(true|false),\"flags\":\\[\\],\"traceId\":\"[0-9a-f]{32}\"\\}");
        String adminFailed = shape(admin.get("/api/admin/runs/" + failed).body());
        assertThat(adminFailed).matches(".*\"tokensPerSecond\":(D|null)\\}," + error + ",\"hasLog\":.*");
        assertThat(shape(admin.get("/api/admin/runs?limit=1").body())).startsWith("[{\"runId\":\"U\",\"userId\":N,");
        String metrics = shape(admin.get("/api/admin/metrics?window=15m").body());
        assertThat(metrics).matches("\\{\"window\":\"15m\",\"from\":\"T\",\"to\":\"T\",\"activeRuns\":N,\"runs\":N,"
                + "\"errors\":N,\"errorRate\":D,\"withoutFirstToken\":N,\"ttftMs\":\\{[^}]*\\},\"totalMs\":\\{[^}]*\\},"
                + "\"tokensPerSecond\":\\{[^}]*\\},\"byModel\":\\{.*\\}\\}");
    }

    @Test
    void aMultiNodeRunCarriesEveryNodesTextAndParts() {
        ApiClient api = api(newUser());
        String conversation = api.newConversation();
        MODEL.enqueue(ChatScript.words("One."), ChatScript.words("One."), ChatScript.words("One."),
                ChatScript.words("All."));
        String runId = api.sendMessage(conversation, "Ideas?", "ideas").get("runId").asString();
        api.awaitEnd(runId, WAIT);
        JsonNode done = api.allEvents(runId, null).getLast().json();
        assertThat(done.propertyNames()).containsExactly("status", "content", "metrics", "nodes");
        assertThat(done.get("nodes").propertyNames()).containsExactlyInAnyOrder("practical", "creative", "critical",
                "summary");
        JsonNode answer = api.get("/api/conversations/" + conversation).json().get("messages").get(1);
        assertThat(answer.propertyNames()).containsExactly("id", "role", "content", "status", "node", "createdAt",
                "runId", "metrics", "parts");
        assertThat(shape(answer.get("parts").get(0).toString())).matches("\\{\"node\":\"[a-z]+\",\"content\":\"One\\.\","
                + "\"firstTokenMs\":N,\"durationMs\":N\\}");
        assertThat(answer.get("parts").valueStream().map(p -> p.get("node").asString()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("practical", "creative", "critical", "summary");
    }

    /** Ids, times and figures masked; integers and decimals told apart. */
    static String shape(String json) {
        return json.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "U")
                .replaceAll("\"\\d{4}-\\d{2}-\\d{2}T[^\"]+\"", "\"T\"")
                .replaceAll("(?<=: ?)-?\\d+\\.\\d+(E-?\\d+)?(?=\\s*[,}\\]\\n])", "D")
                .replaceAll("(?<=: ?)-?\\d+(?=\\s*[,}\\]\\n])", "N");
    }
}
