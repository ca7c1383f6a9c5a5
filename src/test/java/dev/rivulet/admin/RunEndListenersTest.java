package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The admin module hears of a run's end as a module listener (after the run's end is committed, on a
 * thread of its own); the dashboard refreshes on the recorder's own event, after its commit, so the
 * refresh for a run finds the run's stream log stored without relying on an order between listeners.
 */
class RunEndListenersTest extends IntegrationTest {

    @Autowired
    DashboardBroadcaster broadcaster;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRunsEndRefreshesTheDashboardAfterItsStreamLogIsStored() throws Exception {
        ApiClient user = api(newUser());
        MODEL.enqueue(ChatScript.ofTokens(List.of("Stored", " first", ".")));
        CompletableFuture<Integer> logRowsAtRefresh = new CompletableFuture<>();
        CompletableFuture<String> runId = new CompletableFuture<>();
        Runnable unregister = broadcaster.register(() -> {
            // a refresh for an earlier test's run may come first: the one after this run's log counts
            if (runId.isDone()) {
                int rows = jdbc.queryForObject("select count(*) from stream_logs where run_id = ?", Integer.class,
                        UUID.fromString(runId.join()));
                if (rows > 0) {
                    logRowsAtRefresh.complete(rows);
                }
            }
        });
        try {
            runId.complete(user.sendMessage(user.newConversation(), "Hello?").get("runId").asString());
            user.awaitEnd(runId.join(), Duration.ofSeconds(10));

            assertThat(logRowsAtRefresh.get(10, TimeUnit.SECONDS)).as("stream log rows at the refresh").isEqualTo(1);
        } finally {
            unregister.run();
        }
    }
}
