package dev.rivulet.testsupport;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
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

    /**
     * Waits up to 20 s for {@code text} in what the locator shows. Each read waits at most 1 s, so an
     * element re-rendered between the count and the read is simply read again.
     */
    protected static void waitForText(Page page, Locator locator, String text) {
        long deadline = System.currentTimeMillis() + 20_000;
        String seen = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (locator.count() > 0) {
                    seen = locator.innerText(new Locator.InnerTextOptions().setTimeout(1_000));
                    if (seen.contains(text)) {
                        return;
                    }
                }
            } catch (TimeoutError detached) {
                seen = null;
            }
            page.waitForTimeout(30);
        }
        throw new AssertionError("'" + text + "' did not appear; saw: " + seen + "; the page's messages: "
                + Browser.messageTexts(page));
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
