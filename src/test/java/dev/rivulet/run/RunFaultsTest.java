package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How runs end when the model server misbehaves. Each fault is scripted on the model server that
 * Spring AI's Ollama client talks to over HTTP; nothing the person saw is ever lost.
 */
class RunFaultsTest extends IntegrationTest {

    private static final Duration END = Duration.ofSeconds(15);

    private ApiClient api;
    private String conversation;

    @BeforeEach
    void conversation() {
        api = api(newUser());
        conversation = api.newConversation();
    }

    @Test
    void connectionDroppedMidStreamFailsAndKeepsThePartialText() {
        MODEL.enqueue(ChatScript.of("One ", "two ", "three ", "four").tokenDelay(Duration.ofMillis(20)).dropAfter(3));
        JsonNode run = run("count");
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("error").get("title").asString()).isEqualTo("Connection to the model server lost");
        assertThat(answer().get("content").asString()).isEqualTo("One two three ");
        assertThat(answer().get("status").asString()).isEqualTo("failed");
    }

    @Test
    void stallPastTheIdleTimeoutFailsKeepsTextAndClosesTheConnection() {
        MODEL.enqueue(ChatScript.of("Slow ", "start ", "then ", "nothing").tokenDelay(Duration.ofMillis(20))
                .stallAfter(2));
        JsonNode run = run("stall");
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("error").get("detail").asString()).contains("No token arrived for 1 s");
        assertThat(answer().get("content").asString()).isEqualTo("Slow start ");
        assertThat(MODEL.lastExchange().awaitClientClose(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void serverErrorBeforeTheFirstTokenIsRetried() {
        MODEL.enqueue(ChatScript.of("x").httpError(500, "{\"error\":\"llama runner process has terminated\"}"),
                ChatScript.words("Second time lucky."));
        JsonNode run = run("retry");
        assertThat(run.get("status").asString()).isEqualTo("completed");
        assertThat(answer().get("content").asString()).isEqualTo("Second time lucky.");
        assertThat(MODEL.chatRequestCount()).isEqualTo(2);
    }

    @Test
    void persistentServerErrorsGiveUpAfterTwoRetries() {
        for (int i = 0; i < 3; i++) {
            MODEL.enqueue(ChatScript.of("x").httpError(503, "{\"error\":\"server busy\"}"));
        }
        JsonNode run = run("retry");
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("error").get("detail").asString()).contains("HTTP 503").contains("server busy");
        assertThat(MODEL.chatRequestCount()).isEqualTo(3);
    }

    @Test
    void unknownModelNamesTheModelAndOllamaPull() {
        api.patch("/api/conversations/" + conversation, "{\"model\":\"mistral-nope\"}");
        JsonNode run = run("hello");
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("error").get("title").asString()).isEqualTo("Model not found");
        assertThat(run.get("error").get("detail").asString()).contains("'mistral-nope'")
                .contains("ollama pull mistral-nope");
        assertThat(MODEL.chatRequestCount()).as("a missing model is not retried").isEqualTo(1);
    }

    @Test
    void errorLineMidStreamFailsAndKeepsThePartialText() {
        MODEL.enqueue(ChatScript.of("Half ", "an ", "answer").errorLineAfter(2, "out of memory"));
        JsonNode run = run("oom");
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("error").get("title").asString()).isEqualTo("The model server reported an error");
        assertThat(answer().get("content").asString()).isEqualTo("Half an ");
    }

    @Test
    void malformedLineFailsAndKeepsThePartialText() {
        MODEL.enqueue(ChatScript.of("Good ", "so ", "far").malformedLineAfter(2));
        JsonNode run = run("garbage");
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("error").get("title").asString()).isEqualTo("Unreadable answer from the model server");
        assertThat(answer().get("content").asString()).isEqualTo("Good so ");
    }

    @Test
    void multiByteCharactersSplitAcrossChunksComeOutExactly() {
        String text = "héllo 🌍 wörld — naïve café ✓ 日本語";
        MODEL.enqueue(ChatScript.words(text).splitUtf8());
        JsonNode run = run("unicode");
        assertThat(run.get("status").asString()).isEqualTo("completed");
        assertThat(answer().get("content").asString()).isEqualTo(text);
    }

    @Test
    void tokenLimitIsSentAsNumPredictAndEndsTruncated() {
        api.patch("/api/conversations/" + conversation, "{\"settings\":{\"maxTokens\":5}}");
        MODEL.enqueue(ChatScript.words("one two three four five six seven eight"));
        JsonNode run = run("long");
        assertThat(MODEL.lastRequest().numPredict()).contains(5);
        assertThat(run.get("status").asString()).isEqualTo("truncated");
        assertThat(run.get("metrics").get("doneReason").asString()).isEqualTo("length");
        assertThat(answer().get("content").asString()).isEqualTo("one two three four five");
        assertThat(answer().get("status").asString()).isEqualTo("truncated");
    }

    @Test
    void defaultTokenLimitIsSentToTheModel() {
        MODEL.enqueue(ChatScript.words("short"));
        run("short");
        assertThat(MODEL.lastRequest().numPredict()).contains(2048);
    }

    @Test
    void refusedStreamingFallsBackToOnePlainCall() {
        MODEL.enqueue(ChatScript.words("The whole answer at once.").refuseStreaming(400, "streaming is disabled"));
        JsonNode run = run("plain please");
        assertThat(run.get("status").asString()).isEqualTo("completed");
        assertThat(answer().get("content").asString()).isEqualTo("The whole answer at once.");
        assertThat(MODEL.requests()).extracting(r -> r.stream()).containsExactly(true, false);
    }

    @Test
    void firstTokenTimeoutFailsWithAnActionableNote() {
        MODEL.enqueue(ChatScript.words("too late").firstTokenDelay(Duration.ofSeconds(5)));
        JsonNode run = run("wait");
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("error").get("detail").asString()).contains("No first token within 3 s");
    }

    @Test
    void metricsAreSavedWithTheAnswer() {
        MODEL.enqueue(ChatScript.words("a b c d e f g h i j").delays(Duration.ofMillis(150), Duration.ofMillis(20))
                .evalCount(10).evalDuration(Duration.ofMillis(200)));
        JsonNode run = run("measure");
        JsonNode metrics = answer().get("metrics");
        assertThat(metrics.get("ttftMs").asLong()).isBetween(150L, 2_000L);
        assertThat(metrics.get("totalMs").asLong()).isGreaterThanOrEqualTo(metrics.get("ttftMs").asLong());
        assertThat(metrics.get("tokens").asInt()).isEqualTo(10);
        assertThat(metrics.get("tokensPerSecond").asDouble()).isEqualTo(50.0);
        assertThat(metrics.get("doneReason").asString()).isEqualTo("stop");
        assertThat(run.get("metrics")).isEqualTo(metrics);
    }

    private JsonNode run(String content) {
        JsonNode started = api.sendMessage(conversation, content);
        return api.awaitEnd(started.get("runId").asString(), END);
    }

    private JsonNode answer() {
        List<JsonNode> messages = api.get("/api/conversations/" + conversation).json().get("messages").valueStream()
                .toList();
        return messages.getLast();
    }
}
