package dev.rivulet.admin;

import dev.rivulet.security.UserSummary;
import dev.rivulet.security.AccessRevocation;
import dev.rivulet.security.UserService;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * User management for the admin API and view: one place that checks the caller is an admin and
 * applies a change as a whole (a PATCH with a bad password changes nothing else).
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class AdminUserService {

    private final UserService users;
    private final AccessRevocation revocation;

    AdminUserService(UserService users, AccessRevocation revocation) {
        this.users = users;
        this.revocation = revocation;
    }

    /** Signs the person out everywhere: every access token revoked, every browser session ended. */
    public AccessRevocation.Revoked revokeAccess(long id) {
        return revocation.revokeAll(id);
    }

    public List<UserSummary> list() {
        return users.list();
    }

    public UserSummary create(String username, String password, List<String> roles) {
        return users.create(username, password, AdminRequests.roles(roles));
    }

    @Transactional
    public UserSummary change(long actingUserId, long id, Boolean enabled, List<String> roles, String password) {
        users.get(id);
        var newRoles = AdminRequests.roles(roles);
        if (password != null) {
            users.resetPassword(id, password);
        }
        if (newRoles != null) {
            users.setRoles(actingUserId, id, newRoles);
        }
        if (enabled != null) {
            users.setEnabled(actingUserId, id, enabled);
        }
        return users.get(id);
    }
}
