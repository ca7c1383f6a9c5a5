package dev.rivulet.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.testsupport.ChatScript;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Model output is rendered as sanitized Markdown only: XSS payloads streamed from the scripted model
 * server, split over many tokens, leave nothing executable in the DOM, live or after a reload.
 */
class OutputSanitizationBrowserTest extends BrowserTest {

    static final String PAYLOAD = String.join("\n",
            "Here are the tests:",
            "<img src=x onerror=\"window.__xss='img'\">",
            "<script>window.__xss='script'</script>",
            "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
            "<svg onload=\"window.__xss='svg'\"><circle r=\"5\"/></svg>",
            "<details open ontoggle=\"window.__xss='details'\"><summary>toggle me</summary>inside</details>",
            "",
            "[click me](javascript:window.__xss='link')",
            "",
            "![a picture](javascript:window.__xss='image')",
            "",
            "<a href=\"javascript:window.__xss='raw-link'\">raw link</a> END-OF-PAYLOAD");

    /**
     * Everything executable under the chat's messages, shadow roots included: script-like elements,
     * event-handler attributes, javascript: URLs.
     */
    static final String EXECUTABLE = """
            () => {
              const found = [];
              const visit = root => root.querySelectorAll('*').forEach(el => {
                const tag = el.tagName.toLowerCase();
                if (['script', 'iframe', 'object', 'embed', 'frame', 'base', 'meta'].includes(tag)) found.push('<' + tag + '>');
                for (const a of el.attributes) {
                  const value = (a.value || '').replace(/\\s/g, '').toLowerCase();
                  if (a.name.toLowerCase().startsWith('on')) found.push(tag + '[' + a.name + ']');
                  if (value.startsWith('javascript:') || value.startsWith('data:text/html')) found.push(tag + '[' + a.name + '=' + a.value + ']');
                }
                if (el.shadowRoot) visit(el.shadowRoot);
              });
              const messages = [];
              const collect = root => root.querySelectorAll('*').forEach(el => {
                if (el.tagName.toLowerCase() === 'vaadin-message') messages.push(el); else if (el.shadowRoot) collect(el.shadowRoot);
              });
              collect(document);
              messages.forEach(m => { visit(m); if (m.shadowRoot) visit(m.shadowRoot); });
              return {found: found, xss: window.__xss || null, messages: messages.length};
            }""";

    @Test
    void xssPayloadsFromTheModelLeaveNothingExecutableLiveOrAfterAReload() {
        MODEL.enqueue(ChatScript.words(PAYLOAD).delays(Duration.ofMillis(100), Duration.ofMillis(5)));
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), newUser(), PASSWORD);
        page.locator("#message-input textarea").fill("Show me some HTML");
        page.locator("#send").click();
        Locator answer = page.locator("vaadin-message").nth(1);
        waitForText(page, answer, "END-OF-PAYLOAD");
        page.waitForTimeout(500); // time for an onerror / ontoggle / onload to fire, were one left
        assertClean(page, "live");
        assertThat(answer.innerText()).contains("Here are the tests:", "click me", "raw link");

        for (String text : List.of("click me", "raw link")) {
            Locator link = answer.getByText(text).first();
            if (link.count() > 0) {
                link.click(new Locator.ClickOptions().setTimeout(2000));
            }
        }
        page.waitForTimeout(300);
        assertClean(page, "after clicking the links");

        page.reload();
        waitForText(page, page.locator("vaadin-message").nth(1), "END-OF-PAYLOAD");
        page.waitForTimeout(500);
        assertClean(page, "after a reload");

        // the detector itself finds what it looks for: plant a handler in a message and look again
        page.evaluate("() => { const img = document.createElement('img'); img.setAttribute('onerror', 'x');"
                + " document.querySelectorAll('vaadin-message')[1].appendChild(img); }");
        @SuppressWarnings("unchecked")
        var planted = (Map<String, Object>) page.evaluate(EXECUTABLE);
        assertThat((List<String>) planted.get("found")).containsExactly("img[onerror]");
    }

    /**
     * A long answer is spread over several list items (finished Markdown blocks rendered once): payloads in
     * its later items, the one being written and the finished ones, are sanitized the same way.
     */
    @Test
    void xssPayloadsInALongAnswersLaterItemsLeaveNothingExecutableLiveOrAfterAReload() {
        String prose = IntStream.range(0, 80).mapToObj(i -> "Paragraph " + i + " of plain prose before the payload.")
                .collect(Collectors.joining("\n\n"));
        MODEL.enqueue(ChatScript.words(prose + "\n\n" + PAYLOAD + "\n\n" + PAYLOAD.replace("END-OF-PAYLOAD", "")
                + "\n\nAfter the payloads.").delays(Duration.ofMillis(100), Duration.ofMillis(2)));
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), newUser(), PASSWORD);
        page.locator("#message-input textarea").fill("Show me a lot of HTML");
        page.locator("#send").click();
        Locator continuations = page.locator("vaadin-message.continuation");
        waitForText(page, continuations.last(), "After the payloads.");
        page.waitForTimeout(500); // time for an onerror / ontoggle / onload to fire, were one left
        assertThat(continuations.filter(new Locator.FilterOptions().setHasText("END-OF-PAYLOAD")).count())
                .as("the payload is in a continuation item").isEqualTo(1);
        assertClean(page, "live, in a long answer's continuations");

        page.reload();
        waitForText(page, page.locator("vaadin-message.continuation").last(), "After the payloads.");
        page.waitForTimeout(500);
        assertClean(page, "a long answer after a reload");
    }

    @SuppressWarnings("unchecked")
    private static void assertClean(Page page, String when) {
        var result = (Map<String, Object>) page.evaluate(EXECUTABLE);
        assertThat(((Number) result.get("messages")).intValue()).as(when + ": messages found").isGreaterThanOrEqualTo(2);
        assertThat((List<String>) result.get("found")).as(when + ": executable content in the messages").isEmpty();
        assertThat(result.get("xss")).as(when + ": a payload ran").isNull();
    }
}
