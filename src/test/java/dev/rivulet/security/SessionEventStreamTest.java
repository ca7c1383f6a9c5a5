package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/runs/{id}/events} on the UI session cookie: same origin only, owner rules as with
 * a token. (The real {@code EventSource} in Chromium is {@code EventSourceBrowserTest}.)
 */
class SessionEventStreamTest extends IntegrationTest {

    private String finishedRun(ApiClient api, String text) {
        MODEL.enqueue(ChatScript.words(text));
        String runId = api.sendMessage(api.newConversation(), "Say something").get("runId").asString();
        api.awaitEnd(runId, Duration.ofSeconds(20));
        return runId;
    }

    @Test
    void aSameOriginRequestWithTheSessionCookieReadsTheOwnersRunEvents() throws Exception {
        String user = newUser();
        String runId = finishedRun(api(user), "cookie streamed words");
        FormLoginSession page = new FormLoginSession(baseUrl());
        page.login(user, PASSWORD);

        HttpResponse<String> events = page.get("/api/runs/" + runId + "/events", "Accept", "text/event-stream",
                "Sec-Fetch-Site", "same-origin");
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(events.body()).contains("event:done", "cookie streamed words");

        // an older browser without Sec-Fetch-Site: an Origin of this server is as good
        assertThat(page.get("/api/runs/" + runId + "/events", "Origin", baseUrl()).statusCode()).isEqualTo(200);
    }

    @Test
    void crossOriginOrUnmarkedRequestsDoNotGetInOnTheCookieAndOtherPeoplesRunsStayHidden() throws Exception {
        String user = newUser();
        String runId = finishedRun(api(user), "private words");
        FormLoginSession page = new FormLoginSession(baseUrl());
        page.login(user, PASSWORD);
        String events = "/api/runs/" + runId + "/events";

        for (String[] headers : new String[][] {{"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"},
                {"Sec-Fetch-Site", "none"}, {"Origin", "http://evil.example"}, {}}) {
            HttpResponse<String> refused = page.get(events, headers);
            assertThat(refused.statusCode()).as(String.join(" ", headers)).isEqualTo(401);
            assertThat(refused.body()).doesNotContain("private words");
        }
        // only the events: the rest of the API still wants a token
        assertThat(page.get("/api/runs/" + runId, "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(401);

        FormLoginSession someoneElse = new FormLoginSession(baseUrl());
        someoneElse.login(newUser(), PASSWORD);
        HttpResponse<String> hidden = someoneElse.get(events, "Sec-Fetch-Site", "same-origin");
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).doesNotContain("private words");

        // bearer tokens keep working, and never start a session
        ApiClient.Response withToken = api(user).get(events);
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.header("Set-Cookie")).isNull();
    }
}
