package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.EnumSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What was cut from every API request (token look-ups, per-filter observations, session work) without
 * changing who may do what: changes to a token or its owner still take effect at the next request.
 */
class ApiRequestCostTest extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    VerifiedTokenCache verifiedTokens;

    @Test
    void aRevokedTokenIsRefusedAtTheNextRequestThoughItWasCached() {
        String user = newUser();
        ApiClient.Response created = ApiClient.basic(baseUrl(), user, PASSWORD).post("/api/tokens", "{}");
        String token = created.json().get("token").asString();
        ApiClient bearer = ApiClient.bearer(baseUrl(), token);
        assertThat(bearer.get("/api/workflows").status()).isEqualTo(200);
        assertThat(verifiedTokens.get(AccessTokenService.hash(token), Instant.now())).as("cached")
                .isNotNull();

        ApiClient other = api(user);
        assertThat(other.delete("/api/tokens/" + created.json().get("id").asLong()).status()).isEqualTo(204);
        assertThat(bearer.get("/api/workflows").status()).isEqualTo(401);
        assertThat(other.get("/api/workflows").status()).isEqualTo(200);
    }

    @Test
    void disablingTheOwnerOrTakingTheirRoleAwayTakesEffectAtTheNextRequest() {
        long admin = userService.findByUsername("admin").orElseThrow().id();
        String name = newUser();
        long id = userService.findByUsername(name).orElseThrow().id();
        ApiClient api = api(name);
        assertThat(api.get("/api/workflows").status()).isEqualTo(200);

        userService.setRoles(admin, id, EnumSet.of(Role.ADMIN));
        assertThat(api.get("/api/workflows").status()).isEqualTo(403);
        userService.setRoles(admin, id, EnumSet.of(Role.USER));
        assertThat(api.get("/api/workflows").status()).isEqualTo(200);

        userService.setEnabled(admin, id, false);
        assertThat(api.get("/api/workflows").status()).isEqualTo(401);
        userService.setEnabled(admin, id, true);
        assertThat(api.get("/api/workflows").status()).isEqualTo(200);
    }

    @Test
    void theApiAndActuatorChainsNeverStartASession() {
        ApiClient api = api(newUser());
        for (ApiClient.Response response : new ApiClient.Response[] {api.get("/api/workflows"),
                api.get("/api/no-such-endpoint"), ApiClient.anonymous(baseUrl()).get("/api/workflows"),
                ApiClient.anonymous(baseUrl()).get("/actuator/health/liveness"), api.get("/actuator/prometheus"),
                ApiClient.basic(baseUrl(), "admin", "wrong-password").post("/api/tokens", "{}")}) {
            assertThat(response.header("Set-Cookie")).as(response.raw().uri() + " " + response.status()).isNull();
        }
    }

    @Test
    void requestsAreTimedOnceWithoutAnObservationPerSecurityFilter() {
        ApiClient api = api(newUser()); // a Basic login: an authentication observation
        double before = meters.find("http.server.requests").tag("uri", "/api/workflows").timers().stream()
                .mapToLong(t -> t.count()).sum();
        assertThat(api.get("/api/workflows").status()).isEqualTo(200);

        // the metrics are recorded just after the response is written
        Awaitility.await().untilAsserted(() -> assertThat(meters.find("http.server.requests")
                .tag("uri", "/api/workflows").timers().stream().mapToLong(t -> t.count()).sum())
                .isEqualTo((long) before + 1));
        assertThat(meters.find("spring.security.filterchains").meters()).isEmpty();
        assertThat(meters.find("spring.security.authorizations").meters()).isEmpty();
        assertThat(meters.find("spring.security.authentications").timers()).isNotEmpty();
    }
}
