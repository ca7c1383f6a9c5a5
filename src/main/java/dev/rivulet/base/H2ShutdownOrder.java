package dev.rivulet.base;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Keeps an H2 database open until the application has stopped. By default H2 closes itself from a
 * JVM shutdown hook of its own, which runs beside Spring's: on SIGTERM the database was gone while
 * running answers were still finishing and saving their text. With {@code DB_CLOSE_ON_EXIT=FALSE}
 * the connection pool, closed by Spring after everything else, is what closes it.
 */
@Component
class H2ShutdownOrder implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
            dataSource.setJdbcUrl(withCloseOnExitOff(dataSource.getJdbcUrl()));
        }
        return bean;
    }

    static String withCloseOnExitOff(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.contains("db_close_on_exit") || lower.startsWith("jdbc:h2:tcp:")
                || lower.startsWith("jdbc:h2:ssl:")) {
            return url;
        }
        return url + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
