package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A token's "last used" is written at most once per interval, and the condition is in the statement,
 * so several instances on one database still write it once. A JPA slice on the real schema (the same
 * cached context as the other {@code @DataJpaTest}s).
 */
@DataJpaTest(properties = {"spring.jpa.hibernate.ddl-auto=validate", "spring.flyway.enabled=true"})
class AccessTokenRepositoryTest {

    private static final Duration INTERVAL = Duration.ofMinutes(1);

    @Autowired
    AccessTokenRepository tokens;

    @Autowired
    EntityManager entities;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aUseIsRecordedOncePerIntervalWhoeverRecordsIt() {
        String username = "token-owner-" + UUID.randomUUID();
        jdbc.update("insert into users (username, password_hash, created_at) values (?, 'x', current_timestamp)",
                username);
        long userId = jdbc.queryForObject("select id from users where username = ?", Long.class, username);
        long id = tokens.saveAndFlush(new AccessToken(userId, "laptop", "hash-" + username, "rvt_abcd")).getId();
        Instant first = Instant.parse("2026-12-02T10:00:00Z");

        assertThat(tokens.recordUse(id, first, first.minus(INTERVAL))).as("first use").isEqualTo(1);
        Instant soon = first.plusSeconds(20);
        assertThat(tokens.recordUse(id, soon, soon.minus(INTERVAL))).as("20 s later, another instance").isZero();
        Instant later = first.plus(INTERVAL).plusSeconds(1);
        assertThat(tokens.recordUse(id, later, later.minus(INTERVAL))).as("past the interval").isEqualTo(1);
        entities.clear();

        assertThat(tokens.findById(id).orElseThrow().getLastUsedAt()).isEqualTo(later);
        assertThat(tokens.findByUserIdOrderByCreatedAtDesc(userId)).hasSize(1);
        assertThat(tokens.deleteByUser(userId)).isEqualTo(1);
    }
}
