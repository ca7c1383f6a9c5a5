package dev.rivulet.admin;

import dev.rivulet.testsupport.TestPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database with the application's own Flyway migrations, and the runs a stream log belongs to,
 * without a Spring context: an in-memory H2, or, when {@code -Drivulet.test.postgres-url=jdbc:postgresql://…}
 * is given or the tests run on the test PostgreSQL ({@code -Drivulet.test.database=postgresql}), also a fresh
 * schema in that PostgreSQL database (see {@link #kinds()}). Every statement
 * through {@link #jdbc} is counted by {@link #counting}.
 */
final class StreamLogDatabase implements AutoCloseable {

    private static final AtomicLong NAMES = new AtomicLong();

    final SingleConnectionDataSource connection;
    final CountingDataSource counting;
    final JdbcTemplate jdbc;
    final DataSourceTransactionManager transactions;
    private final long userId;
    private final UUID conversationId = UUID.randomUUID();

    private final String schema;

    private StreamLogDatabase(String url, String user, String password, String schema, String target) {
        this.schema = schema;
        connection = new SingleConnectionDataSource(url, user, password, true);
        var flyway = flyway();
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
        counting = new CountingDataSource(connection);
        jdbc = new JdbcTemplate(counting);
        transactions = new DataSourceTransactionManager(counting);
        String username = "log-user-" + NAMES.incrementAndGet() + "-" + System.nanoTime();
        jdbc.update("insert into users (username, password_hash, enabled, created_at) values (?, 'x', true, ?)",
                username, Timestamp.from(Instant.now()));
        userId = jdbc.queryForObject("select id from users where username = ?", Long.class, username);
        jdbc.update("insert into conversations (id, owner_id, title, workflow, created_at, updated_at) "
                + "values (?, ?, 't', 'chat', ?, ?)", conversationId, userId, Timestamp.from(Instant.now()),
                Timestamp.from(Instant.now()));
    }

    private static final String GIVEN_POSTGRES_URL = System.getProperty("rivulet.test.postgres-url", "");

    /** "h2", and "postgresql" when a PostgreSQL URL is given or the tests run on PostgreSQL. */
    static Stream<String> kinds() {
        return GIVEN_POSTGRES_URL.isBlank() && !TestPostgres.selected() ? Stream.of("h2")
                : Stream.of("h2", "postgresql");
    }

    private static String postgresUrl() {
        return GIVEN_POSTGRES_URL.isBlank() ? TestPostgres.server().database("stream_logs")
                : GIVEN_POSTGRES_URL;
    }

    /** A fresh in-memory H2 database, migrated to the latest version. */
    static StreamLogDatabase h2() {
        return open("h2", null);
    }

    /** A fresh database of that kind, migrated up to {@code target} (e.g. "4"), or the latest with null. */
    static StreamLogDatabase open(String kind, String target) {
        long n = NAMES.incrementAndGet();
        return switch (kind) {
            case "h2" -> new StreamLogDatabase("jdbc:h2:mem:stream-log-" + n + ";DB_CLOSE_DELAY=-1", "sa", "", null,
                    target);
            case "postgresql" -> {
                String schema = "stream_log_test_" + n + "_" + System.nanoTime() % 1_000_000;
                String url = postgresUrl();
                String user = GIVEN_POSTGRES_URL.isBlank() ? "postgres" : null;
                yield new StreamLogDatabase(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user,
                        user == null ? null : "", schema, target);
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Migrates the rest of the way, to the latest version. */
    void migrate() {
        flyway().load().migrate();
    }

    private FluentConfiguration flyway() {
        var flyway = Flyway.configure().dataSource(connection).locations("classpath:db/migration");
        return schema == null ? flyway : flyway.schemas(schema).createSchemas(true);
    }

    /** A new row in {@code runs} (a stream log references its run); not counted. */
    UUID newRun() {
        UUID runId = UUID.randomUUID();
        new JdbcTemplate(connection).update("insert into runs (id, conversation_id, user_id, workflow, model, status, "
                + "started_at) values (?, ?, ?, 'chat', 'm', 'COMPLETED', ?)", runId, conversationId, userId,
                Timestamp.from(Instant.now()));
        return runId;
    }

    /** A run with these settings and figures (ended unless {@code status} is RUNNING); not counted. */
    UUID insertRun(String model, String status, Instant startedAt, Double temperature, Integer maxTokens, Long ttftMs,
            Long totalMs, Integer tokens, Double tokensPerSecond) {
        UUID runId = UUID.randomUUID();
        new JdbcTemplate(connection).update("insert into runs (id, conversation_id, user_id, workflow, model, "
                + "temperature, max_tokens, status, started_at, ended_at, ttft_ms, total_ms, tokens, tokens_per_second) "
                + "values (?, ?, ?, 'chat', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runId, conversationId, userId, model,
                temperature, maxTokens, status, Timestamp.from(startedAt),
                totalMs == null ? null : Timestamp.from(startedAt.plusMillis(totalMs)), ttftMs, totalMs, tokens,
                tokensPerSecond);
        return runId;
    }

    @Override
    public void close() {
        new JdbcTemplate(connection).execute(schema == null ? "shutdown" : "drop schema " + schema + " cascade");
        connection.destroy();
    }
}
