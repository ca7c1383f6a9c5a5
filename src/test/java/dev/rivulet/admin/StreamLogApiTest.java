package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.redaction.Redactor;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The stored stream log over the API: redacted on assembled text, in order, and purged after retention. */
public class StreamLogApiTest extends IntegrationTest {

    public static final List<String> SECRET_TOKENS = List.of("Sure", "!", " Use", " the", " key", " AK", "IA", "IOSF", "OD",
            "NN7", "EX", "AMPLE", " and", " write", " to", " alice", ".sm", "ith", "@", "exam", "ple", ".com", ".");
    static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String EMAIL = "alice.smith@example.com";

    @Autowired
    Redactor redactor;

    @Autowired
    StreamLogPurge purge;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void secretsSplitAcrossTokensAppearOnlyAsMarkers() {
        ApiClient user = api(newUser());
        MODEL.enqueue(ChatScript.ofTokens(SECRET_TOKENS).delays(Duration.ofMillis(20), Duration.ofMillis(5)));
        String runId = user.sendMessage(user.newConversation(), "Which key and address?").get("runId").asString();
        user.awaitEnd(runId, Duration.ofSeconds(10));
        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);

        ApiClient.Response response = awaitLog(admin, runId);

        assertThat(response.body()).doesNotContain(AWS_KEY, "IOSF", "NN7", EMAIL, "alice", "exam");
        JsonNode log = response.json();
        assertThat(log.get("runId").asString()).isEqualTo(runId);
        assertThat(log.get("status").asString()).isEqualTo("completed");
        List<Long> seqs = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        StringBuilder pieces = new StringBuilder();
        for (JsonNode event : log.get("events")) {
            seqs.add(event.get("seq").asLong());
            offsets.add(event.get("offsetMs").asLong());
            if ("token".equals(event.get("type").asString())) {
                assertThat(event.get("node").asString()).isNotBlank();
                pieces.append(event.get("data").get("text").asString());
            }
        }
        assertThat(seqs).first().isEqualTo(1L);
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(offsets).isSorted();
        assertThat(log.get("events").get(0).get("type").asString()).isEqualTo("run");
        assertThat(log.get("events").get(seqs.size() - 1).get("type").asString()).isEqualTo("done");
        String raw = String.join("", SECRET_TOKENS);
        assertThat(pieces.toString()).isEqualTo(redactor.redact(raw))
                .isEqualTo("Sure! Use the key [REDACTED:aws-access-key] and write to [REDACTED:email].");
        JsonNode done = log.get("events").get(seqs.size() - 1).get("data");
        assertThat(done.get("content").asString()).isEqualTo(redactor.redact(raw));
        assertThat(log.get("redactions").asInt()).isGreaterThanOrEqualTo(2);

        ApiClient.Response listed = admin.get("/api/admin/runs?limit=500&status=completed");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(runId);
    }

    @Test
    void runsListValidatesItsParameters() {
        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        assertThat(detail(admin.get("/api/admin/runs?status=done"), 400)).contains("completed", "failed");
        assertThat(detail(admin.get("/api/admin/runs?limit=0"), 400)).contains("1 to 500");
        assertThat(detail(admin.get("/api/admin/runs?limit=abc"), 400)).contains("limit");
        assertThat(detail(admin.get("/api/admin/runs?from=yesterday"), 400)).contains("ISO-8601");
        assertThat(detail(admin.get("/api/admin/runs?user=nobody-" + System.nanoTime()), 400)).contains("no user");
        assertThat(detail(admin.get("/api/admin/runs/not-a-uuid/log"), 400)).contains("runId");
        assertThat(admin.get("/api/admin/runs?limit=5").status()).isEqualTo(200);
    }

    @Test
    void retentionPurgeDeletesOldLogsAndKeepsNewOnes() {
        ApiClient user = api(newUser());
        String conversation = user.newConversation();
        MODEL.enqueue(ChatScript.words("old answer"), ChatScript.words("new answer"));
        String oldRun = user.sendMessage(conversation, "first").get("runId").asString();
        user.awaitEnd(oldRun, Duration.ofSeconds(10));
        String newRun = user.sendMessage(conversation, "second").get("runId").asString();
        user.awaitEnd(newRun, Duration.ofSeconds(10));
        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        awaitLog(admin, oldRun);
        awaitLog(admin, newRun);
        jdbc.update("update stream_logs set ended_at = ? where run_id = ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(31))), UUID.fromString(oldRun));

        assertThat(purge.purge(Instant.now())).isGreaterThanOrEqualTo(1);

        ApiClient.Response purged = admin.get("/api/admin/runs/" + oldRun + "/log");
        assertThat(purged.status()).isEqualTo(404);
        assertThat(purged.json().get("detail").asString()).contains("purged");
        assertThat(jdbc.queryForObject("select count(*) from stream_logs where run_id = ?", Integer.class,
                UUID.fromString(oldRun))).isZero();
        assertThat(admin.get("/api/admin/runs/" + newRun + "/log").status()).isEqualTo(200);
    }

    public static ApiClient.Response awaitLog(ApiClient admin, String runId) {
        // the log is stored by a listener right after the run's end is saved
        return Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> admin.get("/api/admin/runs/" + runId + "/log"), r -> r.status() == 200);
    }

    private static String detail(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).contains("application/problem+json");
        return response.json().get("detail").asString();
    }
}
