package dev.rivulet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's figures against runs made with the scripted model at known delays. Each test uses
 * its own model names, so runs of other test classes in the shared database do not disturb it.
 */
class DashboardMetricsTest extends IntegrationTest {

    private static final Duration TOKEN_DELAY = Duration.ofMillis(20);
    /** What the app adds on top of the model's delay: HTTP, database writes, scheduling. */
    private static final long SLACK_MS = 250;

    @Autowired
    ApplicationContext context;

    @Autowired
    DashboardService dashboard;

    @Autowired
    UserDetailsService userDetails;

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
    }

    @Test
    void figuresMatchRunsAtKnownDelaysThroughTheApiTheServiceAndTheView() {
        String fast = "dash-" + System.nanoTime();
        String missing = "missing-" + System.nanoTime();
        MODEL.addKnownModel(fast);
        ApiClient user = api(newUser());
        // Warm the HTTP client up under the default model, so the first measured run pays no set-up cost.
        MODEL.enqueue(ChatScript.words("warm"));
        user.awaitEnd(user.sendMessage(user.newConversation(), "warm up").get("runId").asString(),
                Duration.ofSeconds(10));
        String conversation = conversation(user, fast);
        for (long delay : new long[] {100, 100, 100, 300, 300}) {
            MODEL.enqueue(ChatScript.words("one two three four").delays(Duration.ofMillis(delay), TOKEN_DELAY));
            String runId = user.sendMessage(conversation, "count to four").get("runId").asString();
            assertThat(user.awaitEnd(runId, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("completed");
        }
        String failedRun = user.sendMessage(conversation(user, missing), "hello?").get("runId").asString();
        assertThat(user.awaitEnd(failedRun, Duration.ofSeconds(10)).get("status").asString()).isEqualTo("failed");

        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        ApiClient.Response response = admin.get("/api/admin/metrics?window=15m");
        assertThat(response.status()).isEqualTo(200);
        JsonNode metrics = response.json();
        assertThat(metrics.get("window").asString()).isEqualTo("15m");
        assertThat(metrics.get("runs").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(metrics.get("errors").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(metrics.has("activeRuns")).isTrue();
        JsonNode mine = metrics.get("byModel").get(fast);
        assertThat(mine.get("runs").asInt()).isEqualTo(5);
        assertThat(mine.get("errors").asInt()).isZero();
        // nearest rank over {~100, ~100, ~100, ~300, ~300}: p50 is a 100 ms run, p95 and p99 a 300 ms one
        assertThat(mine.get("ttftMs").get("p50").asDouble()).isBetween(100.0, 100.0 + SLACK_MS);
        assertThat(mine.get("ttftMs").get("p95").asDouble()).isBetween(300.0, 300.0 + SLACK_MS);
        assertThat(mine.get("ttftMs").get("p99").asDouble()).isBetween(300.0, 300.0 + SLACK_MS);
        // total = first token + 3 gaps between 4 tokens + 1 gap before the done line
        assertThat(mine.get("totalMs").get("p50").asDouble()).isBetween(180.0, 180.0 + SLACK_MS);
        assertThat(mine.get("totalMs").get("p99").asDouble()).isBetween(380.0, 380.0 + SLACK_MS);
        assertThat(mine.get("tokensPerSecond").get("p50").asDouble()).isPositive();
        JsonNode failed = metrics.get("byModel").get(missing);
        assertThat(failed.get("runs").asInt()).isEqualTo(1);
        assertThat(failed.get("errors").asInt()).isEqualTo(1);
        assertThat(failed.get("errorRate").asDouble()).isEqualTo(1.0);

        // the same figures through the dashboard's service
        SecurityContextHolder.getContext().setAuthentication(adminAuthentication());
        Dashboard snapshot = dashboard.snapshot(LatencyWindow.MINUTES_15);
        LatencyFigures figures = snapshot.byModel().get(fast);
        assertThat(figures.runs()).isEqualTo(5);
        assertThat(figures.ttftMs().p50()).isEqualTo(mine.get("ttftMs").get("p50").asDouble());
        assertThat(figures.ttftMs().p95()).isEqualTo(mine.get("ttftMs").get("p95").asDouble());
        assertThat(snapshot.points().stream().filter(p -> p.model().equals(fast))).hasSize(5)
                .allSatisfy(p -> assertThat(p.totalMs()).isGreaterThan(p.ttftMs()));
        assertThat(snapshot.byTemperature()).isNotEmpty();
        assertThat(snapshot.byMaxTokens()).isNotEmpty();
        SecurityContextHolder.clearContext();
    }

    @Test
    void theDashboardRefreshesOverPushWhenARunEnds() {
        String model = "live-" + System.nanoTime();
        MODEL.addKnownModel(model);
        KaribuSupport.loginAndSetup(context, "admin");
        UI.getCurrent().navigate(DashboardView.class);
        DashboardView view = com.github.mvysny.kaributesting.v10.LocatorJ._get(DashboardView.class);
        assertThat(view.shown().byModel()).doesNotContainKey(model);

        ApiClient user = api(newUser());
        MODEL.enqueue(ChatScript.words("live figures").delays(Duration.ofMillis(50), TOKEN_DELAY));
        String runId = user.sendMessage(conversation(user, model), "hi").get("runId").asString();
        user.awaitEnd(runId, Duration.ofSeconds(10));

        KaribuSupport.awaitUi(() -> view.shown().byModel().containsKey(model), Duration.ofSeconds(5));
        assertThat(view.shown().byModel().get(model).runs()).isEqualTo(1);
    }

    @Test
    void anUnknownWindowIsA400NamingTheAllowedValues() {
        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        ApiClient.Response bad = admin.get("/api/admin/metrics?window=2w");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).contains("application/problem+json");
        assertThat(bad.json().get("detail").asString()).contains("15m", "1h", "24h", "7d");
    }

    @Test
    void activeRunsCountsARunInProgress() {
        String model = "slow-" + System.nanoTime();
        MODEL.addKnownModel(model);
        ApiClient user = api(newUser());
        MODEL.enqueue(ChatScript.words("slow answer").delays(Duration.ofMillis(1500), TOKEN_DELAY));
        String runId = user.sendMessage(conversation(user, model), "take your time").get("runId").asString();
        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        assertThat(admin.get("/api/admin/metrics?window=15m").json().get("activeRuns").asInt()).isGreaterThanOrEqualTo(1);
        user.awaitEnd(runId, Duration.ofSeconds(10));
    }

    private static String conversation(ApiClient user, String model) {
        ApiClient.Response created = user.post("/api/conversations", "{\"model\":\"" + model + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private UsernamePasswordAuthenticationToken adminAuthentication() {
        var admin = userDetails.loadUserByUsername("admin");
        return UsernamePasswordAuthenticationToken.authenticated(admin, null, admin.getAuthorities());
    }

}
