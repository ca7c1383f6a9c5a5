package dev.rivulet.base.ui;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a person chose in the browser UI (colour scheme, how answers arrive), kept per person in
 * {@code personal_preferences}. Keyed by user name because {@code base} must not depend on
 * {@code security}; the row itself points at the user's id, so it goes when the user goes.
 */
@Service
public class PersonalPreferences {

    /** Light or dark Lumo. */
    public enum Theme {
        LIGHT, DARK;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a streamed answer reaches the screen. */
    public enum StreamingPace {
        /** The default: updates every 100 ms, as the streaming tutorial does. */
        DEFAULT("Every 100 ms (default)"),
        EVERY_TOKEN("Every token"),
        SMOOTH("Smooth, 5 tokens at a time"),
        CALM("Calm, every 250 ms");

        private final String label;

        StreamingPace(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static StreamingPace fromWire(String value) {
            for (StreamingPace pace : values()) {
                if (pace.wireName().equals(value)) {
                    return pace;
                }
            }
            return DEFAULT;
        }
    }

    private final JdbcTemplate jdbc;

    PersonalPreferences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Theme theme(String username) {
        String value = read(username, "theme");
        return "dark".equals(value) ? Theme.DARK : Theme.LIGHT;
    }

    @Transactional
    public void setTheme(String username, Theme theme) {
        write(username, "theme", theme.wireName());
    }

    @Transactional(readOnly = true)
    public StreamingPace streamingPace(String username) {
        return StreamingPace.fromWire(read(username, "streaming"));
    }

    @Transactional
    public void setStreamingPace(String username, StreamingPace pace) {
        write(username, "streaming", pace.wireName());
    }

    private String read(String username, String column) {
        // column is one of two constants of this class, never input
        List<String> values = jdbc.queryForList("select p." + column + " from personal_preferences p "
                + "join users u on u.id = p.user_id where u.username = ?", String.class, username);
        return values.isEmpty() ? null : values.getFirst();
    }

    private void write(String username, String column, String value) {
        Timestamp now = Timestamp.from(Instant.now());
        // Update, else insert: plain SQL that H2 and PostgreSQL share (no MERGE/UPSERT dialects).
        int updated = jdbc.update("update personal_preferences set " + column + " = ?, updated_at = ? "
                + "where user_id = (select id from users where username = ?)", value, now, username);
        if (updated == 0) {
            jdbc.update("insert into personal_preferences (user_id, " + column + ", updated_at) "
                    + "select id, ?, ? from users where username = ?", value, now, username);
        }
    }
}
