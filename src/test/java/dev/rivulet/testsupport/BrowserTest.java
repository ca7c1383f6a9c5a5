package dev.rivulet.testsupport;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The running application plus one headless Chromium per test class. */
public abstract class BrowserTest extends IntegrationTest {

    protected static Browser browser;

    @BeforeAll
    static void launchBrowser() {
        browser = Browser.launch();
    }

    /** Waits up to 20 s for {@code text} in what the locator shows. */
    protected static void waitForText(Page page, Locator locator,
            String text) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (locator.count() > 0 && locator.innerText().contains(text)) {
                return;
            }
            page.waitForTimeout(30);
        }
        throw new AssertionError("'" + text + "' did not appear; saw: " + locator.innerText());
    }

    /** Waits up to 20 s for {@code text} in the {@code index}th message, all its items read in order. */
    protected static void waitForMessageText(Page page, int index, String text) {
        long deadline = System.currentTimeMillis() + 20_000;
        List<String> texts = List.of();
        while (System.currentTimeMillis() < deadline) {
            texts = Browser.messageTexts(page);
            if (texts.size() > index && texts.get(index).contains(text)) {
                return;
            }
            page.waitForTimeout(30);
        }
        throw new AssertionError("'" + text + "' did not appear in message " + index + "; saw: " + texts);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
