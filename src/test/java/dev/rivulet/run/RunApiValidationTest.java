package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input on every endpoint gets problem details a person can act on, never a 500. */
class RunApiValidationTest extends IntegrationTest {

    private ApiClient api;
    private String conversation;

    @BeforeEach
    void conversation() {
        api = api(newUser());
        conversation = api.newConversation();
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(api.post("/api/conversations/" + conversation + "/messages", "{\"content\": "), 400,
                "not valid JSON");
        assertProblem(api.post("/api/conversations", "[1,2"), 400, "not valid JSON");
    }

    @Test
    void wrongTypesAre400NamingTheField() {
        assertProblem(api.post("/api/conversations", "{\"settings\":{\"temperature\":\"hot\"}}"), 400,
                "temperature");
        assertProblem(api.post("/api/conversations/" + conversation + "/messages", "{\"content\":{\"a\":1}}"), 400,
                "content");
    }

    @Test
    void unknownFieldsAre400ListingTheKnownOnes() {
        assertProblem(api.post("/api/conversations", "{\"titel\":\"typo\"}"), 400, "Unknown field 'titel'");
        assertProblem(api.patch("/api/conversations/" + conversation, "{\"settings\":{\"maxToken\":5}}"), 400,
                "maxTokens");
    }

    @Test
    void emptyAndOversizedContentAre400() {
        assertProblem(api.post("/api/conversations/" + conversation + "/messages", "{\"content\":\"  \"}"), 400,
                "empty");
        assertProblem(api.post("/api/conversations/" + conversation + "/messages", "{}"), 400, "empty");
        assertProblem(api.post("/api/conversations/" + conversation + "/messages",
                "{\"content\":\"" + "x".repeat(16_001) + "\"}"), 400, "16001");
        // control characters are removed (see InputScreenTest); text that is nothing else is empty
        assertProblem(api.post("/api/conversations/" + conversation + "/messages",
                "{\"content\":\"\\u0007\\u0000\"}"), 400, "empty");
        assertProblem(api.post("/api/conversations/" + conversation + "/messages",
                "{\"content\":\"half \\ud800 a pair\"}"), 400, "not valid UTF-8");
        assertProblem(api.post("/api/conversations/" + conversation + "/messages", null), 400, "JSON body");
        assertThat(MODEL.chatRequestCount()).isZero();
    }

    @Test
    void invalidSettingsAre400() {
        assertProblem(api.post("/api/conversations", "{\"settings\":{\"temperature\":7}}"), 400, "between 0 and 2");
        assertProblem(api.post("/api/conversations", "{\"settings\":{\"maxTokens\":0}}"), 400, "maxTokens");
        assertProblem(api.post("/api/conversations", "{\"workflow\":\"nonsense\"}"), 400, "chat");
        assertProblem(api.post("/api/conversations", "{\"title\":\"" + "t".repeat(201) + "\"}"), 400, "200");
    }

    @Test
    void unknownAndMalformedIdsAre404Or400() {
        String missing = UUID.randomUUID().toString();
        assertProblem(api.get("/api/conversations/" + missing), 404, missing);
        assertProblem(api.get("/api/runs/" + missing), 404, missing);
        assertProblem(api.post("/api/conversations/" + missing + "/messages", "{\"content\":\"hi\"}"), 404, missing);
        assertProblem(api.get("/api/conversations/not-a-uuid"), 400, "'id' must be a UUID");
        assertProblem(api.get("/api/runs/42/events"), 400, "UUID");
        assertProblem(api.get("/api/no-such-endpoint"), 404, "no such API endpoint");
    }

    @Test
    void aSecondMessageWhileARunIsGoingIs409() {
        MODEL.enqueue(ChatScript.generated(40, i -> "x ").tokenDelay(Duration.ofMillis(25)));
        String runId = api.sendMessage(conversation, "first").get("runId").asString();
        assertProblem(api.post("/api/conversations/" + conversation + "/messages", "{\"content\":\"second\"}"), 409,
                "already has an answer in progress");
        api.awaitEnd(runId, Duration.ofSeconds(10));
        MODEL.enqueue(ChatScript.words("now fine"));
        assertThat(api.post("/api/conversations/" + conversation + "/messages", "{\"content\":\"second\"}").status())
                .isEqualTo(202);
    }

    @Test
    void conversationsCanBeListedRenamedExportedAndDeleted() {
        MODEL.enqueue(ChatScript.words("An **answer** in Markdown."));
        String runId = api.sendMessage(conversation, "question").get("runId").asString();
        api.awaitEnd(runId, Duration.ofSeconds(10));
        assertThat(api.patch("/api/conversations/" + conversation, "{\"title\":\"Renamed\"}").json().get("title")
                .asString()).isEqualTo("Renamed");
        assertThat(api.get("/api/conversations").json().get(0).get("id").asString()).isEqualTo(conversation);

        ApiClient.Response markdown = api.get("/api/conversations/" + conversation + "/export?format=markdown");
        assertThat(markdown.status()).isEqualTo(200);
        assertThat(markdown.body()).contains("# Renamed").contains("## You\n\nquestion")
                .contains("An **answer** in Markdown.");
        ApiClient.Response json = api.get("/api/conversations/" + conversation + "/export?format=json");
        assertThat(json.json().get("messages").size()).isEqualTo(2);
        assertProblem(api.get("/api/conversations/" + conversation + "/export?format=pdf"), 400, "markdown");

        assertThat(api.delete("/api/conversations/" + conversation).status()).isEqualTo(204);
        assertThat(api.get("/api/conversations/" + conversation).status()).isEqualTo(404);
    }

    @Test
    void retryNeedsAMessageToAnswerAndAConversationOfYours() {
        assertProblem(api.post("/api/conversations/" + conversation + "/retry", ""), 400, "no message to answer again");
        assertProblem(api.post("/api/conversations/" + UUID.randomUUID() + "/retry", ""), 404, "no conversation");
        assertProblem(api.post("/api/conversations/not-a-uuid/retry", ""), 400, "");
        assertProblem(api(newUser()).post("/api/conversations/" + conversation + "/retry", ""), 404,
                "no conversation");
    }

    @Test
    void retryAnswersTheLastMessageAgainWithoutAddingIt() {
        MODEL.enqueue(ChatScript.words("unused").httpError(404,
                "{\"error\":\"model \\\"llama3.2\\\" not found, try pulling it first\"}"));
        String failed = api.sendMessage(conversation, "Why is the sea salty?").get("runId").asString();
        assertThat(api.awaitEnd(failed, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("failed");

        MODEL.enqueue(ChatScript.words("Rivers carry salts."));
        ApiClient.Response retried = api.post("/api/conversations/" + conversation + "/retry", "");
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        String runId = retried.json().get("runId").asString();
        assertThat(api.awaitEnd(runId, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("completed");
        var messages = api.get("/api/conversations/" + conversation).json().get("messages");
        assertThat(messages.size()).as("question, failed answer, new answer").isEqualTo(3);
        assertThat(messages.get(0).get("content").asString()).isEqualTo("Why is the sea salty?");
        assertThat(messages.get(2).get("content").asString()).isEqualTo("Rivers carry salts.");
        assertThat(retried.json().get("userMessageId").asLong()).isEqualTo(messages.get(0).get("id").asLong());
    }

    private static void assertProblem(ApiClient.Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).contains("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(detailContains);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
