package dev.rivulet.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.testsupport.ChatScript;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: going to another conversation and back mid-answer used to freeze the answer (Vaadin reuses
 * the view between c/:id routes and only its first attach followed the run).
 */
class ChatNavigationBrowserTest extends BrowserTest {

    @Test
    void goingToAnotherConversationAndBackMidAnswerKeepsTheAnswerGrowing() {
        int count = 70;
        String expected = IntStream.range(0, count).mapToObj(i -> "w" + i + " ").collect(Collectors.joining());
        MODEL.enqueue(ChatScript.generated(count, i -> "w" + i + " ").delays(Duration.ofMillis(100), Duration.ofMillis(90)));
        String user = newUser();
        ApiClient api = api(user);
        String other = api.newConversation();
        api.patch("/api/conversations/" + other, "{\"title\":\"Another topic\"}");
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), user, PASSWORD);

        page.locator("#message-input textarea").fill("Count to seventy");
        page.locator("#send").click();
        Locator answer = page.locator("vaadin-message").nth(1);
        waitForText(page, answer, "w3 ");
        page.waitForURL("**/c/*");
        String counting = page.url().substring(page.url().lastIndexOf("/c/") + 3);

        // A → B by a click in the conversation list …
        Browser.waitForVaadin(page);
        conversationLink(page, other).click();
        page.waitForURL("**/c/" + other);
        page.waitForCondition(() -> page.locator("vaadin-message").count() == 0);
        // … and B → A by another click: the answer goes on growing, with Stop offered.
        conversationLink(page, counting).click();
        page.waitForURL("**/c/" + counting);
        Locator again = page.locator("vaadin-message").nth(1);
        again.waitFor();
        page.locator("#stop").waitFor();
        int seen = again.innerText().length();
        waitForGrowth(page, again, seen);

        // A → B again, then the browser's back button.
        conversationLink(page, other).click();
        page.waitForURL("**/c/" + other);
        page.waitForCondition(() -> page.locator("vaadin-message").count() == 0);
        Browser.waitForVaadin(page);
        page.goBack();
        page.waitForURL("**/c/" + counting);
        Browser.waitForVaadin(page);
        Locator afterBack = page.locator("vaadin-message").nth(1);
        afterBack.waitFor();
        assertThat(page.url()).as("the address after back").endsWith("/c/" + counting);
        assertThat(page.locator("#stop").isVisible()).as("Stop while it streams").isTrue();
        waitForGrowth(page, afterBack, afterBack.innerText().length());

        waitForText(page, afterBack, "w" + (count - 2) + " w" + (count - 1));
        page.waitForCondition(() -> !afterBack.innerText().contains("writing"));
        String shown = afterBack.innerText();
        assertThat(shown).contains(expected.strip());
        assertThat(shown.indexOf("w10 ")).as("no text repeated").isEqualTo(shown.lastIndexOf("w10 "));
        page.waitForCondition(() -> !page.locator("#stop").isVisible()); // Stop goes once the answer ended
        var saved = api.get("/api/conversations/" + counting).json().get("messages").get(1);
        assertThat(saved.get("status").asString()).isEqualTo("completed");
        assertThat(saved.get("content").asString()).isEqualTo(expected);

        // The conversation takes its next message: the view knows the answer ended.
        MODEL.enqueue(ChatScript.words("Done counting."));
        page.locator("#message-input textarea").fill("Thanks");
        page.locator("#send").click();
        waitForText(page, page.locator("vaadin-message").nth(3), "Done counting.");
    }

    private static Locator conversationLink(Page page, String conversationId) {
        return page.locator(".rivulet-conversation[data-conversation-id='" + conversationId + "'] a");
    }

    private static void waitForGrowth(Page page, Locator locator, int length) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (locator.innerText().length() > length) {
                return;
            }
            page.waitForTimeout(30);
        }
        throw new AssertionError("The answer stopped growing at: " + locator.innerText());
    }

}
