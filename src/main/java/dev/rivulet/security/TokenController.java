package dev.rivulet.security;

import dev.rivulet.base.NotFoundException;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Personal access tokens: created with HTTP Basic, shown once, listed and revoked by their owner. */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

    record CreateTokenRequest(String name) {
    }

    record CreatedToken(String token, long id, String name, Instant createdAt) {
    }

    record TokenSummary(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
    }

    private final AccessTokenService tokens;

    TokenController(AccessTokenService tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    ResponseEntity<CreatedToken> create(@AuthenticationPrincipal RivuletUser user,
            @RequestBody(required = false) CreateTokenRequest request) {
        var issued = tokens.issue(user.id(), request == null ? null : request.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedToken(issued.secret(), issued.token().getId(),
                issued.token().getName(), issued.token().getCreatedAt()));
    }

    @GetMapping
    List<TokenSummary> list(@AuthenticationPrincipal RivuletUser user) {
        return tokens.list(user.id()).stream().map(t -> new TokenSummary(t.getId(), t.getName(), t.getTokenPrefix()
                + "…", t.getCreatedAt(), t.getLastUsedAt())).toList();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal RivuletUser user, @PathVariable long id) {
        if (!tokens.revoke(user.id(), id)) {
            throw new NotFoundException("There is no token " + id + " of yours.");
        }
    }
}
