package dev.rivulet.chat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.testsupport.ChatScript;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Issue 11, conversations: new, titled from the first message, rename in place, search, delete with undo, export. */
class ConversationLifecycleBrowserTest extends BrowserTest {

    @Test
    void aConversationFromNewToDeleted() throws Exception {
        String user = newUser();
        ApiClient api = api(user);
        String other = api.newConversation();
        api.patch("/api/conversations/" + other, "{\"title\":\"Garden plans\"}");
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), user, PASSWORD);
        assertThat(page.locator(".rivulet-day").first().innerText()).isEqualToIgnoringCase("Today");

        // New: titled from its first message, listed first.
        MODEL.enqueue(ChatScript.words("Otters hold hands while they sleep so they do not drift apart."));
        page.locator("#new-conversation").click();
        page.locator("#message-input textarea").fill("Tell me something about otters");
        page.locator("#send").click();
        waitForText(page, page.locator("vaadin-message").nth(1), "drift apart.");
        page.waitForURL("**/c/*");
        String id = page.url().substring(page.url().lastIndexOf("/c/") + 3);
        Locator row = page.locator(".rivulet-conversation[data-conversation-id='" + id + "']");
        waitForText(page, row, "Tell me something about otters");
        assertThat(page.locator(".rivulet-conversation").first().getAttribute("data-conversation-id")).isEqualTo(id);
        assertThat(row.locator("a").getAttribute("aria-current")).isEqualTo("page");

        // Rename in place: Enter saves; Escape keeps the old title.
        row.locator(".rename-conversation").click();
        Locator field = row.locator(".rename-field input");
        field.fill("Otter facts");
        field.press("Enter");
        waitForText(page, page.locator(".rivulet-conversation[data-conversation-id='" + id + "']"), "Otter facts");
        assertThat(api.get("/api/conversations/" + id).json().get("title").asString()).isEqualTo("Otter facts");
        row = page.locator(".rivulet-conversation[data-conversation-id='" + id + "']");
        row.locator(".rename-conversation").click();
        row.locator(".rename-field input").fill("Something else");
        row.locator(".rename-field input").press("Escape");
        waitForText(page, page.locator(".rivulet-conversation[data-conversation-id='" + id + "']"), "Otter facts");

        // Search over message text, the match highlighted; then over titles.
        page.locator("#conversation-search input").fill("DRIFT");
        page.waitForCondition(() -> page.locator(".rivulet-conversation").count() == 1);
        assertThat(page.locator(".rivulet-conversation mark").innerText()).isEqualTo("drift");
        assertThat(page.locator(".rivulet-conversation-snippet").innerText()).contains("so they do not drift apart");
        page.locator("#conversation-search input").fill("garden");
        page.waitForCondition(() -> page.locator(".rivulet-conversation").count() == 1
                && page.locator(".rivulet-conversation mark").innerText().equals("Garden"));
        page.locator("#conversation-search input").fill("no such words anywhere");
        waitForText(page, page.locator("#conversation-list"), "No conversation mentions");
        page.locator("#conversation-search input").fill("");
        page.waitForCondition(() -> page.locator(".rivulet-conversation").count() == 2);

        // Export from the UI: the same file as the API's.
        Download markdown = page.waitForDownload(() -> page.locator("#export-markdown").click());
        String fromUi = Files.readString(markdown.path());
        assertThat(fromUi).isEqualTo(api.get("/api/conversations/" + id + "/export?format=markdown").body());
        Download json = page.waitForDownload(() -> page.locator("#export-json").click());
        assertThat(Files.readString(json.path())).contains("\"title\" : \"Otter facts\"");

        // Delete, confirmed, then undone.
        row = page.locator(".rivulet-conversation[data-conversation-id='" + id + "']");
        row.locator(".delete-conversation").click();
        page.locator("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button'], "
                + "#confirm-delete vaadin-button[slot='confirm-button']").first().click();
        page.waitForCondition(() -> page.locator(".rivulet-conversation[data-conversation-id='" + id + "']").count() == 0);
        assertThat(api.get("/api/conversations/" + id).status()).as("gone for the API too").isEqualTo(404);
        page.locator("#undo-delete").click();
        page.waitForURL("**/c/" + id);
        page.locator(".rivulet-conversation[data-conversation-id='" + id + "']").waitFor();
        waitForText(page, page.locator("vaadin-message").nth(1), "drift apart.");
        assertThat(api.get("/api/conversations/" + id).status()).isEqualTo(200);

        // Delete without undo: gone; the other conversation stays.
        page.locator(".rivulet-conversation[data-conversation-id='" + id + "'] .delete-conversation").click();
        page.locator("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button'], "
                + "#confirm-delete vaadin-button[slot='confirm-button']").first().click();
        page.waitForCondition(() -> page.locator(".rivulet-conversation").count() == 1);
        // The view navigates away from the deleted conversation; the address may follow a moment later.
        page.waitForCondition(() -> !page.url().contains(id));
        assertThat(api.get("/api/conversations/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/conversations").json().size()).isEqualTo(1);
    }
}
