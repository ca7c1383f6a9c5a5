package dev.rivulet.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.AppDatabase;
import dev.rivulet.testsupport.AppProcess;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.ScriptedOllamaServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stop the way operators do it (a deploy, {@code systemctl stop}, Kubernetes): SIGTERM to the real
 * application in its own JVM while an answer streams. Within {@code rivulet.runs.shutdown-grace} the
 * running answer may finish while new messages are refused with a 503; past the grace it is ended as
 * {@code interrupted} with its text so far, never left {@code streaming}. The rows are read from the
 * H2 file with JDBC once the process is gone (no second start needed).
 *
 * <p>
 * The assertions after the signal are soft, so one run shows every way the shutdown falls short.
 */
class AppShutdownTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static ScriptedOllamaServer model;

    @BeforeAll
    static void startModelServer() {
        model = ScriptedOllamaServer.start();
    }

    @AfterAll
    static void stopModelServer() {
        model.close();
    }

    @BeforeEach
    void resetModelServer() {
        model.reset();
    }

    @Test
    void sigtermLetsTheRunningAnswerFinishWithinTheGraceAndRefusesNewMessagesWith503(@TempDir Path data)
            throws InterruptedException {
        Duration grace = Duration.ofSeconds(10);
        ChatScript script = ChatScript.generated(30, i -> "part" + i + " ")
                .delays(Duration.ofMillis(100), Duration.ofMillis(100)); // about 3 s
        model.enqueue(script);

        SoftAssertions softly = new SoftAssertions();
        long messageId;
        String runId;
        AppProcess.Exit exit;
        try (AppProcess app = AppProcess.builder("shutdown-grace", data, model.baseUrl())
                .start("--rivulet.runs.shutdown-grace=" + grace.toSeconds() + "s")) {
            ApiClient api = app.adminApi();
            String conversation = api.newConversation();
            String other = api.newConversation();
            JsonNode sent = api.sendMessage(conversation, "Answer slowly");
            runId = sent.get("runId").asString();
            messageId = sent.get("messageId").asLong();
            await("the first tokens").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> model.exchanges().size() == 1 && model.exchanges().getFirst().tokensSent() >= 3);

            HttpResponse<String> ready = readiness(app);
            softly.assertThat(ready == null ? -1 : ready.statusCode()).as("readiness before SIGTERM").isEqualTo(200);
            app.sigterm();
            long signalled = System.nanoTime();
            // Early in the shutdown, while the answer is still being written: the port is open but the
            // server takes nothing new.
            Thread.sleep(200);
            Probe probe = postMessage(app, api.bearerToken(), other);
            long probedAfterMs = Duration.ofNanos(probe.sentNanos() - signalled).toMillis();
            softly.assertThat(probe.failure())
                    .withFailMessage("POST /messages %d ms after SIGTERM got no answer (%s): the server stopped"
                            + " listening instead of answering 503 while it finished its runs", probedAfterMs,
                            probe.failure())
                    .isNull();
            if (probe.response() != null) {
                HttpResponse<String> refused = probe.response();
                softly.assertThat(refused.statusCode()).as("POST /messages %d ms after SIGTERM: %s", probedAfterMs,
                        refused.body()).isEqualTo(503);
                softly.assertThat(refused.headers().firstValue("Content-Type").orElse(""))
                        .as("503 content type").startsWith("application/problem+json");
                softly.assertThat(detail(refused.body())).as("503 detail").containsIgnoringCase("shutting down");
            }
            // Issue 13: the load balancer's readiness probe turns at once, so new runs go to other instances
            // (Spring Boot publishes REFUSING_TRAFFIC as the context starts closing, before RunShutdown waits).
            HttpResponse<String> readiness = readiness(app);
            softly.assertThat(readiness == null ? -1 : readiness.statusCode()).as("readiness after SIGTERM")
                    .isEqualTo(503);
            softly.assertThat(readiness == null ? "" : readiness.body()).as("readiness body")
                    .contains("OUT_OF_SERVICE");

            exit = app.awaitExit(grace.plusSeconds(30));
            softly.assertThat(exit.elapsed()).as("exit after SIGTERM (grace %s)", grace)
                    .isLessThanOrEqualTo(grace.plusSeconds(5));
            softly.assertThat(exit.elapsed()).as("the process waited for the answer (about 3 s)")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
        }

        AppDatabase db = AppDatabase.at(data);
        AppDatabase.MessageRow answer = db.message(messageId).orElseThrow();
        softly.assertThat(answer.status()).as("answer status after the stop").isEqualTo("COMPLETED");
        softly.assertThat(answer.content()).as("answer text after the stop").isEqualTo(script.text());
        softly.assertThat(db.run(UUID.fromString(runId)).map(AppDatabase.RunRow::status))
                .as("run status after the stop").contains("COMPLETED");
        softly.assertThat(model.chatRequestCount()).as("the refused message started no generation").isEqualTo(1);
        System.out.printf("SIGTERM with a 10 s grace: exit code %d after %d ms%n", exit.code(),
                exit.elapsed().toMillis());
        softly.assertAll();
    }

    @Test
    void sigtermPastTheGraceEndsTheAnswerAsInterruptedWithItsTextSoFar(@TempDir Path data) {
        Duration grace = Duration.ofSeconds(1);
        ChatScript script = ChatScript.generated(200, i -> "slow" + i + " ")
                .delays(Duration.ofMillis(100), Duration.ofMillis(100)); // about 20 s
        model.enqueue(script);

        SoftAssertions softly = new SoftAssertions();
        long messageId;
        String runId;
        String seenBeforeSignal;
        AppProcess.Exit exit;
        try (AppProcess app = AppProcess.builder("shutdown-short-grace", data, model.baseUrl())
                .start("--rivulet.runs.shutdown-grace=" + grace.toSeconds() + "s")) {
            ApiClient api = app.adminApi();
            String conversation = api.newConversation();
            JsonNode sent = api.sendMessage(conversation, "Answer at length");
            runId = sent.get("runId").asString();
            messageId = sent.get("messageId").asLong();
            seenBeforeSignal = await("some text checkpointed").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> AppRestartTest.answer(api, conversation, messageId), m -> !m.get("content")
                            .asString().isEmpty())
                    .get("content").asString();

            app.sigterm();
            exit = app.awaitExit(grace.plusSeconds(30));
            softly.assertThat(exit.elapsed()).as("exit after SIGTERM (grace %s)", grace)
                    .isLessThanOrEqualTo(grace.plusSeconds(5));
        }
        assertThat(model.lastExchange().awaitClientClose(Duration.ofSeconds(5))).as("the answer was cut short").isTrue();

        AppDatabase db = AppDatabase.at(data);
        AppDatabase.MessageRow answer = db.message(messageId).orElseThrow();
        softly.assertThat(answer.status()).as("answer status after the stop").isEqualTo("INTERRUPTED");
        softly.assertThat(answer.content()).as("the text so far is kept").isNotEmpty()
                .startsWith(seenBeforeSignal);
        softly.assertThat(script.text()).as("the kept text is a prefix of the model's answer")
                .startsWith(answer.content());
        Optional<AppDatabase.RunRow> run = db.run(UUID.fromString(runId));
        softly.assertThat(run.map(AppDatabase.RunRow::status)).as("run status after the stop")
                .contains("INTERRUPTED");
        softly.assertThat(run.map(AppDatabase.RunRow::ended)).as("run has an end time").contains(true);
        System.out.printf("SIGTERM with a 1 s grace: exit code %d after %d ms, %d of %d chars kept%n", exit.code(),
                exit.elapsed().toMillis(), answer.content().length(), script.text().length());
        softly.assertAll();
    }

    /** The outcome of one request: a response, or why there was none (connection refused, timeout). */
    record Probe(long sentNanos, HttpResponse<String> response, Exception failure) {
    }

    /** {@code POST /api/conversations/{id}/messages} with a short timeout: a stopping server may not answer. */
    /** GET /actuator/health/readiness, or null if the server did not answer. */
    static HttpResponse<String> readiness(AppProcess app) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build().send(HttpRequest.newBuilder(
                    URI.create(app.baseUrl() + "/actuator/health/readiness")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Probe postMessage(AppProcess app, String token, String conversation) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(app.baseUrl() + "/api/conversations/" + conversation + "/messages"))
                .timeout(Duration.ofSeconds(3))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"too late\"}"))
                .build();
        long sent = System.nanoTime();
        try {
            return new Probe(sent, http.send(request, HttpResponse.BodyHandlers.ofString()), null);
        } catch (IOException e) {
            return new Probe(sent, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String detail(String body) {
        try {
            JsonNode detail = JSON.readTree(body).get("detail");
            return detail == null ? "" : detail.asString();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
