package dev.rivulet.admin;

import java.util.Map;

/**
 * One event of a stored (redacted) stream log: its number, type ({@code run}, {@code node},
 * {@code token}, {@code done}), node, time since the run started and JSON payload. For a token the
 * payload is {@code {"node", "text"}}, with {@code text} the redacted piece.
 */
public record LoggedEvent(long seq, String type, String node, long offsetMs, Map<String, Object> data) {

    /** The token's text, or {@code null} for other events. */
    public String text() {
        return "token".equals(type) && data.get("text") instanceof String text ? text : null;
    }
}
