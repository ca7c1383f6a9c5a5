package dev.rivulet.admin;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code stream_logs} and {@code stream_log_events} tables. Plain JDBC with batched inserts:
 * a log is written once, as a whole, and read back as a whole, so an entity mapping buys nothing.
 */
@Repository
class StreamLogStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** A stored log's header. */
    record Header(UUID runId, String status, Instant endedAt, int eventCount, int redactions) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    StreamLogStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores a run's redacted log; a second call for the same run changes nothing. */
    @Transactional
    boolean save(UUID runId, String status, Instant endedAt, List<LoggedEvent> events, int redactions) {
        Integer existing = jdbc.queryForObject("select count(*) from stream_logs where run_id = ?", Integer.class,
                runId);
        if (existing != null && existing > 0) {
            return false;
        }
        jdbc.update("insert into stream_logs (run_id, status, ended_at, event_count, redactions) values (?, ?, ?, ?, ?)",
                runId, status, Timestamp.from(endedAt), events.size(), redactions);
        jdbc.batchUpdate("insert into stream_log_events (run_id, seq, type, node, offset_ms, data) "
                + "values (?, ?, ?, ?, ?, ?)", events, 500, (ps, event) -> {
                    ps.setObject(1, runId);
                    ps.setLong(2, event.seq());
                    ps.setString(3, event.type());
                    ps.setString(4, event.node() == null ? null : truncate(event.node(), 100));
                    ps.setLong(5, event.offsetMs());
                    ps.setString(6, json.writeValueAsString(event.data()));
                });
        return true;
    }

    /** Which of these runs have a stored log. */
    @Transactional(readOnly = true)
    Set<UUID> stored(Collection<UUID> runIds) {
        if (runIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(new NamedParameterJdbcTemplate(jdbc).query(
                "select run_id from stream_logs where run_id in (:ids)", Map.of("ids", runIds),
                (rs, row) -> rs.getObject(1, UUID.class)));
    }

    @Transactional(readOnly = true)
    Optional<Header> header(UUID runId) {
        return jdbc.query("select run_id, status, ended_at, event_count, redactions from stream_logs where run_id = ?",
                (rs, row) -> new Header(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getInt(4), rs.getInt(5)), runId).stream().findFirst();
    }

    /** The run's events in order (empty when there is no stored log). */
    @Transactional(readOnly = true)
    List<LoggedEvent> events(UUID runId) {
        return jdbc.query("select seq, type, node, offset_ms, data from stream_log_events where run_id = ? order by seq",
                (rs, row) -> new LoggedEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        json.readValue(rs.getString(5), MAP)), runId);
    }

    /** Deletes logs of runs that ended before {@code cutoff}; returns how many. */
    @Transactional
    int deleteEndedBefore(Instant cutoff) {
        Timestamp at = Timestamp.from(cutoff);
        jdbc.update("delete from stream_log_events where run_id in (select run_id from stream_logs where ended_at < ?)",
                at);
        return jdbc.update("delete from stream_logs where ended_at < ?", at);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
