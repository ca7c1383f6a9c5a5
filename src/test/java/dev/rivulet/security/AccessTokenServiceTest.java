package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Token checks without Spring and without a database: the repositories are stand-ins that count what
 * they are asked, and the clock is moved by hand.
 */
class AccessTokenServiceTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(T0);
    private final FakeTokens tokens = new FakeTokens();
    private final UserAccount owner = withId(new UserAccount("owner", "{noop}x", EnumSet.of(Role.USER)), 7L);
    private final VerifiedTokenCache cache = new VerifiedTokenCache(TTL, 100);
    private final AccessTokenService service = new AccessTokenService(tokens.repository(), users(owner), cache,
            clock);
    private final String secret = AccessTokenService.PREFIX + "a-secret-of-the-right-shape-0123456789";

    AccessTokenServiceTest() {
        tokens.token = withId(new AccessToken(7L, "laptop", AccessTokenService.hash(secret), "rvt_a-secr"), 42L);
    }

    @Test
    void aVerifiedTokenIsNotReadAgainUntilItsEntryExpires() {
        assertThat(service.authenticate(secret)).map(RivuletUser::id).contains(7L);
        assertThat(tokens.lookups).isEqualTo(1);

        clock.advance(TTL.minusMillis(1));
        assertThat(service.authenticate(secret)).map(RivuletUser::getUsername).contains("owner");
        assertThat(tokens.lookups).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(service.authenticate(secret)).isPresent();
        assertThat(tokens.lookups).isEqualTo(2);
    }

    @Test
    void lastUseIsWrittenAtMostOncePerMinute() {
        service.authenticate(secret);
        assertThat(tokens.usesRecorded).containsExactly(T0);

        // while cached, and after the entry was read again from the database
        for (int seconds = 5; seconds <= 60; seconds += 5) {
            clock.set(T0.plusSeconds(seconds));
            service.authenticate(secret);
        }
        assertThat(tokens.lookups).isGreaterThan(1);
        assertThat(tokens.usesRecorded).containsExactly(T0);

        clock.set(T0.plusSeconds(61));
        service.authenticate(secret);
        service.authenticate(secret);
        assertThat(tokens.usesRecorded).containsExactly(T0, T0.plusSeconds(61));
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceEvenThoughItWasCached() {
        assertThat(service.authenticate(secret)).isPresent();
        tokens.revokable = true;
        assertThat(service.revoke(7L, 42L)).isTrue();
        assertThat(service.authenticate(secret)).isEmpty();
    }

    @Test
    void aLookUpThatReadTheDatabaseBeforeARevocationDoesNotCacheItsResult() {
        long generation = cache.generation();
        var stale = new VerifiedTokenCache.Entry(42L, 7L, DatabaseUserDetailsService.toPrincipal(owner),
                T0.plus(TTL), new AtomicReference<>());
        cache.evictToken(AccessTokenService.hash(secret)); // the revocation commits in between
        cache.put(AccessTokenService.hash(secret), stale, generation);
        assertThat(cache.get(AccessTokenService.hash(secret), T0)).isNull();
    }

    @Test
    void disablingTheOwnerEvictsTheirTokens() {
        assertThat(service.authenticate(secret)).isPresent();
        owner.setEnabled(false);
        assertThat(service.authenticate(secret)).as("still cached").isPresent();
        cache.evictUser(7L); // what UserService.setEnabled does
        assertThat(service.authenticate(secret)).isEmpty();
    }

    @Test
    void unknownTokensAreNotCached() {
        String other = AccessTokenService.PREFIX + "not-a-token-anyone-was-given-000000000";
        assertThat(service.authenticate(other)).isEmpty();
        assertThat(service.authenticate(other)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aZeroTtlTurnsTheCacheOff() {
        var uncached = new AccessTokenService(tokens.repository(), users(owner), new VerifiedTokenCache(Duration.ZERO,
                100), clock);
        uncached.authenticate(secret);
        uncached.authenticate(secret);
        assertThat(tokens.lookups).isEqualTo(2);
        assertThat(tokens.usesRecorded).containsExactly(T0);
    }

    @Test
    void tokensAreStoredAsTheirSha256InHex() {
        assertThat(AccessTokenService.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(AccessTokenService.hash("abc")).isEqualTo(AccessTokenService.hash("abc"));
    }

    // ---------------------------------------------------------------- stand-ins

    static final class FakeTokens {
        AccessToken token;
        boolean revokable;
        int lookups;
        final List<Instant> usesRecorded = new ArrayList<>();

        AccessTokenRepository repository() {
            return (AccessTokenRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {AccessTokenRepository.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "findByTokenHash" -> {
                            lookups++;
                            yield Optional.ofNullable(token).filter(t -> t.getTokenHash().equals(args[0]));
                        }
                        case "findByIdAndUserId" -> Optional.ofNullable(revokable ? token : null);
                        case "delete" -> {
                            token = null;
                            yield null;
                        }
                        case "recordUse" -> {
                            // the statement's own condition, as the database applies it
                            Instant last = token.getLastUsedAt();
                            if (last != null && !last.isBefore((Instant) args[2])) {
                                yield 0;
                            }
                            setField(token, "lastUsedAt", args[1]);
                            usesRecorded.add((Instant) args[1]);
                            yield 1;
                        }
                        case "toString" -> "FakeTokens";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private static UserAccountRepository users(UserAccount user) {
        return (UserAccountRepository) Proxy.newProxyInstance(AccessTokenServiceTest.class.getClassLoader(),
                new Class<?>[] {UserAccountRepository.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "findById" -> Optional.of(user).filter(u -> u.getId().equals(args[0]));
                    case "toString" -> "FakeUsers";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static <T> T withId(T entity, long id) {
        setField(entity, "id", id);
        return entity;
    }

    private static void setField(Object target, String name, Object value) {
        try {
            Field field = target.getClass().getDeclaredField(name);
            field.setAccessible(true);
            field.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
