package dev.rivulet.admin;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A DataSource that records every statement its connections execute: each {@code execute*} call is
 * one round trip to the database, and a batch also says how many rows it carried.
 */
final class CountingDataSource extends DelegatingDataSource {

    /** One round trip: its SQL and the number of statements it ran (a batch runs one per entry). */
    record Executed(String sql, int statements) {
    }

    private final List<Executed> executed = new ArrayList<>();

    CountingDataSource(DataSource target) {
        super(target);
    }

    /** Forgets what was recorded so far. */
    synchronized void reset() {
        executed.clear();
    }

    synchronized List<Executed> executed() {
        return List.copyOf(executed);
    }

    /** Round trips since the last {@link #reset()}. */
    synchronized int roundTrips() {
        return executed.size();
    }

    /** Statements since the last {@link #reset()} (a batch of N counts N). */
    synchronized int statements() {
        return executed.stream().mapToInt(Executed::statements).sum();
    }

    private synchronized void record(String sql, int statements) {
        executed.add(new Executed(sql, statements));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(super.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (result instanceof Statement statement) {
                        String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                        return wrap(statement, method.getReturnType(), sql);
                    }
                    return result;
                });
    }

    private Object wrap(Statement statement, Class<?> type, String preparedSql) {
        InvocationHandler handler = new InvocationHandler() {
            private final List<String> batch = new ArrayList<>();

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                String name = method.getName();
                if (name.equals("addBatch")) {
                    batch.add(args != null && args.length == 1 ? (String) args[0] : preparedSql);
                } else if (name.equals("clearBatch")) {
                    batch.clear();
                } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                    record(batch.isEmpty() ? preparedSql : batch.getFirst(), batch.size());
                    batch.clear();
                } else if (name.startsWith("execute")) {
                    record(args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql, 1);
                }
                return CountingDataSource.invoke(statement, method, args);
            }
        };
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
