package dev.rivulet.security;

import dev.rivulet.base.ConflictException;
import dev.rivulet.base.NotFoundException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and changes accounts; the only way other features touch users. */
@Service
public class UserService {

    private final UserAccountRepository users;
    private final PasswordEncoder passwordEncoder;
    private final VerifiedTokenCache verifiedTokens;
    private final SessionRevocation sessions;

    UserService(UserAccountRepository users, PasswordEncoder passwordEncoder, VerifiedTokenCache verifiedTokens,
            SessionRevocation sessions) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.verifiedTokens = verifiedTokens;
        this.sessions = sessions;
    }

    @Transactional
    public UserSummary create(String username, String rawPassword, Set<Role> roles) {
        String name = username == null ? "" : username.strip();
        if (!name.matches("[A-Za-z0-9._@-]{2,100}")) {
            throw new IllegalArgumentException(
                    "A username needs 2 to 100 letters, digits or the characters . _ @ -");
        }
        PasswordPolicy.check(name, rawPassword);
        if (users.findByUsername(name).isPresent()) {
            throw new IllegalArgumentException("The username '" + name + "' is already taken");
        }
        return UserSummary.of(users.save(new UserAccount(name, passwordEncoder.encode(rawPassword), roles)));
    }

    @Transactional(readOnly = true)
    public boolean hasAnyUser() {
        return users.count() > 0;
    }

    @Transactional(readOnly = true)
    public Optional<UserSummary> findByUsername(String username) {
        return users.findByUsername(username).map(UserSummary::of);
    }

    // ---------------------------------------------------------------- admin operations

    /** Every account, oldest first. */
    @Transactional(readOnly = true)
    public List<UserSummary> list() {
        return users.findAll().stream().sorted(Comparator.comparing(UserAccount::getId)).map(UserSummary::of).toList();
    }

    /** An account by id, or a 404 naming it. */
    @Transactional(readOnly = true)
    public UserSummary get(long id) {
        return UserSummary.of(account(id));
    }

    private UserAccount account(long id) {
        return users.findById(id).orElseThrow(() -> new NotFoundException("There is no user with id " + id + "."));
    }

    /**
     * Enables or disables an account. A disabled person can no longer log in and their access tokens
     * stop working. Nobody can disable themselves or the last enabled admin.
     *
     * @param actingUserId the admin making the change
     */
    @Transactional
    public UserSummary setEnabled(long actingUserId, long id, boolean enabled) {
        UserAccount account = account(id);
        if (!enabled && account.isEnabled()) {
            if (account.getId() == actingUserId) {
                throw new ConflictException("You cannot disable your own account; ask another admin to do it.");
            }
            if (account.getRoles().contains(Role.ADMIN) && enabledAdmins() <= 1) {
                throw new ConflictException("'" + account.getUsername()
                        + "' is the last enabled admin; make someone else an admin first.");
            }
        }
        account.setEnabled(enabled);
        verifiedTokens.evictUser(id); // a disabled person's tokens stop working at once
        if (!enabled) {
            sessions.endSessions(id); // and their open browser tabs are logged out
        }
        return UserSummary.of(account);
    }

    /**
     * Replaces an account's roles (at least one). Nobody can take ADMIN away from themselves or from
     * the last enabled admin.
     */
    @Transactional
    public UserSummary setRoles(long actingUserId, long id, Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("A user needs at least one role: " + EnumSet.allOf(Role.class));
        }
        UserAccount account = account(id);
        boolean losesAdmin = account.getRoles().contains(Role.ADMIN) && !roles.contains(Role.ADMIN);
        if (losesAdmin) {
            if (account.getId() == actingUserId) {
                throw new ConflictException("You cannot remove the ADMIN role from yourself; ask another admin.");
            }
            if (account.isEnabled() && enabledAdmins() <= 1) {
                throw new ConflictException("'" + account.getUsername()
                        + "' is the last enabled admin; make someone else an admin first.");
            }
        }
        account.setRoles(roles);
        verifiedTokens.evictUser(id); // tokens act with the new roles at once
        return UserSummary.of(account);
    }

    /** Sets a new password (same rules as at creation, {@link PasswordPolicy}). */
    @Transactional
    public UserSummary resetPassword(long id, String rawPassword) {
        UserAccount account = account(id);
        PasswordPolicy.check(account.getUsername(), rawPassword);
        account.setPasswordHash(passwordEncoder.encode(rawPassword));
        verifiedTokens.evictUser(id);
        return UserSummary.of(account);
    }

    private long enabledAdmins() {
        return users.findAll().stream().filter(u -> u.isEnabled() && u.getRoles().contains(Role.ADMIN)).count();
    }
}
