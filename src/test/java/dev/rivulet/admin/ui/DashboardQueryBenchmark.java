package dev.rivulet.admin.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.select.Select;
import dev.rivulet.admin.Dashboard;
import dev.rivulet.admin.DashboardService;
import dev.rivulet.admin.LatencyWindow;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How long the dashboard takes over a busy week: {@code -Dbench.runs} (100,000) ended runs seeded over
 * the last 7 days in the application's H2, then the 7-day snapshot ({@code DashboardService.snapshot})
 * and the whole view's refresh on its 7-day window (snapshot, SVG, grids) timed, medians of 10 rounds after 3 warm-ups.
 * Uses only what the dashboard had before its queries moved to SQL too, so the same file runs on
 * both sides of that change (docs/benchmarks.md). A benchmark: run on request only.
 */
@Tag("benchmark")
class DashboardQueryBenchmark extends IntegrationTest {

    private static final int RUNS = Integer.getInteger("bench.runs", 100_000);
    private static final String[] MODELS = {"llama3.2:latest", "qwen2.5:7b", "mistral:7b", "phi3:mini", "gemma2:2b"};
    private static final String[] ENDS = {"COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED",
            "COMPLETED", "CANCELLED", "TRUNCATED", "FAILED", "INTERRUPTED"};

    @Autowired
    ApplicationContext context;

    @Autowired
    DashboardService dashboard;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void tearDown() {
        KaribuSupport.tearDown();
        jdbc.update("delete from runs where workflow = 'bench'");
    }

    @Test
    void aWeekOfRuns() {
        seed();
        KaribuSupport.loginAndSetup(context, "admin");
        UI.getCurrent().navigate(DashboardView.class);
        DashboardView view = _get(DashboardView.class);
        // the view opens on the last hour; the busy week is what is measured
        @SuppressWarnings("unchecked")
        Select<LatencyWindow> window = _get(Select.class, spec -> spec.withId("dashboard-window"));
        window.setValue(LatencyWindow.DAYS_7);
        List<Long> snapshot = new ArrayList<>();
        List<Long> refresh = new ArrayList<>();
        for (int round = 0; round < 13; round++) {
            long start = System.nanoTime();
            Dashboard shown = dashboard.compute(LatencyWindow.DAYS_7); // the query itself, not the reuse
            long snapped = System.nanoTime();
            view.refresh();
            long refreshed = System.nanoTime();
            if (round >= 3) {
                snapshot.add(snapped - start);
                refresh.add(refreshed - snapped);
            }
            if (round == 0) {
                System.out.printf("BENCH dashboard runs=%d counted=%d svgChars=%d%n", RUNS, shown.overall().runs(),
                        view.scatterSvg().length());
            }
        }
        System.out.printf("BENCH dashboard 7d snapshot %s%n", summary(snapshot));
        System.out.printf("BENCH dashboard 7d view refresh %s%n", summary(refresh));
    }

    private void seed() {
        String user = newUser();
        long userId = userService.findByUsername(user).orElseThrow().id();
        UUID conversation = UUID.randomUUID();
        jdbc.update("insert into conversations (id, owner_id, title, workflow, created_at, updated_at) "
                + "values (?, ?, 'bench', 'chat', ?, ?)", conversation, userId, Timestamp.from(Instant.now()),
                Timestamp.from(Instant.now()));
        Random random = new Random(42);
        Instant now = Instant.now();
        long week = Duration.ofDays(7).toMillis() - 60_000;
        List<Object[]> batch = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            String status = ENDS[random.nextInt(ENDS.length)];
            boolean firstToken = !status.equals("FAILED") && !status.equals("INTERRUPTED") || random.nextInt(4) == 0;
            Long ttft = firstToken ? 80L + (long) Math.abs(random.nextGaussian() * 400) : null;
            Long total = (ttft == null ? 0 : ttft) + (long) (random.nextDouble() * 30_000);
            Instant started = now.minusMillis(60_000 + (long) (random.nextDouble() * week));
            batch.add(new Object[] {UUID.randomUUID(), conversation, userId, MODELS[random.nextInt(MODELS.length)],
                    random.nextInt(4) == 0 ? null : random.nextInt(20) / 10.0,
                    random.nextInt(4) == 0 ? null : 1 << (7 + random.nextInt(7)), status, Timestamp.from(started),
                    Timestamp.from(started.plusMillis(total)), ttft, total, ttft == null ? 0 : random.nextInt(2000),
                    ttft == null ? null : 5 + random.nextDouble() * 95});
            if (batch.size() == 2000 || i == RUNS - 1) {
                jdbc.batchUpdate("insert into runs (id, conversation_id, user_id, workflow, model, temperature, "
                        + "max_tokens, status, started_at, ended_at, ttft_ms, total_ms, tokens, tokens_per_second) "
                        + "values (?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch);
                batch.clear();
            }
        }
        System.out.printf("BENCH dashboard seeded %d runs in %.1f s%n", RUNS, (System.nanoTime() - start) / 1e9);
    }

    private static String summary(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("median=%.1fms min=%.1fms max=%.1fms (n=%d)", sorted.get(sorted.size() / 2) / 1e6,
                sorted.getFirst() / 1e6, sorted.getLast() / 1e6, sorted.size());
    }
}
