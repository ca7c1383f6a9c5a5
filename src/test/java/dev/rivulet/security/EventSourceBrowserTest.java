package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.testsupport.ChatScript;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plain {@code new EventSource(url)} in headless Chromium, from a logged-in Rivulet page. */
class EventSourceBrowserTest extends BrowserTest {

    /** Follows a run with EventSource in the page; resolves with the token texts and the end status. */
    private static final String FOLLOW = """
            url => new Promise(resolve => {
              const source = new EventSource(url);
              const texts = [];
              source.addEventListener('token', e => texts.push(JSON.parse(e.data).text));
              source.addEventListener('done', e => {
                source.close();
                resolve({text: texts.join(''), status: JSON.parse(e.data).status});
              });
              source.onerror = () => { source.close(); resolve({error: true, text: texts.join('')}); };
            })""";

    @Test
    void aLoggedInPageFollowsItsOwnRunLiveWithAPlainEventSourceAndCannotReadSomeoneElses() {
        String user = newUser();
        ApiClient api = api(user);
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), user, PASSWORD);
        MODEL.enqueue(ChatScript.words("one two three four five six seven eight")
                .delays(Duration.ofMillis(300), Duration.ofMillis(60)));
        String runId = api.sendMessage(api.newConversation(), "Count").get("runId").asString();
        @SuppressWarnings("unchecked")
        Map<String, Object> followed = (Map<String, Object>) page.evaluate(FOLLOW, "/api/runs/" + runId + "/events");
        assertThat(followed).doesNotContainKey("error");
        assertThat(followed.get("status")).isEqualTo("completed");
        assertThat(followed.get("text")).asString().contains("one two three", "eight");

        String other = newUser();
        ApiClient otherApi = api(other);
        MODEL.enqueue(ChatScript.words("not yours"));
        String otherRun = otherApi.sendMessage(otherApi.newConversation(), "Secret").get("runId").asString();
        otherApi.awaitEnd(otherRun, Duration.ofSeconds(20));
        @SuppressWarnings("unchecked")
        Map<String, Object> refused = (Map<String, Object>) page.evaluate(FOLLOW, "/api/runs/" + otherRun + "/events");
        assertThat(refused.get("error")).isEqualTo(true);
        assertThat(refused.get("text")).asString().isEmpty();
        Object status = page.evaluate("url => fetch(url).then(r => r.status)", "/api/runs/" + otherRun + "/events");
        assertThat(status).isEqualTo(404);
    }
}
