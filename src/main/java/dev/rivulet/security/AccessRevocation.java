package dev.rivulet.security;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** "Sign out everywhere" for a person: every access token revoked and every browser session ended. */
@Service
public class AccessRevocation {

    /** What was revoked. */
    public record Revoked(int tokens, int sessions) {
    }

    private final AccessTokenService tokens;
    private final SessionRevocation sessions;
    private final UserService users;

    AccessRevocation(AccessTokenService tokens, SessionRevocation sessions, UserService users) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.users = users;
    }

    /** @throws dev.rivulet.base.NotFoundException for an unknown account */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Revoked revokeAll(long userId) {
        users.get(userId);
        int revokedTokens = tokens.revokeAll(userId);
        return new Revoked(revokedTokens, sessions.endSessions(userId));
    }
}
