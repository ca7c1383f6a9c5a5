package dev.rivulet.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements prepared on the current thread between {@link #start()} and
 * {@link #stop()}, so a test can say what one operation costs the database whatever other threads do.
 * It counts at the JDBC connection, so Hibernate's statements and plain {@code JdbcClient} ones alike.
 * The test application's {@link DataSource} is wrapped by {@link Registration}.
 */
public final class StatementCounter {

    private static final ThreadLocal<List<String>> SEEN = new ThreadLocal<>();

    private StatementCounter() {
    }

    public static void start() {
        SEEN.set(new ArrayList<>());
    }

    /** The statements since {@link #start()}, in order, lower-case. */
    public static List<String> stop() {
        List<String> seen = SEEN.get();
        SEEN.remove();
        return seen == null ? List.of() : seen;
    }

    private static void seen(Object sql) {
        List<String> seen = SEEN.get();
        if (seen != null && sql instanceof String text) {
            seen.add(text.strip().toLowerCase(Locale.ROOT));
        }
    }

    /** Wraps every {@link DataSource} bean so its connections report what they prepare. */
    public static final class Registration implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            return bean instanceof DataSource dataSource && !(bean instanceof Counting) ? new Counting(dataSource) : bean;
        }
    }

    private static final class Counting extends DelegatingDataSource {

        Counting(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counted(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return counted(super.getConnection(username, password));
        }

        private static Connection counted(Connection connection) {
            return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        String name = method.getName();
                        if ((name.equals("prepareStatement") || name.equals("prepareCall")) && args != null) {
                            seen(args[0]);
                        }
                        try {
                            Object result = method.invoke(connection, args);
                            if (name.equals("createStatement") && result instanceof Statement statement) {
                                return countedStatement(statement);
                            }
                            return result;
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        private static Statement countedStatement(Statement statement) {
            return (Statement) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                    new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("execute") && args != null && args.length > 0) {
                            seen(args[0]);
                        }
                        try {
                            return method.invoke(statement, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
