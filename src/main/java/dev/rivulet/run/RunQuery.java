package dev.rivulet.run;

import java.time.Instant;

/**
 * A filter over recorded runs; every criterion is optional ({@code null} = any). {@code from} is
 * inclusive and {@code to} exclusive, both on the start time. Results come newest first, at most
 * {@code limit}.
 */
public record RunQuery(Long userId, String model, String workflow, RunStatus status, Instant from, Instant to,
        int limit) {

    public static final int MAX_LIMIT = 10_000;

    public RunQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("The start of the time range must be before its end");
        }
    }

    public static RunQuery latest(int limit) {
        return new RunQuery(null, null, null, null, null, null, limit);
    }
}
