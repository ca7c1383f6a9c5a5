package dev.rivulet.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>}. Not a bean on purpose: Spring Boot would
 * otherwise register it as a servlet filter for every request, outside the API chain.
 */
class AccessTokenAuthenticationFilter extends OncePerRequestFilter {

    private final AccessTokenService tokens;
    private final ProblemAuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy contexts;

    /**
     * @param contexts the strategy the rest of this application's security uses (Vaadin installs
     *                 its own); the static holder may belong to another application context in tests
     */
    AccessTokenAuthenticationFilter(AccessTokenService tokens, ProblemAuthenticationEntryPoint entryPoint,
            SecurityContextHolderStrategy contexts) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<RivuletUser> user = tokens.authenticate(header.substring(7).strip());
        if (user.isEmpty()) {
            contexts.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("Unknown or revoked token"));
            return;
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(user.get(), null,
                user.get().getAuthorities());
        var context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
