package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.AppDatabase;
import dev.rivulet.testsupport.AppProcess;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.ScriptedOllamaServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A crash mid-answer, for real: the application runs in its own JVM on an H2 file database, is killed
 * with SIGKILL while an answer streams (no shutdown hook runs, the row is left {@code streaming}), and a
 * fresh process on the same file must mark the abandoned answer and its run {@code interrupted}, keeping
 * the text checkpointed before the crash.
 */
class AppRestartTest {

    /**
     * Runs keep a heartbeat; start-up recovery only takes over runs whose heartbeat is stale. Both
     * starts get the same short values, so the dead run's heartbeat is stale within seconds.
     */
    static final String[] HEARTBEAT = {"--rivulet.runs.heartbeat-interval=500ms", "--rivulet.runs.heartbeat-timeout=2s"};

    static ScriptedOllamaServer model;

    @BeforeAll
    static void startModelServer() {
        model = ScriptedOllamaServer.start();
    }

    @AfterAll
    static void stopModelServer() {
        model.close();
    }

    @Test
    void anAnswerCutOffByAKillIsInterruptedAtTheNextStartWithItsCheckpointedTextKept(@TempDir Path data)
            throws InterruptedException {
        // About 15 s of answer: far longer than the test needs it to be streaming.
        ChatScript script = ChatScript.generated(300, i -> "word" + i + " ")
                .delays(Duration.ofMillis(100), Duration.ofMillis(50));
        model.enqueue(script);
        AppProcess.Builder app = AppProcess.builder("restart", data, model.baseUrl())
                .property("rivulet.runs.checkpoint-interval", "200ms")
                .properties(HEARTBEAT);

        String conversation;
        String runId;
        long messageId;
        String checkpointed;
        try (AppProcess first = app.start()) {
            ApiClient api = first.adminApi();
            conversation = api.newConversation();
            JsonNode sent = api.sendMessage(conversation, "Tell me a long story");
            runId = sent.get("runId").asString();
            messageId = sent.get("messageId").asLong();

            JsonNode seen = await("some text checkpointed while streaming").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> answer(api, conversation, messageId),
                            m -> !m.get("content").asString().isEmpty());
            assertThat(seen.get("status").asString()).isEqualTo("streaming");
            checkpointed = seen.get("content").asString();
            // H2 writes committed changes to the file within WRITE_DELAY (500 ms): let what the API showed
            // reach the disk before the kill, as it would have in any real crash a second later.
            Thread.sleep(1_200);
            assertThat(answer(api, conversation, messageId).get("status").asString())
                    .as("still streaming when killed").isEqualTo("streaming");

            first.sigkill();
            AppProcess.Exit exit = first.awaitExit(Duration.ofSeconds(10));
            assertThat(exit.code()).as("exit code of a SIGKILLed JVM").isEqualTo(137);
        }
        assertThat(model.lastExchange().awaitClientClose(Duration.ofSeconds(5)))
                .as("the kill cut the connection to the model server mid-answer").isTrue();

        // What the crash left behind, read straight from the file: an abandoned answer, still "streaming".
        AppDatabase.MessageRow abandoned = AppDatabase.at(data).message(messageId).orElseThrow();
        assertThat(abandoned.status()).isEqualTo("STREAMING");
        assertThat(abandoned.content()).startsWith(checkpointed);
        assertThat(AppDatabase.at(data).run(UUID.fromString(runId)).orElseThrow().status()).isEqualTo("RUNNING");

        try (AppProcess second = app.start()) {
            ApiClient api = second.adminApi();
            JsonNode recovered = await("the abandoned answer marked interrupted").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> answer(api, conversation, messageId),
                            m -> "interrupted".equals(m.get("status").asString()));
            String kept = recovered.get("content").asString();
            assertThat(kept).as("the checkpointed text is kept").startsWith(checkpointed);
            assertThat(script.text()).as("and nothing but the model's text").startsWith(kept);
            assertThat(kept).isEqualTo(abandoned.content());

            await("the run marked interrupted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/api/runs/" + runId).json().get("status").asString(),
                            "interrupted"::equals);
            assertThat(model.chatRequestCount()).as("nothing generated again at start-up").isEqualTo(1);
        }
    }

    /** The assistant message {@code messageId} as {@code GET /api/conversations/{id}} shows it. */
    static JsonNode answer(ApiClient api, String conversation, long messageId) {
        ApiClient.Response response = api.get("/api/conversations/" + conversation);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        for (JsonNode message : response.json().get("messages")) {
            if (message.get("id").asLong() == messageId) {
                return message;
            }
        }
        throw new AssertionError("No message " + messageId + " in " + response.body());
    }
}
