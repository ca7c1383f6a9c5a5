package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.testsupport.ChatScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app works under its Content-Security-Policy: the login, a streamed answer over push, and every
 * admin view, with no CSP violation reported in the console and no script error.
 */
class CspBrowserTest extends BrowserTest {

    @Test
    void theChatAndTheAdminViewsWorkUnderTheContentSecurityPolicyWithNoViolation() {
        MODEL.enqueue(ChatScript.words("Streams keep flowing under a strict policy."));
        Page page = browser.newPage();
        List<String> problems = Browser.cspViolations(page);

        Browser.login(page, baseUrl(), "admin", ADMIN_PASSWORD);
        assertThat(page.evaluate("() => document.querySelector('meta[http-equiv]') === null")).isEqualTo(true);
        page.locator("#message-input textarea").fill("Does it still stream?");
        page.locator("#send").click();
        waitForText(page, page.locator("vaadin-message").nth(1), "strict policy.");

        for (String view : new String[] {"/admin", "/admin/runs", "/admin/users", "/tokens"}) {
            page.navigate(baseUrl() + view);
            page.locator("vaadin-app-layout, main, vaadin-vertical-layout").first().waitFor();
            page.waitForLoadState();
            page.waitForTimeout(300); // lets late resources (fonts, icons) load and report
        }
        assertThat(problems).as("CSP violations and script errors").isEmpty();
    }
}
