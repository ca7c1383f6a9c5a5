package dev.rivulet.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/** 401 as RFC 9457 problem details, telling the caller how to authenticate. */
@Component
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException authException) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"rivulet\", Basic realm=\"rivulet\"");
        ProblemWriter.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                "Send 'Authorization: Bearer <personal access token>'. Create a token with POST /api/tokens "
                        + "using HTTP Basic (your username and password).");
    }
}
