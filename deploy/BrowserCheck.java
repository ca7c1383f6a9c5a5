// A real browser through nginx, for deploy/check-nginx.sh (optional: it runs when Debian's chromium and
// Playwright for Java are on this machine). Logs in through the login form, sends a message in the chat
// and watches the answer grow on screen, which only Vaadin push (its WebSocket through nginx) delivers.
// Single-file source program:  java -cp <playwright jars> deploy/BrowserCheck.java BASE_URL PASSWORD LAST_WORD
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

public class BrowserCheck {
    public static void main(String[] args) throws Exception {
        String base = args[0], password = args[1], lastWord = args[2];
        boolean ok;
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            var browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium")))
                    .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")));
            Page page = browser.newContext().newPage();
            page.setDefaultTimeout(60_000);
            List<String> sockets = new CopyOnWriteArrayList<>();
            AtomicInteger frames = new AtomicInteger();
            page.onWebSocket(ws -> {
                sockets.add(ws.url().replaceAll("v-pushId=[^&]+", "v-pushId=…").replaceAll("&X-Atmosphere.*", "&…"));
                ws.onFrameReceived(frame -> frames.incrementAndGet());
            });
            page.navigate(base + "/login");
            page.locator("#vaadinLoginUsername input").fill("admin");
            page.locator("#vaadinLoginPassword input").fill(password);
            page.locator("vaadin-button[slot='submit'], vaadin-login-form vaadin-button").first().click();
            page.locator("#message-input textarea").waitFor();
            page.locator("#message-input textarea").fill("Hello from a browser behind nginx");
            page.locator("#send").click();
            var answer = page.locator("vaadin-message").nth(1);
            answer.waitFor();
            long start = System.nanoTime();
            List<String> growth = new ArrayList<>();
            int lastLength = -1;
            String text = "";
            while (System.nanoTime() - start < 60_000_000_000L) {
                text = answer.innerText();
                if (text.length() != lastLength) {
                    lastLength = text.length();
                    growth.add((System.nanoTime() - start) / 1_000_000 + "ms:" + text.length());
                }
                if (text.contains(lastWord)) {
                    break;
                }
                Thread.sleep(100);
            }
            System.out.println("websockets opened: " + sockets);
            System.out.println("frames received over them: " + frames.get());
            System.out.println("answer on screen, (ms since it appeared : characters): " + growth);
            boolean pushed = sockets.stream().anyMatch(url -> url.contains("/VAADIN/push")) && frames.get() >= 5;
            boolean streamed = text.contains(lastWord) && growth.size() >= 5;
            ok = pushed && streamed;
            System.out.println(ok ? "BROWSER OK" : "BROWSER FAILED");
        } // closes the browser and Playwright's driver
        System.exit(ok ? 0 : 1);
    }
}
