package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Swagger UI works for an admin under its Content-Security-Policy (the strict one plus {@code data:}
 * images): it loads the document and renders every operation, with no CSP violation and no script
 * error in the console.
 */
class SwaggerUiBrowserTest extends BrowserTest {

    @Test
    void anAdminSeesEveryOperationWithNoCspViolation() {
        Page page = browser.newPage();
        List<String> problems = Browser.cspViolations(page);

        Browser.login(page, baseUrl(), "admin", ADMIN_PASSWORD);
        page.navigate(baseUrl() + "/swagger-ui.html");
        page.locator(".opblock-summary-path[data-path='/api/runs/{runId}/events']").first().waitFor();
        page.locator(".opblock-tag").first().click(); // collapse and expand: icons (data: SVG) are drawn
        page.locator(".opblock-tag").first().click();
        page.waitForLoadState();
        page.waitForTimeout(500); // lets late resources report
        assertThat(page.locator(".opblock").count()).isGreaterThanOrEqualTo(20);
        assertThat(page.locator(".information-container").innerText()).contains("Rivulet API");
        assertThat(problems).as("CSP violations and script errors").isEmpty();
    }
}
