package dev.rivulet.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a logged-in page of Rivulet itself read a run's events with a plain {@code new EventSource(url)},
 * which can send no headers, only the session cookie. Only {@code GET /api/runs/{id}/events}, only
 * without an {@code Authorization} header, and only when the browser says the request comes from this
 * origin: {@code Sec-Fetch-Site: same-origin}, or, from a browser too old to send that, an
 * {@code Origin} equal to this server's. A cross-site page never gets in on the person's cookie
 * (and the session cookie is not sent cross-site anyway). The owner rules are the same as with a
 * token: another person's run is a 404. Not a bean: it belongs to the API chain. Never creates a session.
 */
class SessionEventStreamFilter extends OncePerRequestFilter {

    private static final Pattern EVENTS = Pattern.compile("/api/runs/[^/]+/events");

    private final SecurityContextHolderStrategy contexts;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionEventStreamFilter(SecurityContextHolderStrategy contexts) {
        this.contexts = contexts;
        sessions.setAllowSessionCreation(false);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication person = applies(request) ? fromSession(request) : null;
        if (person == null) {
            chain.doFilter(request, response);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(person);
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }

    private static boolean applies(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && request.getHeader("Authorization") == null
                && request.getRequestedSessionId() != null
                && EVENTS.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches()
                && sameOrigin(request);
    }

    static boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return "same-origin".equals(site);
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false; // no word from the browser where the request comes from: no cookie login
        }
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(request.getScheme()) && port == 80)
                || ("https".equals(request.getScheme()) && port == 443);
        String self = request.getScheme() + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
        return origin.equalsIgnoreCase(self);
    }

    private Authentication fromSession(HttpServletRequest request) {
        if (request.getSession(false) == null) {
            return null;
        }
        Authentication authentication = sessions.loadDeferredContext(request).get().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof RivuletUser ? authentication : null;
    }
}
