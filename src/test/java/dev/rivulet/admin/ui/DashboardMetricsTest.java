package dev.rivulet.admin.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import dev.rivulet.admin.Dashboard;
import dev.rivulet.admin.JavaFigures;
import dev.rivulet.admin.DashboardService;
import dev.rivulet.admin.LatencyFigures;
import dev.rivulet.admin.LatencyWindow;
import dev.rivulet.admin.Percentiles;
import dev.rivulet.admin.SvgCharts;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.run.RunStatus;
import dev.rivulet.testsupport.KaribuSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.UserDetailsService;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's figures through the API, the service and the view. No assertion depends on how
 * fast this machine is: figures are checked against runs with known timings written to the database,
 * or against what each real run recorded when it ended. Each test uses its own model names, so runs
 * of other test classes in the shared database do not disturb it.
 */
class DashboardMetricsTest extends IntegrationTest {

    private static final Duration TOKEN_DELAY = Duration.ofMillis(20);
    private static final String MODEL_DOWN = "{\"error\":\"llama runner process has terminated\"}";

    @Autowired
    ApplicationContext context;

    @Autowired
    DashboardService dashboard;

    @Autowired
    UserDetailsService userDetails;

    @Autowired
    JdbcTemplate jdbc;

    private final List<String> insertedModels = new ArrayList<>();

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
        insertedModels.forEach(model -> jdbc.update("delete from runs where model = ?", model));
    }

    @Test
    void figuresOfRunsWithKnownTimingsAreExactAndTheSameInTheApiTheServiceAndTheView() {
        String model = "known-" + System.nanoTime();
        String username = newUser();
        String conversation = conversation(api(username), "llama3.2:latest");
        long userId = userService.findByUsername(username).orElseThrow().id();
        Instant started = Instant.now().minusSeconds(30);
        for (long ttft : new long[] {100, 100, 100, 300, 300}) {
            insertRun(userId, conversation, model, "COMPLETED", started, ttft, ttft + 80, 4, 50.0, null);
        }
        // the model server was down: no first token, 2.4 s until the run gave up
        insertRun(userId, conversation, model, "FAILED", started, null, 2400L, 0, null, "Model server unreachable");

        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        JsonNode metrics = admin.get("/api/admin/metrics?window=15m").json();
        JsonNode mine = metrics.get("byModel").get(model);
        assertThat(mine.get("runs").asInt()).isEqualTo(6);
        assertThat(mine.get("errors").asInt()).isEqualTo(1);
        assertThat(mine.get("errorRate").asDouble()).isEqualTo(0.1667);
        assertThat(mine.get("withoutFirstToken").asInt()).isEqualTo(1);
        // nearest rank over {100, 100, 100, 300, 300}: the failed run has no time to first token
        assertPercentiles(mine.get("ttftMs"), 100, 300, 300, 5);
        // ... but its 2.4 s are in the total time: {180, 180, 180, 380, 380, 2400}
        assertPercentiles(mine.get("totalMs"), 180, 2400, 2400, 6);
        assertPercentiles(mine.get("tokensPerSecond"), 50, 50, 50, 5);

        // the same figures through the dashboard's service, and the chart's cells count every run
        KaribuSupport.securityContexts(context).getContext().setAuthentication(adminAuthentication());
        Dashboard snapshot = dashboard.snapshot(LatencyWindow.MINUTES_15);
        LatencyFigures figures = snapshot.byModel().get(model);
        assertThat(figures.runs()).isEqualTo(6);
        assertThat(figures.ttftMs()).isEqualTo(new Percentiles(100.0, 300.0, 300.0, 5));
        assertThat(figures.totalMs()).isEqualTo(new Percentiles(180.0, 2400.0, 2400.0, 6));
        assertThat(snapshot.scatter().runs()).isEqualTo(snapshot.overall().runs());
        assertThat(snapshot.scatter().withoutFirstToken()).isGreaterThanOrEqualTo(1);
        KaribuSupport.securityContexts(context).clearContext();

        // and in the view: the table names the figures and says over how many runs each is
        KaribuSupport.loginAndSetup(context, "admin");
        UI.getCurrent().navigate(DashboardView.class);
        DashboardView view = _get(DashboardView.class);
        var row = GridKt._findAll(view.byModel).stream().filter(e -> e.getKey().equals(model)).findFirst()
                .orElseThrow();
        assertThat(view.byModel.getColumnByKey("ttft").getHeaderText()).startsWith("Send → first token");
        assertThat(view.byModel.getColumnByKey("tps").getHeaderText()).startsWith("Model's own eval rate");
        assertThat(GridKt._getFormatted(view.byModel.getColumnByKey("runs"), row)).isEqualTo("6");
        assertThat(GridKt._getFormatted(view.byModel.getColumnByKey("ttft"), row)).isEqualTo("100 / 300 / 300 (5 of 6)");
        assertThat(GridKt._getFormatted(view.byModel.getColumnByKey("total"), row)).isEqualTo("180 / 2400 / 2400");
        assertThat(view.scatterSvg()).contains("class=\"cell no-first-token failed\"");
        assertConsistent(view);
    }

    @Test
    void figuresOfRealRunsAreTheFiguresTheRunsRecordedWhenTheyEnded() {
        String fast = "dash-" + System.nanoTime();
        String missing = "missing-" + System.nanoTime();
        MODEL.addKnownModel(fast);
        ApiClient user = api(newUser());
        String conversation = conversation(user, fast);
        List<Long> ttfts = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        for (long delay : new long[] {100, 100, 100, 300, 300}) {
            MODEL.enqueue(ChatScript.words("one two three four").delays(Duration.ofMillis(delay), TOKEN_DELAY));
            String runId = user.sendMessage(conversation, "count to four").get("runId").asString();
            JsonNode run = user.awaitEnd(runId, Duration.ofSeconds(10));
            assertThat(run.get("status").asString()).isEqualTo("completed");
            long ttft = run.get("metrics").get("ttftMs").asLong();
            long total = run.get("metrics").get("totalMs").asLong();
            // causal bounds only, which the script guarantees: the first token cannot come before the
            // model's delay, nor the end before its last token. No upper bound: that would time this machine.
            assertThat(ttft).isGreaterThanOrEqualTo(delay);
            assertThat(total).isGreaterThanOrEqualTo(Math.max(ttft, delay + 3 * TOKEN_DELAY.toMillis()));
            ttfts.add(ttft);
            totals.add(total);
        }
        JsonNode failedRun = user.awaitEnd(user.sendMessage(conversation(user, missing), "hello?").get("runId")
                .asString(), Duration.ofSeconds(10));
        assertThat(failedRun.get("status").asString()).isEqualTo("failed");
        assertThat(failedRun.get("metrics").get("ttftMs").isNull()).isTrue();

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
        assertThat(mine.get("withoutFirstToken").asInt()).isZero();
        // exactly the nearest-rank percentiles of what the five runs recorded
        Percentiles ttft = JavaFigures.percentiles(ttfts);
        Percentiles total = JavaFigures.percentiles(totals);
        assertPercentiles(mine.get("ttftMs"), ttft.p50(), ttft.p95(), ttft.p99(), 5);
        assertPercentiles(mine.get("totalMs"), total.p50(), total.p95(), total.p99(), 5);
        assertThat(mine.get("tokensPerSecond").get("p50").asDouble()).isPositive();
        JsonNode failed = metrics.get("byModel").get(missing);
        assertThat(failed.get("runs").asInt()).isEqualTo(1);
        assertThat(failed.get("errors").asInt()).isEqualTo(1);
        assertThat(failed.get("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(failed.get("withoutFirstToken").asInt()).isEqualTo(1);
        assertThat(failed.get("ttftMs").get("runs").asInt()).isZero();
        assertThat(failed.get("totalMs").get("runs").asInt()).isEqualTo(1);

        // the same figures through the dashboard's service
        KaribuSupport.securityContexts(context).getContext().setAuthentication(adminAuthentication());
        Dashboard snapshot = dashboard.snapshot(LatencyWindow.MINUTES_15);
        LatencyFigures figures = snapshot.byModel().get(fast);
        assertThat(figures.runs()).isEqualTo(5);
        assertThat(figures.ttftMs()).isEqualTo(ttft);
        assertThat(figures.totalMs()).isEqualTo(total);
        assertThat(snapshot.scatter().runs()).isEqualTo(snapshot.overall().runs());
        assertThat(snapshot.scatter().withoutFirstToken()).isGreaterThanOrEqualTo(1);
        assertThat(snapshot.byTemperature()).isNotEmpty();
        assertThat(snapshot.byMaxTokens()).isNotEmpty();
        KaribuSupport.securityContexts(context).clearContext();
    }

    @Test
    void aRunThatFailsBeforeItsFirstTokenReachesTheOpenDashboardAndCountsTheSameInTheCardsAndTheChart() {
        String model = "down-" + System.nanoTime();
        MODEL.addKnownModel(model);
        KaribuSupport.loginAndSetup(context, "admin");
        UI.getCurrent().navigate(DashboardView.class);
        DashboardView view = _get(DashboardView.class);
        assertThat(view.shown().byModel()).doesNotContainKey(model);

        // the model server fails every attempt (the first and both retries) before sending a token
        MODEL.enqueue(ChatScript.empty().httpError(500, MODEL_DOWN), ChatScript.empty().httpError(500, MODEL_DOWN),
                ChatScript.empty().httpError(500, MODEL_DOWN));
        ApiClient user = api(newUser());
        String runId = user.sendMessage(conversation(user, model), "hello?").get("runId").asString();
        JsonNode run = user.awaitEnd(runId, Duration.ofSeconds(10));
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("metrics").get("ttftMs").isNull()).isTrue();
        long totalMs = run.get("metrics").get("totalMs").asLong();

        // the run's end reaches the open dashboard, without a reload
        KaribuSupport.awaitUi(() -> view.shown().byModel().containsKey(model), Duration.ofSeconds(5));
        LatencyFigures figures = view.shown().byModel().get(model);
        assertThat(figures.runs()).isEqualTo(1);
        assertThat(figures.errors()).isEqualTo(1);
        assertThat(figures.withoutFirstToken()).isEqualTo(1);
        assertThat(figures.totalMs()).isEqualTo(new Percentiles((double) totalMs, (double) totalMs, (double) totalMs, 1));
        // the chart draws it in the "no first token" lane, at its total time
        Dashboard.Scatter scatter = view.shown().scatter();
        int row = (int) Math.min(totalMs * Dashboard.Scatter.ROWS / scatter.yMaxMs(), Dashboard.Scatter.ROWS - 1);
        assertThat(scatter.cells()).filteredOn(c -> c.inLane() && c.row() == row)
                .singleElement().satisfies(c -> assertThat(c.byStatus().get(RunStatus.FAILED)).isPositive());
        assertThat(view.scatterSvg()).contains("class=\"cell no-first-token");
        assertThat(_get(Span.class, spec -> spec.withId("card-ttft-note")).getText())
                .contains("ended without a first token");
        assertConsistent(view);

        // and the API counts it the same way
        JsonNode mine = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD).get("/api/admin/metrics?window=15m").json()
                .get("byModel").get(model);
        assertThat(mine.get("runs").asInt()).isEqualTo(1);
        assertThat(mine.get("errors").asInt()).isEqualTo(1);
        assertThat(mine.get("withoutFirstToken").asInt()).isEqualTo(1);
        assertThat(mine.get("ttftMs").get("runs").asInt()).isZero();
        assertPercentiles(mine.get("totalMs"), totalMs, totalMs, totalMs, 1);
    }

    @Test
    void theDashboardRefreshesOverPushWhenARunEnds() {
        String model = "live-" + System.nanoTime();
        MODEL.addKnownModel(model);
        KaribuSupport.loginAndSetup(context, "admin");
        UI.getCurrent().navigate(DashboardView.class);
        DashboardView view = _get(DashboardView.class);
        assertThat(view.shown().byModel()).doesNotContainKey(model);

        ApiClient user = api(newUser());
        MODEL.enqueue(ChatScript.words("live figures").delays(Duration.ofMillis(50), TOKEN_DELAY));
        String runId = user.sendMessage(conversation(user, model), "hi").get("runId").asString();
        user.awaitEnd(runId, Duration.ofSeconds(10));

        KaribuSupport.awaitUi(() -> view.shown().byModel().containsKey(model), Duration.ofSeconds(5));
        assertThat(view.shown().byModel().get(model).runs()).isEqualTo(1);
        assertConsistent(view);
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

    /**
     * Whatever else is in the shared database: the chart has a point for every run the cards count,
     * its caption counts them too, and "no finished runs" appears only when the cards count none.
     */
    private static void assertConsistent(DashboardView view) {
        Dashboard shown = view.shown();
        int runs = shown.overall().runs();
        assertThat(shown.scatter().runs()).isEqualTo(runs);
        assertThat(shown.byModel().values().stream().mapToInt(LatencyFigures::runs).sum()).isEqualTo(runs);
        assertThat(shown.byTemperature().stream().mapToInt(b -> b.figures().runs()).sum()).isEqualTo(runs);
        assertThat(shown.byMaxTokens().stream().mapToInt(b -> b.figures().runs()).sum()).isEqualTo(runs);
        assertThat(_get(Span.class, spec -> spec.withId("card-runs")).getText()).isEqualTo(Integer.toString(runs));
        if (runs == 0) {
            assertThat(view.scatterCaption.getText()).isEqualTo(SvgCharts.NO_RUNS);
        } else {
            assertThat(view.scatterCaption.getText()).startsWith(SvgCharts.runs(runs) + " in this window");
            assertThat(view.scatterSvg()).doesNotContain(SvgCharts.NO_RUNS);
        }
    }

    private static void assertPercentiles(JsonNode node, double p50, double p95, double p99, int runs) {
        assertThat(node.get("p50").asDouble()).isEqualTo(p50);
        assertThat(node.get("p95").asDouble()).isEqualTo(p95);
        assertThat(node.get("p99").asDouble()).isEqualTo(p99);
        assertThat(node.get("runs").asInt()).isEqualTo(runs);
    }

    private void insertRun(long userId, String conversationId, String model, String status, Instant startedAt,
            Long ttftMs, Long totalMs, Integer tokens, Double tokensPerSecond, String errorTitle) {
        if (!insertedModels.contains(model)) {
            insertedModels.add(model);
        }
        jdbc.update("insert into runs (id, conversation_id, user_id, workflow, model, status, started_at, ended_at, "
                + "ttft_ms, total_ms, tokens, tokens_per_second, done_reason, error_title) "
                + "values (?, ?, ?, 'chat', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(), UUID.fromString(conversationId), userId, model, status,
                OffsetDateTime.ofInstant(startedAt, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(startedAt.plusMillis(totalMs), ZoneOffset.UTC), ttftMs, totalMs, tokens,
                tokensPerSecond, errorTitle == null ? "stop" : null, errorTitle);
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
