package dev.rivulet.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.BrowserTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The chat in a real headless Chromium against the running application. */
class ChatBrowserTest extends BrowserTest {


    @Test
    void answerGrowsInVisibleStepsAndSurvivesAReload() {
        String answer = "Rivers begin as rivulets, thin threads of water that gather, join and grow into "
                + "something that carries boats.";
        MODEL.enqueue(ChatScript.words(answer).delays(Duration.ofMillis(200), Duration.ofMillis(80)));
        String user = newUser();
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), user, PASSWORD);

        page.locator("#message-input textarea").fill("Where do rivers begin?");
        page.locator("#send").click();

        Locator messages = page.locator("vaadin-message");
        messages.nth(1).waitFor();
        List<String> steps = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            String text = messages.nth(1).innerText();
            if (steps.isEmpty() || !steps.getLast().equals(text)) {
                steps.add(text);
            }
            if (text.contains("carries boats.") && !text.contains("writing")) {
                break;
            }
            page.waitForTimeout(25);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/chat-answer.png")));
        assertThat(steps.getLast()).contains("carries boats.");
        assertThat(steps).as("distinct visible states of the answer while it streamed").hasSizeGreaterThanOrEqualTo(3);

        page.reload();
        page.locator("vaadin-message").nth(1).waitFor();
        assertThat(page.locator("vaadin-message").nth(0).innerText()).contains("Where do rivers begin?");
        assertThat(page.locator("vaadin-message").nth(1).innerText()).contains("carries boats.");
        assertThat(page.url()).contains("/c/");
    }

    @Test
    void reloadMidAnswerContinuesTheAnswerInPlace() {
        // After word9 the scripted model slows to a word per 400 ms (inside the run's 1 s idle timeout) until
        // the reload and the second tab have shown the answer: it cannot finish first, however slow the machine.
        CountDownLatch rest = new CountDownLatch(1);
        MODEL.enqueue(ChatScript.generated(100, i -> "word" + i + " ").delays(Duration.ofMillis(100),
                Duration.ofMillis(20)).holdAfter(10, rest, Duration.ofMillis(400)));
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), newUser(), PASSWORD);
        page.locator("#message-input textarea").fill("Count slowly");
        page.locator("#send").click();
        Locator answer = page.locator("vaadin-message").nth(1);
        waitForText(page, answer, "word9");

        page.reload();
        Locator reloaded = page.locator("vaadin-message").nth(1);
        waitForText(page, reloaded, "word9");
        assertThat(reloaded.innerText()).as("the answer is still being written after the reload").doesNotContain("word99");

        // A second tab on the same conversation follows the same answer.
        Page secondTab = page.context().newPage();
        secondTab.navigate(page.url());
        Locator secondAnswer = secondTab.locator("vaadin-message").nth(1);
        waitForText(secondTab, secondAnswer, "word9");
        String seenInSecondTab = secondAnswer.innerText();
        rest.countDown();

        waitForText(page, reloaded, "word99");
        String full = reloaded.innerText();
        assertThat(full).contains("word0 word1 word2").contains("word98 word99");
        assertThat(full.indexOf("word10 ")).as("no text repeated after the replay")
                .isEqualTo(full.lastIndexOf("word10 "));
        waitForText(secondTab, secondAnswer, "word99");
        assertThat(seenInSecondTab).doesNotContain("word99");
        assertThat(secondAnswer.innerText()).isEqualTo(full);
    }

    @Test
    void stopKeepsThePartialTextAsCancelled() {
        MODEL.enqueue(ChatScript.generated(200, i -> "piece" + i + " ").tokenDelay(Duration.ofMillis(60)));
        String user = newUser();
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), user, PASSWORD);
        page.locator("#message-input textarea").fill("Go on and on");
        page.locator("#send").click();
        Locator answer = page.locator("vaadin-message").nth(1);
        waitForText(page, answer, "piece5 ");
        page.locator("#stop").click();
        waitForText(page, answer, "Stopped.");
        page.locator("#regenerate").waitFor();
        assertThat(answer.innerText()).contains("piece0 piece1").doesNotContain("piece199");
        assertThat(MODEL.lastExchange().awaitClientClose(Duration.ofSeconds(1))).isTrue();

        var api = api(user);
        var conversation = api.get("/api/conversations").json().get(0).get("id").asString();
        var saved = api.get("/api/conversations/" + conversation).json().get("messages").get(1);
        assertThat(saved.get("status").asString()).isEqualTo("cancelled");
        assertThat(saved.get("content").asString()).startsWith("piece0 piece1 piece2 piece3 piece4 piece5 ");
        page.reload();
        waitForText(page, page.locator("vaadin-message").nth(1), "Stopped.");
    }

}
