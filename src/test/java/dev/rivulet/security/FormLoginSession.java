package dev.rivulet.security;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;

/** A cookie-keeping HTTP client that logs in through the login form, as a browser does. */
final class FormLoginSession {

    final CookieManager cookies = new CookieManager();
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(cookies)
            .build();
    private final String baseUrl;

    FormLoginSession(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String sessionId() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET with extra headers (name, value, name, value…). */
    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> login(String user, String password) throws Exception {
        var csrf = Pattern.compile("csrfToken\"\\s*:\\s*\"([^\"]+)\"").matcher(get("/login").body());
        String token = csrf.find() ? csrf.group(1) : "";
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password + "&_csrf="
                        + token)).build(), HttpResponse.BodyHandlers.ofString());
    }

    boolean loggedIn() throws Exception {
        return get("/").statusCode() == 200; // the chat; a 302 to /login otherwise
    }
}
