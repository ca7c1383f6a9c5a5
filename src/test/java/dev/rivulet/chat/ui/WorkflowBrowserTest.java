package dev.rivulet.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.ChatScript;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.workflow.WorkflowTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The `ideas` workflow in a real browser: three sections growing at the same time, then the summary. */
class WorkflowBrowserTest extends BrowserTest {


    @Test
    void threeSectionsGrowAtTheSameTime() {
        MODEL.defaultResponder(request -> {
            String node = WorkflowTestSupport.nodeOf(request);
            return ChatScript.generated(node.equals("summary") ? 5 : 30, i -> node + i + " ")
                    .delays(Duration.ofMillis(100), Duration.ofMillis(60));
        });
        String user = newUser();
        ApiClient api = api(user);
        String conversation = api.post("/api/conversations", "{\"workflow\":\"ideas\"}").json().get("id").asString();

        Page page = browser.newPage();
        Browser.login(page, baseUrl(), user, PASSWORD);
        page.navigate(baseUrl() + "/c/" + conversation);
        page.locator("#message-input textarea").fill("How could a library attract teenagers?");
        page.locator("#send").click();

        Locator sections = page.locator("vaadin-message.node-section");
        List<List<Integer>> samples = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (sections.count() == 3) {
                // the three lengths at one instant (one call into the page, not three round trips)
                @SuppressWarnings("unchecked")
                List<Integer> lengths = ((List<Number>) page.evaluate("() => Array.from(document.querySelectorAll("
                        + "'vaadin-message.node-section')).slice(0, 3).map(m => m.innerText.length)")).stream()
                        .map(Number::intValue).toList();
                samples.add(lengths);
                if (page.locator("#run-timeline").innerText().contains("✓ summary")) {
                    break;
                }
            }
            page.waitForTimeout(150);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/ideas-sections.png")));
        long allGrowing = 0;
        for (int i = 1; i < samples.size(); i++) {
            List<Integer> before = samples.get(i - 1);
            List<Integer> after = samples.get(i);
            if (after.get(0) > before.get(0) && after.get(1) > before.get(1) && after.get(2) > before.get(2)) {
                allGrowing++;
            }
        }
        assertThat(allGrowing).as("sample intervals in which all three sections grew together").isGreaterThanOrEqualTo(3);
        assertThat(page.locator("vaadin-message.assistant").last().innerText()).contains("summary4");
        assertThat(page.locator("#run-timeline").innerText()).contains("practical").contains("creative")
                .contains("critical").contains("summary");

        page.reload();
        page.locator("vaadin-message.node-section").nth(2).waitFor();
        assertThat(page.locator("vaadin-message.node-section").count()).isEqualTo(3);
        assertThat(page.locator("vaadin-message.node-section").first().innerText()).contains("29");
    }
}
