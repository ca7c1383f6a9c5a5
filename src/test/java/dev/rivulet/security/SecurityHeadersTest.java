package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/** The security headers on a view, an API answer (and an API error), a static file and the actuator. */
class SecurityHeadersTest extends IntegrationTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    ApplicationContext context;

    private HttpHeaders get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isLessThan(500);
        return response.headers();
    }

    private static void assertSecurityHeaders(String what, HttpHeaders headers) {
        String csp = headers.firstValue("Content-Security-Policy").orElse(null);
        assertThat(csp).as(what + ": Content-Security-Policy").isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY)
                .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
        assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("same-origin");
        assertThat(headers.firstValue("Permissions-Policy")).as(what).hasValueSatisfying(
                p -> assertThat(p).contains("camera=()", "microphone=()", "geolocation=()"));
        assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
    }

    @Test
    void aViewCarriesTheSecurityHeaders() throws Exception {
        assertSecurityHeaders("GET /login", get("/login", null));
        assertSecurityHeaders("GET / (redirect to the login)", get("/", null));
    }

    @Test
    void anApiAnswerAndAnApiErrorCarryTheSecurityHeaders() throws Exception {
        ApiClient api = api(newUser());
        assertSecurityHeaders("GET /api/conversations", get("/api/conversations", "Bearer " + api.bearerToken()));
        assertSecurityHeaders("GET /api/conversations, no token", get("/api/conversations", null));
    }

    @Test
    void aStaticFileAndTheActuatorCarryTheSecurityHeaders() throws Exception {
        assertSecurityHeaders("GET /styles.css", get("/styles.css", null));
        assertSecurityHeaders("GET /actuator/health", get("/actuator/health", null));
    }

    @Test
    void theH2ConsoleIsNeverOnAndTheActuatorShowsOnlyWhatIsExposed() {
        // Spring Boot 4 moved the console into spring-boot-h2console, which Rivulet does not depend on,
        // and application.yml turns it off should someone add it for development.
        assertThat(ClassUtils.isPresent("org.springframework.boot.h2console.autoconfigure.H2ConsoleAutoConfiguration",
                getClass().getClassLoader())).isFalse();
        assertThat(context.containsBean("h2Console")).isFalse();
        assertThat(context.getEnvironment().getProperty("spring.h2.console.enabled")).isEqualTo("false");

        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        for (String hidden : new String[] {"/actuator/env", "/actuator/heapdump", "/actuator/beans",
                "/actuator/configprops", "/actuator/loggers", "/actuator/shutdown", "/actuator/threaddump"}) {
            ApiClient.Response refused = admin.get(hidden);
            assertThat(refused.status()).as(hidden).isEqualTo(403);
            assertThat(refused.header("Content-Type")).as(hidden).contains("application/problem+json");
        }
        ApiClient anonymous = ApiClient.anonymous(baseUrl());
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/info").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/health").body()).as("no details for anonymous callers")
                .doesNotContain("\"details\"");
    }
}
