package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ManualClock;
import dev.rivulet.testsupport.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The login throttle's shared buckets on a real PostgreSQL (migrated by Flyway): a bucket's row expires
 * once the bucket would be full again, and the purge removes only those rows, so {@code login_buckets}
 * holds recent failures rather than every account and address that ever failed.
 */
class LoginBucketsPostgresTest {

    private static final LoginThrottleProperties PROPERTIES = new LoginThrottleProperties(true,
            List.of("5/1m", "10/15m", "20/1h"), List.of("50/15m", "100/1h"), List.of("30/15m", "100/1h"), 1000);

    private final DriverManagerDataSource database = migrated();
    private final JdbcTemplate jdbc = new JdbcTemplate(database);

    private static DriverManagerDataSource migrated() {
        TestPostgres server = TestPostgres.server();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(server.newDatabase("login_buckets"),
                server.username(), "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    @Test
    void thePurgeRemovesTheBucketsThatAreFullAgainAndKeepsTheRest() {
        LoginThrottle throttle = new LoginThrottle(PROPERTIES, new ManualClock(Instant.now()), database);
        long before = System.currentTimeMillis();
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("bob", "10.0.0.2");
        assertThat(rows()).as("a pair, an account and an address each").containsExactlyInAnyOrder(
                "pair:alice\n10.0.0.1", "account:alice", "address:10.0.0.1",
                "pair:bob\n10.0.0.2", "account:bob", "address:10.0.0.2");
        // Bucket4j writes when each bucket is full again: two failures refill in 6 min (20 per hour), one in 3 min.
        assertThat(expiresInMs("pair:alice\n10.0.0.1", before)).isBetween(Duration.ofMinutes(5).toMillis(),
                Duration.ofMinutes(7).toMillis());
        assertThat(expiresInMs("pair:bob\n10.0.0.2", before)).isBetween(Duration.ofMinutes(2).toMillis(),
                Duration.ofMinutes(4).toMillis());

        // Bucket4j's expiry is the database rows' wall clock: time moves on for alice's rows only.
        jdbc.update("update login_buckets set expires_at = expires_at - 3600000 where id like '%alice%' "
                + "or id = 'address:10.0.0.1'");
        assertThat(throttle.purgeExpired()).isEqualTo(3);

        assertThat(rows()).containsExactlyInAnyOrder("pair:bob\n10.0.0.2", "account:bob", "address:10.0.0.2");
        assertThat(throttle.purgeExpired()).as("nothing left to remove").isZero();
        assertThat(throttle.check("alice", "10.0.0.1")).as("a purged bucket is a fresh one").isEmpty();
    }

    private long expiresInMs(String id, long from) {
        return jdbc.queryForObject("select expires_at from login_buckets where id = ?", Long.class, id) - from;
    }

    @Test
    void aThrottledAccountStaysThrottledUntilItsBucketIsFullAgain() {
        ManualClock clock = new ManualClock(Instant.now());
        LoginThrottle throttle = new LoginThrottle(PROPERTIES, clock, database);
        for (int i = 0; i < 5; i++) {
            throttle.failed("carol", "10.0.0.3");
        }

        assertThat(throttle.purgeExpired()).as("a bucket still refilling is kept").isZero();
        assertThat(throttle.check("carol", "10.0.0.3")).isPresent();
    }

    private List<String> rows() {
        return jdbc.queryForList("select id from login_buckets", String.class);
    }
}
