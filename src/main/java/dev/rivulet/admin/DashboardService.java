package dev.rivulet.admin;

import dev.rivulet.run.RunService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Latency figures for the admin dashboard and {@code /api/admin/metrics}: runs that started in the
 * window and have ended, aggregated by the database ({@link DashboardQueries}). Active runs are
 * those in progress on this instance now. The figures of a day or a week are reused for a short
 * while ({@link #maxAge}): they move little in a minute, and over 100k runs a week they cost H2 seconds
 * (docs/benchmarks.md), while every run's end asks for a refresh.
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class DashboardService {

    private final DashboardQueries queries;
    private final IntSupplier activeRuns;
    private final Clock clock;
    private final Map<LatencyWindow, Dashboard> recent = new ConcurrentHashMap<>();

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
        Duration maxAge = maxAge(window);
        if (maxAge.isZero()) {
            return compute(window);
        }
        Instant now = clock.instant();
        // one computation at a time per window: whoever asks meanwhile waits for it rather than repeating it
        Dashboard figures = recent.compute(window, (w, previous) -> previous != null
                && !previous.to().plus(maxAge).isBefore(now) ? previous : compute(w));
        return figures.withActiveRuns(activeRuns.getAsInt());
    }

    /** How old the figures of a window may be when shown: none for the last hour, 43 s for a day, 5 min for a week. */
    static Duration maxAge(LatencyWindow window) {
        return window.length().compareTo(Duration.ofHours(24)) < 0 ? Duration.ZERO : window.length().dividedBy(2016);
    }

    /** The figures as of now, from the database. */
    public Dashboard compute(LatencyWindow window) {
        Instant to = clock.instant();
        Instant from = to.minus(window.length());
        // the upper bound is exclusive: one millisecond on includes a run that started just now
        DashboardQueries.Result result = queries.read(from, to.plusMillis(1));
        return new Dashboard(window, from, to, activeRuns.getAsInt(), result.overall(), result.byModel(),
                result.scatter(), result.byTemperature(), result.byMaxTokens());
    }
}
