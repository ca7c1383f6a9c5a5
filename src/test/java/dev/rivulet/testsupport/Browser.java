package dev.rivulet.testsupport;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Debian Chromium driven by Playwright (which must not download a browser of its own).
 * Without Chromium the browser tests are skipped with a reason, except on CI, where that fails.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    private Browser(Playwright playwright, com.microsoft.playwright.Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static Browser launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but no Chromium at " + CHROMIUM
                        + ": install Debian's chromium (see .ci/run)");
            }
            Assumptions.abort("Browser test skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        var browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run")));
        return new Browser(playwright, browser);
    }

    /** A fresh browser profile (own cookies), like a new person at a new machine. */
    public Page newPage() {
        return newPage(1280, 900);
    }

    /** A fresh profile with a viewport of this size (390 × 844 is a phone). */
    public Page newPage(int width, int height) {
        BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(width, height));
        context.setDefaultTimeout(20_000);
        return context.newPage();
    }

    /** Logs in through the Vaadin login form and waits for the chat view. */
    public static void login(Page page, String baseUrl, String username, String password) {
        page.navigate(baseUrl + "/login");
        page.locator("#vaadinLoginUsername input").fill(username);
        page.locator("#vaadinLoginPassword input").fill(password);
        page.locator("vaadin-button[slot='submit'], vaadin-login-form vaadin-button").first().click();
        page.locator("#message-input textarea").waitFor();
    }

    /** Collects, from now on, the page's Content Security Policy violations and script errors. */
    public static List<String> cspViolations(Page page) {
        List<String> problems = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> {
            String text = message.text();
            if (text.contains("Content Security Policy") || text.contains("Refused to")) {
                problems.add(message.type() + ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
            }
        });
        page.onPageError(error -> problems.add("page error: " + error));
        return problems;
    }

    /**
     * Waits until every Vaadin client on the page is idle: no request in flight, no response being
     * applied (TestBench's {@code waitForVaadin}). A navigation's DOM arrives before the client router
     * has settled the history entry; pressing back in that gap is a race of the framework's router,
     * not of the view under test.
     */
    public static void waitForVaadin(Page page) {
        page.waitForFunction("""
                () => { const clients = window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients;
                        return !!clients && Object.values(clients).every(c => !c.isActive || !c.isActive()); }""");
        // the router's history updates run in tasks queued after the response: let them run first
        page.evaluate("() => new Promise(done => setTimeout(() => requestAnimationFrame(() => setTimeout(done))))");
    }

    /**
     * The chat's messages as a person reads them: a long answer is spread over several items (the chat's
     * finished Markdown blocks rendered once), its continuation items joined to the item before them.
     */
    @SuppressWarnings("unchecked")
    public static List<String> messageTexts(Page page) {
        return (List<String>) page.evaluate("""
                () => { const texts = [];
                        for (const m of document.querySelectorAll('vaadin-message')) {
                          if (m.classList.contains('continuation') && texts.length) texts[texts.length - 1] += '\\n' + m.innerText;
                          else texts.push(m.innerText);
                        }
                        return texts; }""");
    }

    /**
     * Records a Chrome performance trace (the DevTools timeline: every main-thread task) while
     * {@code action} runs, and returns it as Chrome's trace JSON.
     */
    public byte[] trace(Page page, Runnable action) {
        browser.startTracing(page, new com.microsoft.playwright.Browser.StartTracingOptions()
                .setCategories(List.of("devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute")));
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            browser.stopTracing();
            throw e;
        }
        return browser.stopTracing();
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
