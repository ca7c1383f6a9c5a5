package dev.rivulet.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.router.QueryParameters;
import dev.rivulet.security.ui.LoginView;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.IntegrationTest;
import dev.rivulet.testsupport.KaribuSupport;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failed logins over real HTTP, from distinct source addresses (the loopback network's 127.0.0.x,
 * bound on the client side), so the guesser and the owner really are two addresses.
 */
class LoginThrottleHttpTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @AfterEach
    void tearDownVaadin() {
        KaribuSupport.tearDown();
    }

    private static HttpClient from(String address) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(address))
                .followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager()).build();
    }

    private HttpResponse<String> mintToken(HttpClient client, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/tokens"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGuesserGets429WithRetryAfterWhileTheOwnerFromAnotherAddressStillGetsIn() throws Exception {
        String user = newUser();
        HttpClient guesser = from("127.0.0.2");
        for (int i = 0; i < 5; i++) {
            assertThat(mintToken(guesser, user, "guess-number-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = mintToken(guesser, user, "guess-number-6");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow())
                .isBetween(1L, 60L);
        assertThat(throttled.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        var problem = JsonMapper.builder().build().readTree(throttled.body());
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("title").asString()).isEqualTo("Too many failed logins");
        assertThat(problem.get("detail").asString()).contains("Try again in", "Retry-After");
        // even the right password waits, from the guesser's address: the throttle answers before the check
        assertThat(mintToken(guesser, user, PASSWORD).statusCode()).isEqualTo(429);

        // the owner, from another address, is not locked out
        assertThat(mintToken(from("127.0.0.3"), user, PASSWORD).statusCode()).isEqualTo(201);
    }

    @Test
    void theLoginFormIsSentBackWithAThrottledMessageAndTheViewSaysHowLongToWait() throws Exception {
        String user = newUser();
        HttpClient browser = from("127.0.0.4");
        String location = null;
        for (int i = 0; i < 6; i++) {
            location = formLogin(browser, user, "wrong-password-" + i);
        }
        assertThat(location).contains("/login?throttled=");
        long seconds = Long.parseLong(location.substring(location.indexOf('=') + 1));
        assertThat(seconds).isBetween(1L, 60L);

        KaribuSupport.loginAndSetup(context, "admin"); // any session; the login view is open to all
        UI.getCurrent().navigate("login", QueryParameters.of("throttled", Long.toString(seconds)));
        LoginForm form = _get(LoginForm.class);
        assertThat(form.isError()).isTrue();
        LoginView view = _get(LoginView.class);
        assertThat(view.errorMessage().getTitle()).isEqualTo("Too many failed logins");
        assertThat(view.errorMessage().getMessage()).contains("Try again in " + seconds + " seconds");
    }

    /** Posts the login form as a browser would (CSRF token from the login page); the redirect target. */
    private String formLogin(HttpClient browser, String user, String password) throws Exception {
        String page = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var csrf = Pattern.compile("csrfToken\"\\s*:\\s*\"([^\"]+)\"").matcher(page);
        String token = csrf.find() ? csrf.group(1) : "";
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password + "&_csrf="
                        + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        return login.headers().firstValue("Location").orElseThrow();
    }
}
