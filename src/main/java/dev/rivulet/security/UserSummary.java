package dev.rivulet.security;

import java.time.Instant;
import java.util.Set;

/**
 * A person's account as other features see it: what the admin screens and API show. The entity
 * ({@link UserAccount}) and its password hash stay inside this module.
 */
public record UserSummary(long id, String username, boolean enabled, Set<Role> roles, Instant createdAt) {

    public UserSummary {
        roles = Set.copyOf(roles);
    }

    static UserSummary of(UserAccount account) {
        return new UserSummary(account.getId(), account.getUsername(), account.isEnabled(), account.getRoles(),
                account.getCreatedAt());
    }
}
