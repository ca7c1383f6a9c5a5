package dev.rivulet.admin;

import dev.rivulet.base.InvalidInputException;
import dev.rivulet.security.RivuletUser;
import dev.rivulet.security.UserSummary;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** User management over the API (role ADMIN): list, create, enable/disable, roles, password. */
@RestController
@RequestMapping("/api/admin/users")
class AdminUserController {

    record NewUser(String username, String password, List<String> roles) {
    }

    record UserChange(Boolean enabled, List<String> roles, String password) {
    }

    /** An account as the API shows it: never its password hash. */
    record UserBody(long id, String username, boolean enabled, List<String> roles, Instant createdAt) {

        static UserBody of(UserSummary account) {
            return new UserBody(account.id(), account.username(), account.enabled(),
                    account.roles().stream().map(Enum::name).sorted().toList(), account.createdAt());
        }
    }

    /** What signing a person out everywhere ended. */
    record RevokeBody(int tokensRevoked, int sessionsEnded) {
    }

    private final AdminUserService users;

    AdminUserController(AdminUserService users) {
        this.users = users;
    }

    @GetMapping
    List<UserBody> list() {
        return users.list().stream().map(UserBody::of).toList();
    }

    @PostMapping
    ResponseEntity<UserBody> create(@RequestBody(required = false) NewUser body) {
        if (body == null) {
            throw new InvalidInputException("Send {\"username\", \"password\", \"roles\": [\"USER\"]}.");
        }
        UserSummary created = users.create(body.username(), body.password(),
                body.roles() == null ? List.of("USER") : body.roles());
        return ResponseEntity.status(HttpStatus.CREATED).body(UserBody.of(created));
    }

    @PatchMapping("/{id}")
    UserBody change(@AuthenticationPrincipal RivuletUser admin, @PathVariable long id,
            @RequestBody(required = false) UserChange body) {
        if (body == null || (body.enabled() == null && body.roles() == null && body.password() == null)) {
            throw new InvalidInputException("Send at least one of \"enabled\", \"roles\" or \"password\".");
        }
        return UserBody.of(users.change(admin.id(), id, body.enabled(), body.roles(), body.password()));
    }

    /** Signs the person out everywhere: tokens revoked, browser sessions ended. */
    @PostMapping("/{id}/revoke")
    RevokeBody revoke(@PathVariable long id) {
        var revoked = users.revokeAccess(id);
        return new RevokeBody(revoked.tokens(), revoked.sessions());
    }
}
