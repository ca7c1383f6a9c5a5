package dev.rivulet.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import dev.rivulet.testsupport.Accessibility;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.testsupport.ChatScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11, look and access: axe, landmarks and headings, phone width, the remembered theme. */
class LookAndAccessBrowserTest extends BrowserTest {

    /**
     * Where the screenshots go: {@code target/screenshots}, so a test run leaves the tree clean;
     * {@code -Drivulet.screenshots=docs/screenshots} refreshes the README's.
     */
    static final Path SCREENSHOTS = Path.of(System.getProperty("rivulet.screenshots", "target/screenshots"));

    @Test
    void axeFindsNoViolationsOnTheChatAndTheAdminViews() {
        MODEL.enqueue(ChatScript.words("Here is a loop:\n\n```java\nfor (int i = 0; i < 3; i++) {\n"
                + "    System.out.println(i);\n}\n```\n\nIt prints 0, 1 and 2.").delays(Duration.ofMillis(20),
                Duration.ofMillis(5)));
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), "admin", ADMIN_PASSWORD);
        page.locator("#message-input textarea").fill("Show me a loop in Java");
        page.locator("#send").click();
        waitForText(page, page.locator("vaadin-message").nth(1), "It prints 0, 1 and 2.");
        page.waitForCondition(() -> !page.locator("vaadin-message").nth(1).innerText().contains("writing"));

        // Code blocks: highlighted by highlight.js (no custom bundle) and a copy button.
        page.locator("vaadin-message pre code.hljs .hljs-keyword").first().waitFor();
        assertThat(page.locator("vaadin-message pre .rivulet-copy-code").count()).isEqualTo(1);
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        page.locator("vaadin-message pre .rivulet-copy-code").click();
        page.waitForCondition(() -> String.valueOf(page.evaluate("() => navigator.clipboard.readText()"))
                .contains("System.out.println(i);"));
        assertThat(page.locator("main").count()).as("one main landmark").isEqualTo(1);
        assertThat(page.locator("h1").count()).as("one h1").isEqualTo(1);
        assertThat(Accessibility.violations(page)).as("axe on the chat").isEmpty();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("chat.png")));

        for (String view : new String[] {"admin", "admin/runs", "admin/users"}) {
            page.navigate(baseUrl() + "/" + view);
            page.locator("h1").waitFor();
            page.waitForLoadState();
            page.locator("vaadin-grid, vaadin-select, svg").first().waitFor();
            assertThat(page.locator("main").count()).as("one main landmark on " + view).isEqualTo(1);
            assertThat(page.locator("h1").count()).as("one h1 on " + view).isEqualTo(1);
            assertThat(Accessibility.violations(page)).as("axe on " + view).isEmpty();
            if (view.equals("admin")) {
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("dashboard.png")));
            }
        }
    }

    @Test
    void atPhoneWidthTheDrawerTheInputAndSendAreReachable() {
        String user = newUser();
        String older = api(user).newConversation();
        api(user).patch("/api/conversations/" + older, "{\"title\":\"Tide tables\"}");
        Page page = browser.newPage(390, 844);
        Browser.login(page, baseUrl(), user, PASSWORD);

        assertInViewport(page, page.locator("#message-input textarea"));
        assertInViewport(page, page.locator("#send"));
        assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .as("nothing pushed off to the side").isTrue();

        MODEL.enqueue(ChatScript.words("High tide is at noon."));
        page.locator("#message-input textarea").fill("When is high tide?");
        page.locator("#send").click();
        waitForText(page, page.locator("vaadin-message").nth(1), "High tide is at noon.");
        page.locator("#answer-actions").waitFor(); // shown once the answer has ended
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("phone.png")));

        page.locator("#drawer-toggle").click();
        Locator link = page.locator(".rivulet-conversation[data-conversation-id='" + older + "'] a");
        link.waitFor();
        assertInViewport(page, link);
        assertInViewport(page, page.locator("#new-conversation"));
        link.click();
        page.waitForURL("**/c/" + older);
        page.waitForCondition(() -> !page.locator("#new-conversation").isVisible());
        assertInViewport(page, page.locator("#send"));
    }

    @Test
    void theThemeIsRememberedPerPerson() {
        String user = newUser();
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), user, PASSWORD);
        assertThat(theme(page)).isNotEqualTo("dark");
        assertThat(page.locator("#theme-toggle").getAttribute("aria-pressed")).isEqualTo("false");

        page.locator("#theme-toggle").click();
        page.waitForCondition(() -> "dark".equals(theme(page)));
        assertThat(page.locator("#theme-toggle").getAttribute("aria-pressed")).isEqualTo("true");
        page.reload();
        page.locator("#message-input textarea").waitFor();
        page.waitForCondition(() -> "dark".equals(theme(page)));
        MODEL.enqueue(ChatScript.words("At night, try:\n\n```python\nfor star in sky:\n    print(star)\n```\n\n"
                + "Then look up."));
        page.locator("#message-input textarea").fill("Something for the evening?");
        page.locator("#send").click();
        waitForText(page, page.locator("vaadin-message").nth(1), "Then look up.");
        page.locator("#answer-actions").waitFor();
        page.locator("vaadin-message pre code.hljs").first().waitFor();
        assertThat(Accessibility.violations(page)).as("axe in the dark theme").isEmpty();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("chat-dark.png")));

        // Another browser: the same person gets the same theme; someone else does not.
        Page elsewhere = browser.newPage();
        Browser.login(elsewhere, baseUrl(), user, PASSWORD);
        elsewhere.waitForCondition(() -> "dark".equals(theme(elsewhere)));
        Page someoneElse = browser.newPage();
        Browser.login(someoneElse, baseUrl(), newUser(), PASSWORD);
        assertThat(theme(someoneElse)).isNotEqualTo("dark");
    }

    private static String theme(Page page) {
        return (String) page.evaluate("() => document.documentElement.getAttribute('theme')");
    }

    /** Waits for the element to settle inside the viewport (the drawer slides in), then checks it. */
    private static void assertInViewport(Page page, Locator locator) {
        locator.waitFor();
        var size = page.viewportSize();
        long deadline = System.currentTimeMillis() + 5_000;
        BoundingBox box = locator.boundingBox();
        while (System.currentTimeMillis() < deadline && (box == null || box.x < 0 || box.y < 0
                || box.x + box.width > size.width || box.y + box.height > size.height)) {
            page.waitForTimeout(50);
            box = locator.boundingBox();
        }
        assertThat(box).as("shown").isNotNull();
        assertThat(box.x).as("left edge").isGreaterThanOrEqualTo(0);
        assertThat(box.y).as("top edge").isGreaterThanOrEqualTo(0);
        assertThat(box.x + box.width).as("right edge within " + size.width).isLessThanOrEqualTo(size.width);
        assertThat(box.y + box.height).as("bottom edge within " + size.height).isLessThanOrEqualTo(size.height);
    }
}
