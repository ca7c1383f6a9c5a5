package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.IntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Browser sessions over real HTTP: a new id at login, and an admin ending all of a person's access. */
class SessionSecurityTest extends IntegrationTest {

    @Test
    void theSessionIdChangesAtLogin() throws Exception {
        String user = newUser();
        FormLoginSession browser = new FormLoginSession(baseUrl());
        browser.get("/login");
        String before = browser.sessionId();
        assertThat(before).isNotNull();
        assertThat(browser.loggedIn()).isFalse();

        HttpResponse<String> login = browser.login(user, PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        assertThat(browser.sessionId()).isNotNull().isNotEqualTo(before);
        assertThat(browser.loggedIn()).isTrue();
    }

    @Test
    void anAdminRevokesAllOfAPersonsTokensAndEndsAllTheirSessions() throws Exception {
        String user = newUser();
        long id = userService.findByUsername(user).orElseThrow().id();
        ApiClient laptop = api(user);
        ApiClient phone = api(user);
        FormLoginSession tab = new FormLoginSession(baseUrl());
        tab.login(user, PASSWORD);
        FormLoginSession otherBrowser = new FormLoginSession(baseUrl());
        otherBrowser.login(user, PASSWORD);
        assertThat(tab.loggedIn()).isTrue();
        assertThat(otherBrowser.loggedIn()).isTrue();
        String bystander = newUser();
        ApiClient bystanderApi = api(bystander);
        FormLoginSession bystanderTab = new FormLoginSession(baseUrl());
        bystanderTab.login(bystander, PASSWORD);

        assertThat(laptop.post("/api/admin/users/" + id + "/revoke", "").status()).as("not for users").isEqualTo(403);
        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        ApiClient.Response revoked = admin.post("/api/admin/users/" + id + "/revoke", "");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("tokensRevoked").asInt()).isEqualTo(2);
        assertThat(revoked.json().get("sessionsEnded").asInt()).isEqualTo(2);

        assertThat(laptop.get("/api/conversations").status()).isEqualTo(401);
        assertThat(phone.get("/api/conversations").status()).isEqualTo(401);
        assertThat(tab.loggedIn()).isFalse();
        assertThat(otherBrowser.loggedIn()).isFalse();
        // nobody else is touched, and the person can log in again
        assertThat(bystanderApi.get("/api/conversations").status()).isEqualTo(200);
        assertThat(bystanderTab.loggedIn()).isTrue();
        assertThat(api(user).get("/api/conversations").status()).isEqualTo(200);

        ApiClient.Response unknown = admin.post("/api/admin/users/999999/revoke", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asString()).contains("999999");
    }

    @Test
    void disablingAPersonEndsTheirOpenSessions() throws Exception {
        String user = newUser();
        long id = userService.findByUsername(user).orElseThrow().id();
        FormLoginSession tab = new FormLoginSession(baseUrl());
        tab.login(user, PASSWORD);
        assertThat(tab.loggedIn()).isTrue();
        ApiClient admin = ApiClient.login(baseUrl(), "admin", ADMIN_PASSWORD);
        assertThat(admin.patch("/api/admin/users/" + id, "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(tab.loggedIn()).isFalse();
    }
}
