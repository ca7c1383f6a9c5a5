package dev.rivulet.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.IntegrationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat in a real headless Chromium against the running application. */
class ChatBrowserTest extends IntegrationTest {

    private static Browser browser;

    @BeforeAll
    static void launch() {
        browser = Browser.launch();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

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
}
