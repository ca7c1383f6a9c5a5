package dev.rivulet.lab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.Accessibility;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue 11, the streaming lab: three panels, one run, identical text, different update counts; synthetic mode. */
class LabBrowserTest extends BrowserTest {

    @Test
    void syntheticRunEndsWithTheSameTextInEveryPanelAndDifferentUpdateCounts() {
        Page page = browser.newPage(1400, 1000);
        Browser.login(page, baseUrl(), newUser(), PASSWORD);
        page.navigate(baseUrl() + "/lab");
        page.locator("#lab-run").waitFor();
        page.locator("#lab-source vaadin-radio-button").nth(1).click();
        page.locator("#synthetic-badge").waitFor();
        assertThat(page.locator("#synthetic-badge").innerText()).contains("SYNTHETIC");
        page.locator("#lab-rate input").fill("100");
        page.locator("#lab-rate input").press("Tab");
        page.locator("#lab-run").click();

        waitForText(page, page.locator("#lab-status"), "Run ended: completed");
        String token = panelText(page, "token");
        assertThat(token.replaceAll("\\s+", " ").strip()).isEqualTo(LabView.SYNTHETIC_TEXT);
        assertThat(panelText(page, "batch-5")).isEqualTo(token);
        assertThat(panelText(page, "time-100")).isEqualTo(token);
        int tokenUpdates = updates(page, "token");
        int batchUpdates = updates(page, "batch-5");
        int timeUpdates = updates(page, "time-100");
        assertThat(tokenUpdates).as("token > batch:5 > time:100").isGreaterThan(batchUpdates);
        assertThat(batchUpdates).isGreaterThan(timeUpdates);
        assertThat(timeUpdates).isGreaterThan(1);
        assertThat(page.locator("#lab-timeline").innerHTML()).contains("first token after");
        assertThat(page.locator("#panel-token svg line").count()).isGreaterThan(tokenUpdates);
        assertThat(page.locator("h1").count()).isEqualTo(1);
        assertThat(Accessibility.violations(page)).as("axe on the lab").isEmpty();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(System.getProperty("rivulet.screenshots", "target/screenshots"), "lab.png")).setFullPage(true));
    }

    private static String panelText(Page page, String id) {
        return page.locator("#panel-" + id + " pre").innerText();
    }

    private static int updates(Page page, String id) {
        String figures = page.locator("#panel-" + id + " .rivulet-lab-figures").innerText();
        return Integer.parseInt(figures.substring(0, figures.indexOf(' ')));
    }
}
