package dev.rivulet.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.testsupport.ChatScript;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 11: Enter sends, Shift+Enter adds a line, Escape stops; the view follows the answer unless scrolled up. */
class KeyboardAndScrollingBrowserTest extends BrowserTest {

    @Test
    void enterSendsShiftEnterAddsALineEscapeStops() {
        MODEL.enqueue(ChatScript.generated(300, i -> "tok" + i + " ").tokenDelay(Duration.ofMillis(40)));
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), newUser(), PASSWORD);
        Locator input = page.locator("#message-input textarea");
        input.click();
        input.pressSequentially("first line");
        input.press("Shift+Enter");
        input.pressSequentially("second line");
        assertThat(input.inputValue()).isEqualTo("first line\nsecond line");
        input.press("Enter");

        Locator answer = page.locator("vaadin-message").nth(1);
        waitForText(page, answer, "tok3 ");
        assertThat(page.locator("vaadin-message").nth(0).innerText()).contains("first line").contains("second line");
        assertThat(input.inputValue()).as("sent, so the box is empty").isEmpty();
        page.keyboard().press("Escape");
        waitForText(page, answer, "Stopped.");
        assertThat(answer.innerText()).doesNotContain("tok299");
        assertThat(MODEL.lastRequest().lastUserMessage()).isEqualTo("first line\nsecond line");
    }

    @Test
    void followsTheAnswerStopsWhenScrolledUpAndJumpsBack() {
        MODEL.enqueue(ChatScript.generated(160, i -> "Line " + i + " of a long answer.\n\n")
                .tokenDelay(Duration.ofMillis(30)));
        Page page = browser.newPage(1000, 600);
        Browser.login(page, baseUrl(), newUser(), PASSWORD);
        page.locator("#message-input textarea").fill("Write a long answer");
        page.locator("#send").click();
        // a long answer: read as its items joined (finished Markdown blocks are items of their own)
        waitForMessageText(page, 1, "Line 40 ");
        page.waitForCondition(() -> distanceFromEnd(page) < 60);
        assertThat(page.locator("#jump-to-latest").isVisible()).isFalse();

        page.locator("#messages").hover();
        page.mouse().wheel(0, -2000);
        page.waitForCondition(() -> page.locator("#jump-to-latest").isVisible());
        double top = scrollTop(page);
        waitForMessageText(page, 1, "Line 90 ");
        assertThat(Math.abs(scrollTop(page) - top)).as("no longer following").isLessThan(5);
        assertThat(distanceFromEnd(page)).isGreaterThan(200);

        page.locator("#jump-to-latest").click();
        page.waitForCondition(() -> distanceFromEnd(page) < 60);
        page.waitForCondition(() -> !page.locator("#jump-to-latest").isVisible());
        waitForMessageText(page, 1, "Line 130 ");
        assertThat(distanceFromEnd(page)).as("following again").isLessThan(60);
    }

    private static double scrollTop(Page page) {
        return ((Number) page.evaluate("() => document.querySelector('#messages').scrollTop")).doubleValue();
    }

    private static double distanceFromEnd(Page page) {
        return ((Number) page.evaluate("() => { const l = document.querySelector('#messages');"
                + " return l.scrollHeight - l.clientHeight - l.scrollTop; }")).doubleValue();
    }
}
