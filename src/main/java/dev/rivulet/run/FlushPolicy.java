package dev.rivulet.run;

import dev.rivulet.base.InvalidInputException;
import java.time.Duration;

/**
 * How a subscriber wants tokens delivered: each as it comes ({@code token}), in batches of N
 * ({@code batch:N}) or in time slices ({@code time:MS}, the default 100 ms). Whatever the policy, a
 * subscriber that falls behind gets what it missed merged into fewer, larger updates.
 */
public sealed interface FlushPolicy {

    FlushPolicy DEFAULT = new TimeSlice(Duration.ofMillis(100));

    record EveryToken() implements FlushPolicy {
    }

    record Batch(int tokens) implements FlushPolicy {
    }

    record TimeSlice(Duration interval) implements FlushPolicy {
    }

    /** Parses {@code token}, {@code batch:N} or {@code time:MS}; null or blank gives the default. */
    static FlushPolicy parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        String value = text.strip();
        try {
            if (value.equals("token")) {
                return new EveryToken();
            }
            if (value.startsWith("batch:")) {
                int n = Integer.parseInt(value.substring(6));
                if (n >= 1 && n <= 10_000) {
                    return new Batch(n);
                }
            }
            if (value.startsWith("time:")) {
                long ms = Long.parseLong(value.substring(5));
                if (ms >= 1 && ms <= 60_000) {
                    return new TimeSlice(Duration.ofMillis(ms));
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the explanation below
        }
        throw new InvalidInputException("flush must be 'token', 'batch:N' (N from 1 to 10000) or 'time:MS' "
                + "(MS from 1 to 60000), not '" + value + "'.");
    }
}
