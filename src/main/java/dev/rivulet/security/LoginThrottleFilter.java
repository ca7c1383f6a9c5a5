package dev.rivulet.security;

import dev.rivulet.security.ui.LoginView;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login attempt the {@link LoginThrottle} holds back, before the password is checked:
 * HTTP Basic gets {@code 429} with {@code Retry-After} and a problem detail; the login form is sent
 * back to {@code /login?throttled=<seconds>}, where the view says how long to wait. Failures and
 * successes are counted by {@link LoginThrottleListener}. Not a bean: it belongs to the chains.
 */
class LoginThrottleFilter extends OncePerRequestFilter {


    private final LoginThrottle throttle;
    private final boolean form;

    private LoginThrottleFilter(LoginThrottle throttle, boolean form) {
        this.throttle = throttle;
        this.form = form;
    }

    /** For the chains that take HTTP Basic. */
    static LoginThrottleFilter basic(LoginThrottle throttle) {
        return new LoginThrottleFilter(throttle, false);
    }

    /** For the UI chain's form login ({@code POST /login}). */
    static LoginThrottleFilter form(LoginThrottle throttle) {
        return new LoginThrottleFilter(throttle, true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = form ? formUsername(request) : basicUsername(request);
        Optional<LoginThrottle.Refusal> refusal = username == null ? Optional.empty()
                : throttle.check(username, request.getRemoteAddr());
        if (refusal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = refusal.get().retryAfterSeconds();
        if (form) {
            response.sendRedirect(request.getContextPath() + "/login?" + LoginView.THROTTLED_PARAMETER + "=" + seconds);
            return;
        }
        response.setHeader("Retry-After", Long.toString(seconds));
        ProblemWriter.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins",
                refusal.get().reason() + " Try again in " + seconds + " s (see Retry-After); the password was "
                        + "not checked.");
    }

    private static String formUsername(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "POST".equals(request.getMethod()) && "/login".equals(path) ? request.getParameter("username") : null;
    }

    private static String basicUsername(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null; // not Base64: BasicAuthenticationFilter answers it
        }
    }
}
