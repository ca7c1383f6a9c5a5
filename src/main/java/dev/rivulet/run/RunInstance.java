package dev.rivulet.run;

import java.util.Locale;
import java.util.UUID;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This running instance of Rivulet: the owner recorded on its runs, and whether it has the database to
 * itself. An embedded H2 file database is locked by the process that opened it, so nothing else can
 * be running answers there: at start-up every {@code streaming} answer was cut off by the last stop.
 * Anything else (PostgreSQL, an H2 server, a shared in-memory H2) may be shared with live instances.
 */
@Component
class RunInstance {

    private final String id;
    private final boolean exclusiveDatabase;
    private final boolean clustered;

    RunInstance(Environment environment) {
        String configured = environment.getProperty("rivulet.instance-id");
        this.id = configured != null && !configured.isBlank() ? configured.strip()
                : ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.exclusiveDatabase = isExclusive(environment.getProperty("spring.datasource.url", ""));
        this.clustered = isClustered(environment.getProperty("spring.datasource.url", ""));
    }

    /**
     * Whether several instances may serve runs from this database together (PostgreSQL): then limits are
     * counted in the database and run events cross instances (RunRelay). With H2 none of that runs.
     */
    boolean clustered() {
        return clustered;
    }

    static boolean isClustered(String jdbcUrl) {
        return jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    String id() {
        return id;
    }

    boolean exclusiveDatabase() {
        return exclusiveDatabase;
    }

    static boolean isExclusive(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (!url.startsWith("jdbc:h2:") || url.contains("auto_server=true")) {
            return false;
        }
        String location = url.substring("jdbc:h2:".length());
        return location.startsWith("file:") || location.startsWith("./") || location.startsWith("~")
                || location.startsWith("/");
    }
}
