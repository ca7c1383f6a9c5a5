package dev.rivulet.base;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Flyway builds the schema from an empty database and Hibernate validates every entity against it
 * ({@code ddl-auto=validate}): a mismatch fails the context, and so this test.
 */
@DataJpaTest(properties = {"spring.jpa.hibernate.ddl-auto=validate", "spring.flyway.enabled=true"})
class FlywayMigrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void migratesAnEmptyDatabaseAndTheSchemaValidates() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Integer applied = jdbc.queryForObject(
                "select count(*) from \"flyway_schema_history\" where \"success\" = true", Integer.class);
        assertThat(applied).isPositive();
        for (String table : new String[] {"USERS", "USER_ROLES", "CONVERSATIONS", "MESSAGES", "ACCESS_TOKENS", "RUNS"}) {
            assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where table_schema = 'PUBLIC' and table_name = ?",
                    Integer.class, table)).as(table).isEqualTo(1);
        }
    }
}
