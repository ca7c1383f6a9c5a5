package dev.rivulet.chat.ui;

import dev.rivulet.base.ui.PersonalPreferences.StreamingPace;
import dev.rivulet.run.FlushPolicy;
import java.time.Duration;

/**
 * How a person's streaming preference becomes the chat view's flush policy, and how a slow connection
 * changes it: when a push round-trip takes long, updates more often than that only pile up in the
 * browser, so the view coalesces into time slices of about two round-trips (at most a second).
 */
final class StreamingPaces {

    /** Round-trips below this are a normal connection: the person's choice applies as it is. */
    static final Duration SLOW_ROUND_TRIP = Duration.ofMillis(150);
    static final Duration MAX_SLICE = Duration.ofSeconds(1);
    static final Duration CALM = Duration.ofMillis(250);
    static final int SMOOTH_BATCH = 5;

    private StreamingPaces() {
    }

    /**
     * @param defaultSlice the configured push interval ({@code rivulet.chat.push-interval}, 100 ms)
     * @param roundTrip the measured push round-trip, or null before one was measured
     */
    static FlushPolicy policy(StreamingPace pace, Duration defaultSlice, Duration roundTrip) {
        FlushPolicy chosen = switch (pace) {
            case EVERY_TOKEN -> new FlushPolicy.EveryToken();
            case SMOOTH -> new FlushPolicy.Batch(SMOOTH_BATCH);
            case CALM -> new FlushPolicy.TimeSlice(CALM);
            case DEFAULT -> new FlushPolicy.TimeSlice(defaultSlice);
        };
        if (roundTrip == null || roundTrip.compareTo(SLOW_ROUND_TRIP) < 0) {
            return chosen;
        }
        Duration adapted = roundTrip.multipliedBy(2);
        if (adapted.compareTo(MAX_SLICE) > 0) {
            adapted = MAX_SLICE;
        }
        if (chosen instanceof FlushPolicy.TimeSlice slice && slice.interval().compareTo(adapted) >= 0) {
            return chosen;
        }
        return new FlushPolicy.TimeSlice(adapted);
    }
}
