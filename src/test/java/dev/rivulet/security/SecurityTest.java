package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.IntegrationTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SecurityTest extends IntegrationTest {

    private final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void anonymousVisitToTheChatLandsOnTheLoginView() throws Exception {
        HttpResponse<String> root = noRedirects.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void wrongPasswordIsRefused() {
        String user = newUser();
        ApiClient.Response refused = ApiClient.basic(baseUrl(), user, "not-the-password").post("/api/tokens", "{}");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(ApiClient.basic(baseUrl(), user, PASSWORD).post("/api/tokens", "{}").status()).isEqualTo(201);
    }

    @Test
    void formLoginWithAWrongPasswordGoesBackToLoginWithAnError() throws Exception {
        String user = newUser();
        // The login page hands out the CSRF token the form must send back.
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager()).build();
        String page = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var csrf = Pattern.compile("csrfToken\"\\s*:\\s*\"([^\"]+)\"").matcher(page);
        String token = csrf.find() ? csrf.group(1) : "";
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=wrong-password&_csrf=" + token))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).contains("/login?error");
    }

    @Test
    void basicIsAcceptedOnlyToMintATokenEverywhereElseOnTheApiItIs401SayingUseABearerToken() {
        String user = newUser();
        ApiClient basic = ApiClient.basic(baseUrl(), user, PASSWORD);
        for (ApiClient.Response refused : new ApiClient.Response[] {basic.get("/api/conversations"),
                basic.post("/api/conversations", "{}"), basic.get("/api/tokens"), basic.delete("/api/tokens/1"),
                basic.get("/api/models")}) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).contains("application/problem+json");
            assertThat(refused.json().get("title").asString()).isEqualTo("Use a bearer token");
            assertThat(refused.json().get("detail").asString()).contains("POST /api/tokens", "Bearer");
        }
        ApiClient admin = ApiClient.basic(baseUrl(), "admin", ADMIN_PASSWORD);
        assertThat(admin.get("/api/admin/users").status()).isEqualTo(401);
        // minting works, and the token it gives works where Basic did not
        ApiClient bearer = ApiClient.login(baseUrl(), user, PASSWORD);
        assertThat(bearer.get("/api/conversations").status()).isEqualTo(200);
        // actuator scraping with Basic stays (documented for Prometheus' basic_auth)
        assertThat(admin.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    @Test
    void apiWithoutOrWithABadTokenIs401WithProblemDetails() {
        ApiClient.Response anonymous = ApiClient.anonymous(baseUrl()).get("/api/conversations");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("detail").asString()).contains("Bearer");
        ApiClient.Response badToken = ApiClient.bearer(baseUrl(), "rvt_not-a-real-token").get("/api/conversations");
        assertThat(badToken.status()).isEqualTo(401);
    }

    @Test
    void tokensAreListedAndRevokedByTheirOwner() {
        String user = newUser();
        ApiClient basic = ApiClient.basic(baseUrl(), user, PASSWORD);
        ApiClient.Response created = basic.post("/api/tokens", "{\"name\":\"laptop\"}");
        String token = created.json().get("token").asString();
        long id = created.json().get("id").asLong();
        ApiClient bearer = ApiClient.bearer(baseUrl(), token);

        ApiClient.Response list = bearer.get("/api/tokens");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("laptop").doesNotContain(token);

        ApiClient other = api(newUser());
        assertThat(other.delete("/api/tokens/" + id).status()).isEqualTo(404);
        assertThat(bearer.delete("/api/tokens/" + id).status()).isEqualTo(204);
        assertThat(bearer.get("/api/conversations").status()).isEqualTo(401);
    }

    @Test
    void aUserGets403OnAdminEndpointsAndActuator() {
        ApiClient user = api(newUser());
        ApiClient.Response admin = user.get("/api/admin/users");
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.header("Content-Type")).contains("application/problem+json");
        assertThat(user.get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(ApiClient.anonymous(baseUrl()).get("/actuator/health").status()).isIn(200, 503);
        assertThat(ApiClient.anonymous(baseUrl()).get("/actuator/prometheus").status()).isEqualTo(401);
        ApiClient adminClient = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        assertThat(adminClient.get("/actuator/prometheus").status()).isEqualTo(200);
    }
}
