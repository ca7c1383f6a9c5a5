package dev.rivulet.security;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Throttles failed logins (form login and HTTP Basic alike) with Bucket4j token buckets, one token
 * per failure, in three families:
 * <ul>
 * <li><b>account + address</b>: the tight one, with growing delays;</li>
 * <li><b>account</b> from anywhere: looser, slows a guesser who spreads over many addresses, but
 *     does not hold back an address the account has logged in from before (the owner keeps
 *     getting in while someone else guesses);</li>
 * <li><b>address</b> whatever the account: slows one machine trying one password on many accounts.</li>
 * </ul>
 * Only failures take tokens; a refused attempt is not checked at all (no password hash is spent on
 * it) and takes none. With H2 (one instance) buckets live in this instance's memory ({@link Buckets});
 * on PostgreSQL, which several instances may share, they live in the table {@code login_buckets}
 * through Bucket4j's PostgreSQL proxy manager (row lock per bucket), so a guesser gains nothing by
 * spreading over instances. The known-good addresses stay per instance: on another instance the
 * per-account family simply applies (the safe side).
 * Time comes from the injected {@link Clock}, so tests move it by hand.
 */
@Component
public class LoginThrottle {

    /** Why an attempt must wait, and for how long. */
    public record Refusal(Duration retryAfter, String reason) {

        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    /** Rows removed per statement by the purge of expired shared buckets. */
    static final int PURGE_BATCH = 1000;

    private final LoginThrottleProperties properties;
    /** Removes the shared buckets that are full again (PostgreSQL); null in memory. */
    private final ExpiredEntriesCleaner expired;
    private final Buckets pairs;
    private final Buckets accounts;
    private final Buckets addresses;
    /** account → addresses it has logged in from, with when (bounded like the buckets). */
    private final Map<String, Instant> knownGood = new ConcurrentHashMap<>();
    private final Clock clock;

    @Autowired
    LoginThrottle(LoginThrottleProperties properties, Environment environment,
            ObjectProvider<DataSource> dataSource) {
        this(properties, Clock.systemUTC(), environment.getProperty("spring.datasource.url", "")
                .startsWith("jdbc:postgresql:") ? dataSource.getObject() : null);
    }

    LoginThrottle(LoginThrottleProperties properties, Clock clock) {
        this(properties, clock, null);
    }

    /** @param shared where several instances keep the buckets together (PostgreSQL), or null for memory */
    LoginThrottle(LoginThrottleProperties properties, Clock clock, DataSource shared) {
        this.properties = properties;
        this.clock = clock;
        TimeMeter time = new ClockTimeMeter(clock);
        // A shared bucket's row expires once the bucket would be full again (a full bucket is a fresh one),
        // and purgeExpired() removes it: the table holds recent failures, not every address ever seen.
        PostgreSQLSelectForUpdateBasedProxyManager<String> proxies = shared == null ? null
                : Bucket4jPostgreSQL.selectForUpdateBasedBuilder(shared)
                        .primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("login_buckets").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                Duration.ZERO))
                        .clientClock(time).build();
        this.expired = proxies;
        this.pairs = new Buckets(properties.limits(properties.perAccountAndAddress()), time, properties.maxTracked(),
                proxies, "pair:");
        this.accounts = new Buckets(properties.limits(properties.perAccount()), time, properties.maxTracked(),
                proxies, "account:");
        this.addresses = new Buckets(properties.limits(properties.perAddress()), time, properties.maxTracked(),
                proxies, "address:");
    }

    /** Whether this attempt must wait; checked before the password is. Takes nothing. */
    public Optional<Refusal> check(String username, String address) {
        if (!properties.enabled() || username == null) {
            return Optional.empty();
        }
        String account = account(username);
        String from = address(address);
        Duration wait = pairs.wait(pair(account, from));
        if (wait != null) {
            return Optional.of(new Refusal(wait, "Too many failed logins for this account from your address."));
        }
        wait = addresses.wait(from);
        if (wait != null) {
            return Optional.of(new Refusal(wait, "Too many failed logins from your address."));
        }
        if (!knownGood.containsKey(pair(account, from))) {
            wait = accounts.wait(account);
            if (wait != null) {
                return Optional.of(new Refusal(wait, "Too many failed logins for this account. If it is yours, "
                        + "log in from a place you have logged in from before, or wait."));
            }
        }
        return Optional.empty();
    }

    /**
     * Removes the shared buckets (PostgreSQL rows) that are full again, in batches; nothing to do in memory,
     * where full buckets are dropped as new ones come. Returns how many rows went.
     */
    @Scheduled(fixedDelay = 10, initialDelay = 10, timeUnit = TimeUnit.MINUTES)
    int purgeExpired() {
        if (expired == null) {
            return 0;
        }
        int removed = 0;
        try {
            int batch;
            do {
                batch = expired.removeExpired(PURGE_BATCH);
                removed += batch;
            } while (batch >= PURGE_BATCH);
        } catch (RuntimeException e) {
            log.warn("Removing expired login-throttle buckets failed: {}", e.toString());
        }
        if (removed > 0) {
            log.debug("Removed {} expired login-throttle buckets", removed);
        }
        return removed;
    }

    /** A wrong password (or an unknown account): one token from each family. */
    public void failed(String username, String address) {
        if (!properties.enabled() || username == null) {
            return;
        }
        String account = account(username);
        String from = address(address);
        pairs.take(pair(account, from));
        addresses.take(from);
        accounts.take(account);
    }

    /** A good password: this address is now known for the account, and its own failures are forgotten. */
    public void succeeded(String username, String address) {
        if (!properties.enabled() || username == null) {
            return;
        }
        String key = pair(account(username), address(address));
        pairs.forget(key);
        if (knownGood.size() >= properties.maxTracked()) {
            knownGood.clear(); // only costs the owners the per-account bypass until their next login
        }
        knownGood.put(key, clock.instant());
    }

    private static String account(String username) {
        String name = username.strip().toLowerCase(Locale.ROOT);
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    private static String address(String address) {
        return address == null ? "unknown" : address;
    }

    private static String pair(String account, String address) {
        return account + '\n' + address; // not NUL: the key may be a PostgreSQL varchar
    }

    /** Buckets by key, built on first failure, dropped again once full (a full bucket is a fresh one). */
    static final class Buckets {
        private final List<LoginThrottleProperties.Limit> limits;
        private final TimeMeter time;
        private final int maxTracked;
        private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
        private final long capacity;
        /** Non-null on a shared database: the buckets are rows there, keyed by family prefix + key. */
        private final ProxyManager<String> shared;
        private final String prefix;

        Buckets(List<LoginThrottleProperties.Limit> limits, TimeMeter time, int maxTracked) {
            this(limits, time, maxTracked, null, "");
        }

        Buckets(List<LoginThrottleProperties.Limit> limits, TimeMeter time, int maxTracked,
                ProxyManager<String> shared, String prefix) {
            this.shared = shared;
            this.prefix = prefix;
            if (limits.isEmpty()) {
                throw new IllegalArgumentException("A login-throttle family needs at least one limit, e.g. '5/1m'");
            }
            this.limits = limits;
            this.time = time;
            this.maxTracked = maxTracked;
            this.capacity = limits.stream().mapToLong(LoginThrottleProperties.Limit::failures).min().orElseThrow();
        }

        /** How long until one more failure is allowed, or null when it is now. */
        Duration wait(String key) {
            if (shared != null) {
                // A read first: an account or address without failures has no row, and gets none.
                if (shared.getProxyConfiguration(prefix + key).isEmpty()) {
                    return null;
                }
                EstimationProbe probe = shared.getProxy(prefix + key, this::configuration).estimateAbilityToConsume(1);
                return probe.canBeConsumed() ? null : Duration.ofNanos(probe.getNanosToWaitForRefill());
            }
            Bucket bucket = buckets.get(key);
            if (bucket == null) {
                return null;
            }
            EstimationProbe probe = bucket.estimateAbilityToConsume(1);
            return probe.canBeConsumed() ? null : Duration.ofNanos(probe.getNanosToWaitForRefill());
        }

        void take(String key) {
            if (shared != null) {
                shared.getProxy(prefix + key, this::configuration).tryConsume(1);
                return;
            }
            if (buckets.size() >= maxTracked && !buckets.containsKey(key)) {
                buckets.values().removeIf(b -> b.getAvailableTokens() >= capacity);
            }
            // tryConsume rather than a forced consume: an empty bucket stays empty, it does not go into debt
            buckets.computeIfAbsent(key, k -> newBucket()).tryConsume(1);
        }

        void forget(String key) {
            if (shared != null) {
                shared.removeProxy(prefix + key);
                return;
            }
            buckets.remove(key);
        }

        private BucketConfiguration configuration() {
            var builder = BucketConfiguration.builder();
            for (LoginThrottleProperties.Limit limit : limits) {
                builder.addLimit(l -> l.capacity(limit.failures()).refillGreedy(limit.failures(), limit.period()));
            }
            return builder.build();
        }

        private Bucket newBucket() {
            LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
            for (LoginThrottleProperties.Limit limit : limits) {
                builder.addLimit(l -> l.capacity(limit.failures()).refillGreedy(limit.failures(), limit.period()));
            }
            return builder.build();
        }
    }

    /** Bucket4j's time from the injected clock. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
