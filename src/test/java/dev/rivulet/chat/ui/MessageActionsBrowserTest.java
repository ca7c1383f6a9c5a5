package dev.rivulet.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.testsupport.ChatScript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11, actions on an answer: regenerate with browsable versions, edit and resend, copy, live figures. */
class MessageActionsBrowserTest extends BrowserTest {

    @Test
    void regenerateEditAndCopyTheLastAnswer() {
        String user = newUser();
        ApiClient api = api(user);
        Page page = browser.newPage();
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        Browser.login(page, baseUrl(), user, PASSWORD);

        MODEL.enqueue(ChatScript.words("First **answer** about rain.").delays(Duration.ofMillis(300),
                Duration.ofMillis(150)));
        page.locator("#message-input textarea").fill("Why does it rain?");
        page.locator("#send").click();
        Locator answer = page.locator("vaadin-message").nth(1);
        // The figures update live while it streams, then say how it ended.
        // (the byline is the message's userName, drawn in its shadow DOM)
        long deadline = System.currentTimeMillis() + 10_000;
        while (!byline(answer).contains("so far") && System.currentTimeMillis() < deadline) {
            page.waitForTimeout(20);
        }
        assertThat(byline(answer)).contains("so far");
        waitForText(page, answer, "about rain.");
        page.waitForCondition(() -> byline(answer).contains("· completed"));
        assertThat(byline(answer)).contains("first token after").contains("total").contains("tok/s");

        // Regenerate: the new answer takes the old one's place; both stay, as 1/2 and 2/2.
        MODEL.enqueue(ChatScript.words("Second answer: clouds get heavy."));
        page.locator("#regenerate").click();
        waitForText(page, page.locator("vaadin-message").nth(1), "clouds get heavy.");
        waitForText(page, page.locator("#answer-version"), "2/2");
        assertThat(page.locator("vaadin-message").count()).isEqualTo(2);
        page.locator("#previous-version").click();
        waitForText(page, page.locator("vaadin-message").nth(1), "about rain.");
        assertThat(page.locator("#answer-version").innerText()).isEqualTo("1/2");

        // Copy the shown version as Markdown.
        page.locator("#copy-answer").click();
        page.waitForCondition(() -> "First **answer** about rain.".equals(
                page.evaluate("() => navigator.clipboard.readText()")));

        page.locator("#next-version").click();
        waitForText(page, page.locator("#answer-version"), "2/2");

        // Edit and resend the last message: it is replaced and answered again; older answers stay as versions.
        page.locator("#edit-last").click();
        Locator input = page.locator("#message-input textarea");
        page.waitForCondition(() -> input.inputValue().equals("Why does it rain?"));
        page.locator("#edit-note").waitFor();
        MODEL.enqueue(ChatScript.words("Snow is frozen rain, more or less."));
        input.fill("Why does it snow?");
        input.press("Enter");
        waitForText(page, page.locator("vaadin-message").nth(1), "frozen rain");
        waitForText(page, page.locator("#answer-version"), "3/3");
        assertThat(page.locator("vaadin-message").nth(0).innerText()).contains("Why does it snow?");
        assertThat(MODEL.lastRequest().lastUserMessage()).isEqualTo("Why does it snow?");
        assertThat(MODEL.lastRequest().messages()).as("only the question, no earlier answers").hasSize(1);

        String conversation = api.get("/api/conversations").json().get(0).get("id").asString();
        var messages = api.get("/api/conversations/" + conversation).json().get("messages");
        assertThat(messages.size()).isEqualTo(4);
        assertThat(messages.get(0).get("content").asString()).isEqualTo("Why does it snow?");
        assertThat(messages.get(1).get("content").asString()).isEqualTo("First **answer** about rain.");

        page.reload();
        waitForText(page, page.locator("#answer-version"), "3/3");
        assertThat(page.locator("vaadin-message").count()).isEqualTo(2);
    }

    @Test
    void continueAnAnswerCutOffAtItsLimit() {
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), newUser(), PASSWORD);
        MODEL.enqueue(ChatScript.words("Once upon a time there was a").doneReason("length"));
        page.locator("#message-input textarea").fill("Tell me a story");
        page.locator("#send").click();
        page.locator("#continue-answer").waitFor();
        MODEL.enqueue(ChatScript.words("river that sang."));
        page.locator("#continue-answer").click();
        waitForText(page, page.locator("vaadin-message").nth(3), "river that sang.");
        assertThat(page.locator("vaadin-message").nth(1).innerText()).contains("Once upon a time there was a");
        assertThat(page.locator("vaadin-message").nth(2).innerText()).contains("Continue exactly where");
    }

    private static String byline(Locator message) {
        return String.valueOf(message.evaluate("m => m.userName"));
    }
}
