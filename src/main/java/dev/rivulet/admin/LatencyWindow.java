package dev.rivulet.admin;

import dev.rivulet.base.InvalidInputException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The time windows the dashboard and {@code GET /api/admin/metrics?window=} offer. */
public enum LatencyWindow {
    MINUTES_15("15m", "Last 15 minutes", Duration.ofMinutes(15)),
    HOUR_1("1h", "Last hour", Duration.ofHours(1)),
    HOURS_24("24h", "Last 24 hours", Duration.ofHours(24)),
    DAYS_7("7d", "Last 7 days", Duration.ofDays(7));

    public static final LatencyWindow DEFAULT = HOUR_1;

    private final String code;
    private final String label;
    private final Duration length;

    LatencyWindow(String code, String label, Duration length) {
        this.code = code;
        this.label = label;
        this.length = length;
    }

    String code() {
        return code;
    }

    public String label() {
        return label;
    }

    Duration length() {
        return length;
    }

    /** The window for {@code 15m}, {@code 1h}, {@code 24h} or {@code 7d}; null or blank is the default. */
    static LatencyWindow parse(String code) {
        if (code == null || code.isBlank()) {
            return DEFAULT;
        }
        return Arrays.stream(values()).filter(w -> w.code.equals(code.strip())).findFirst()
                .orElseThrow(() -> new InvalidInputException("Unknown window '" + code + "'; use one of "
                        + Arrays.stream(values()).map(LatencyWindow::code).collect(Collectors.joining(", ")) + "."));
    }
}
