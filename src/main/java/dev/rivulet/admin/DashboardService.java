package dev.rivulet.admin;

import dev.rivulet.run.RunService;
import java.time.Clock;
import java.time.Instant;
import java.util.function.IntSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Latency figures for the admin dashboard and {@code /api/admin/metrics}: runs that started in the
 * window and have ended, aggregated by the database ({@link DashboardQueries}). Active runs are
 * those in progress on this instance now.
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
class DashboardService {

    private final DashboardQueries queries;
    private final IntSupplier activeRuns;
    private final Clock clock;

    @Autowired
    DashboardService(DashboardQueries queries, RunService runs) {
        this(queries, runs::activeRunCount, Clock.systemUTC());
    }

    /** With a given active-run count and clock, so tests can fix "now" and the window. */
    DashboardService(DashboardQueries queries, IntSupplier activeRuns, Clock clock) {
        this.queries = queries;
        this.activeRuns = activeRuns;
        this.clock = clock;
    }

    public Dashboard snapshot(LatencyWindow window) {
        Instant to = clock.instant();
        Instant from = to.minus(window.length());
        // the upper bound is exclusive: one millisecond on includes a run that started just now
        DashboardQueries.Result result = queries.read(from, to.plusMillis(1));
        return new Dashboard(window, from, to, activeRuns.getAsInt(), result.overall(), result.byModel(),
                result.scatter(), result.byTemperature(), result.byMaxTokens());
    }
}
