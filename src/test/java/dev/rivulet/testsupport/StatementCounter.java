package dev.rivulet.testsupport;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Counts the SQL statements Hibernate prepares on the current thread between {@link #start()} and
 * {@link #stop()}, so a test can say what one operation costs the database whatever other threads do.
 * Registered for the test application by {@code hibernate.session_factory.statement_inspector}.
 */
public final class StatementCounter implements StatementInspector {

    private static final ThreadLocal<java.util.List<String>> SEEN = new ThreadLocal<>();

    public static void start() {
        SEEN.set(new java.util.ArrayList<>());
    }

    /** The statements since {@link #start()}, in order. */
    public static java.util.List<String> stop() {
        java.util.List<String> seen = SEEN.get();
        SEEN.remove();
        return seen == null ? java.util.List.of() : seen;
    }

    @Override
    public String inspect(String sql) {
        java.util.List<String> seen = SEEN.get();
        if (seen != null) {
            seen.add(sql);
        }
        return sql;
    }
}
