package dev.rivulet.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, checks and revokes personal access tokens. Tokens carry 256 random bits, so a plain
 * SHA-256 is enough to store them safely (a slow password hash would only slow every API call).
 */
@Service
public class AccessTokenService {

    static final String PREFIX = "rvt_";
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final AccessTokenRepository tokens;
    private final UserAccountRepository users;
    private final SecureRandom random = new SecureRandom();

    AccessTokenService(AccessTokenRepository tokens, UserAccountRepository users) {
        this.tokens = tokens;
        this.users = users;
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

    /** Revokes the caller's own token; false when there is none with that id for this user. */
    @Transactional
    public boolean revoke(long userId, long tokenId) {
        Optional<AccessToken> token = tokens.findByIdAndUserId(tokenId, userId);
        token.ifPresent(tokens::delete);
        return token.isPresent();
    }

    /** The principal a bearer token stands for, if the token exists and its user is enabled. */
    @Transactional
    public Optional<RivuletUser> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        return tokens.findByTokenHash(hash(secret)).flatMap(token -> {
            Instant now = Instant.now();
            if (token.getLastUsedAt() == null || token.getLastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
                token.markUsed(now);
            }
            return users.findById(token.getUserId());
        }).filter(UserAccount::isEnabled).map(DatabaseUserDetailsService::toPrincipal);
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
