package dev.rivulet.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the H2 file database an {@link AppProcess} left behind, with plain JDBC, once the process is
 * gone (H2 locks the file while an application holds it). Cheaper than starting another process just
 * to look at a row, and it sees the rows exactly as written, before any start-up recovery touches them.
 */
public final class AppDatabase {

    /** An assistant (or user) message row; {@code status} is the stored name, e.g. {@code COMPLETED}. */
    public record MessageRow(long id, String role, String status, String content, UUID runId) {
    }

    /** A run row; {@code status} is the stored name, e.g. {@code RUNNING}, {@code INTERRUPTED}. */
    public record RunRow(UUID id, String status, Long messageId, boolean ended) {
    }

    private final Path dataDir;

    private AppDatabase(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static AppDatabase at(Path dataDir) {
        return new AppDatabase(dataDir);
    }

    /** A connection to the file database; opening it fails while a process still holds the file. */
    public Connection connect() throws SQLException {
        // IFEXISTS: never create an empty database by mistake when the path is wrong.
        return DriverManager.getConnection(AppProcess.jdbcUrl(dataDir) + ";IFEXISTS=TRUE", "sa", "");
    }

    public Optional<MessageRow> message(long id) {
        return query("select id, role, status, content, run_id from messages where id = ?", id, rs -> new MessageRow(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, UUID.class)));
    }

    public Optional<RunRow> run(UUID id) {
        return query("select id, status, message_id, ended_at from runs where id = ?", id, rs -> new RunRow(
                rs.getObject(1, UUID.class), rs.getString(2), (Long) rs.getObject(3, Long.class),
                rs.getObject(4) != null));
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> query(String sql, Object key, RowMapper<T> mapper) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read " + AppProcess.jdbcUrl(dataDir) + ": " + e.getMessage(), e);
        }
    }
}
