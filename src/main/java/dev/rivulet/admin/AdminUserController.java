package dev.rivulet.admin;

import dev.rivulet.base.InvalidInputException;
import dev.rivulet.security.RivuletUser;
import dev.rivulet.security.UserSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final AdminUserService users;

    AdminUserController(AdminUserService users) {
        this.users = users;
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return users.list().stream().map(AdminUserController::body).toList();
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) NewUser body) {
        if (body == null) {
            throw new InvalidInputException("Send {\"username\", \"password\", \"roles\": [\"USER\"]}.");
        }
        UserSummary created = users.create(body.username(), body.password(),
                body.roles() == null ? List.of("USER") : body.roles());
        return ResponseEntity.status(HttpStatus.CREATED).body(body(created));
    }

    @PatchMapping("/{id}")
    Map<String, Object> change(@AuthenticationPrincipal RivuletUser admin, @PathVariable long id,
            @RequestBody(required = false) UserChange body) {
        if (body == null || (body.enabled() == null && body.roles() == null && body.password() == null)) {
            throw new InvalidInputException("Send at least one of \"enabled\", \"roles\" or \"password\".");
        }
        return body(users.change(admin.id(), id, body.enabled(), body.roles(), body.password()));
    }

    /** Signs the person out everywhere: tokens revoked, browser sessions ended. */
    @PostMapping("/{id}/revoke")
    Map<String, Object> revoke(@PathVariable long id) {
        var revoked = users.revokeAccess(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tokensRevoked", revoked.tokens());
        body.put("sessionsEnded", revoked.sessions());
        return body;
    }

    static Map<String, Object> body(UserSummary account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", account.id());
        body.put("username", account.username());
        body.put("enabled", account.enabled());
        body.put("roles", account.roles().stream().map(Enum::name).sorted().toList());
        body.put("createdAt", account.createdAt());
        return body;
    }
}
