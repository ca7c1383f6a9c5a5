package dev.rivulet.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic carries the password with every request, so on the API it is accepted only where a
 * token is minted ({@code POST /api/tokens}). Any other {@code /api/**} call with Basic gets a 401
 * that says to use a bearer token, before the password is even checked (so it also costs no
 * password hash and no throttling budget). Not a bean: it belongs to the API chain only.
 */
class BasicOnlyMintsTokensFilter extends OncePerRequestFilter {

    static final String TOKEN_PATH = "/api/tokens";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6) && !mintsToken(request)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"rivulet\"");
            ProblemWriter.write(response, HttpStatus.UNAUTHORIZED, "Use a bearer token",
                    "HTTP Basic (username and password) is accepted only by POST " + TOKEN_PATH
                            + ", to create a personal access token. Send this request with "
                            + "'Authorization: Bearer <token>' instead.");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean mintsToken(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "POST".equals(request.getMethod()) && (TOKEN_PATH.equals(path) || (TOKEN_PATH + "/").equals(path));
    }
}
