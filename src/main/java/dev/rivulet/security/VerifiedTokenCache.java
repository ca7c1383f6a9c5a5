package dev.rivulet.security;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Access tokens verified against the database in the last {@link TokenCacheProperties#ttl()}, keyed by
 * the token's hash, so an API request does not read two tables and open a transaction each time.
 * Bounded by {@link TokenCacheProperties#maxSize()}. Unknown tokens are never cached.
 *
 * <p>Revoking a token and changing its owner (disable, roles, password) evict at once and again when the
 * changing transaction ends. A look-up that read the database before such a change and would cache its
 * now stale result after it is not cached: every eviction moves a generation on, and an entry is only
 * stored if the generation is still the one seen before the database was read.
 */
@Component
class VerifiedTokenCache {

    /**
     * A verified token: who it stands for, until when that is trusted, and when its use was last
     * written to the database (shared by all requests with this token, so only one of them writes).
     */
    record Entry(long tokenId, long userId, RivuletUser principal, Instant expiresAt,
            AtomicReference<Instant> lastUsedAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxSize;
    /** Written under {@code this}; read without the lock before a database read. */
    private volatile long generation;

    @Autowired
    VerifiedTokenCache(TokenCacheProperties properties) {
        this(properties.ttl(), properties.maxSize());
    }

    VerifiedTokenCache(Duration ttl, int maxSize) {
        this.ttl = ttl;
        this.maxSize = maxSize;
    }

    Duration ttl() {
        return ttl;
    }

    /** The cached entry for this hash if it has not expired at {@code now}. */
    Entry get(String tokenHash, Instant now) {
        Entry entry = entries.get(tokenHash);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expiresAt())) {
            entries.remove(tokenHash, entry);
            return null;
        }
        return entry;
    }

    /** To be taken before reading the database, and handed to {@link #put}. */
    long generation() {
        return generation;
    }

    /** Caches the entry unless something was evicted since {@code generation} was taken. */
    synchronized void put(String tokenHash, Entry entry, long generation) {
        if (ttl.isZero() || ttl.isNegative() || maxSize <= 0 || generation != this.generation) {
            return;
        }
        if (entries.size() >= maxSize) {
            Instant now = entry.expiresAt().minus(ttl);
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            if (entries.size() >= maxSize) {
                entries.clear();
            }
        }
        entries.put(tokenHash, entry);
    }

    void evictToken(String tokenHash) {
        evict(() -> entries.remove(tokenHash));
    }

    void evictUser(long userId) {
        evict(() -> entries.values().removeIf(e -> e.userId() == userId));
    }

    int size() {
        return entries.size();
    }

    private void evict(Runnable removal) {
        evictNow(removal);
        // Until the change commits, another request can still read the old rows and cache them.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    evictNow(removal);
                }
            });
        }
    }

    private synchronized void evictNow(Runnable removal) {
        generation++;
        removal.run();
    }
}
