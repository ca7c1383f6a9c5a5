package dev.rivulet.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, checks and revokes personal access tokens. Tokens carry 256 random bits, so a plain
 * SHA-256 is enough to store them safely (a slow password hash would only slow every API call).
 */
@Service
public class AccessTokenService {

    static final String PREFIX = "rvt_";
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final MessageDigest SHA_256 = sha256();

    private final AccessTokenRepository tokens;
    private final UserAccountRepository users;
    private final VerifiedTokenCache verified;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    AccessTokenService(AccessTokenRepository tokens, UserAccountRepository users, VerifiedTokenCache verified) {
        this(tokens, users, verified, Clock.systemUTC());
    }

    AccessTokenService(AccessTokenRepository tokens, UserAccountRepository users, VerifiedTokenCache verified,
            Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.verified = verified;
        this.clock = clock;
    }

    /** A new token for the user; the returned secret is the only time it is ever visible. */
    public record IssuedToken(AccessToken token, String secret) {
    }

    @Transactional
    public IssuedToken issue(long userId, String name) {
        String label = name == null || name.isBlank() ? "API token" : name.strip();
        if (label.length() > 100) {
            throw new IllegalArgumentException("A token name can have at most 100 characters");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        AccessToken token = tokens.save(new AccessToken(userId, label, hash(secret), secret.substring(0, 10)));
        return new IssuedToken(token, secret);
    }

    @Transactional(readOnly = true)
    public List<AccessToken> list(long userId) {
        return tokens.findByUserIdOrderByCreatedAtDesc(userId);
    }

    /**
     * Revokes the caller's own token; false when there is none with that id for this user. The token
     * stops working on this instance at once, even if it was cached.
     */
    @Transactional
    public boolean revoke(long userId, long tokenId) {
        Optional<AccessToken> token = tokens.findByIdAndUserId(tokenId, userId);
        token.ifPresent(t -> {
            tokens.delete(t);
            verified.evictToken(t.getTokenHash());
        });
        return token.isPresent();
    }

    /** Revokes every token of the person (an admin's "sign out everywhere"); how many there were. */
    @Transactional
    public int revokeAll(long userId) {
        int revoked = tokens.deleteByUser(userId);
        verified.evictUser(userId);
        return revoked;
    }

    /**
     * The principal a bearer token stands for, if the token exists and its user is enabled. A token
     * verified in the last few seconds (see {@link TokenCacheProperties}) is not read again; its use is
     * written to {@code last_used_at} at most once per {@link #LAST_USED_RESOLUTION}. Not transactional on
     * purpose: a cached token needs no connection, and each statement of a look-up is its own.
     */
    public Optional<RivuletUser> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(secret);
        Instant now = clock.instant();
        VerifiedTokenCache.Entry entry = verified.get(hash, now);
        if (entry == null) {
            long generation = verified.generation();
            entry = load(hash, now);
            if (entry == null) {
                return Optional.empty();
            }
            verified.put(hash, entry, generation);
        }
        recordUse(entry, now);
        return Optional.of(entry.principal());
    }

    /** The token and its enabled owner from the database, or null. */
    private VerifiedTokenCache.Entry load(String hash, Instant now) {
        AccessToken token = tokens.findByTokenHash(hash).orElse(null);
        if (token == null) {
            return null;
        }
        UserAccount user = users.findById(token.getUserId()).orElse(null);
        var entry = new VerifiedTokenCache.Entry(token.getId(), token.getUserId(),
                user == null ? null : DatabaseUserDetailsService.toPrincipal(user), now.plus(verified.ttl()),
                new AtomicReference<>(token.getLastUsedAt()));
        if (user == null || !user.isEnabled()) {
            recordUse(entry, now); // as before: a refused attempt with a real token still counts as a use
            return null;
        }
        return entry;
    }

    private void recordUse(VerifiedTokenCache.Entry entry, Instant now) {
        Instant last = entry.lastUsedAt().get();
        Instant notBefore = now.minus(LAST_USED_RESOLUTION);
        if ((last == null || last.isBefore(notBefore)) && entry.lastUsedAt().compareAndSet(last, now)) {
            tokens.recordUse(entry.tokenId(), now, notBefore);
        }
    }

    /** SHA-256 in hex. Copies a prepared digest: looking the algorithm up costs more than hashing a token. */
    static String hash(String secret) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = sha256();
        }
        return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
