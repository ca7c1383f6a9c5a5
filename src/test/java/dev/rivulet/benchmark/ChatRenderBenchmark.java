package dev.rivulet.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import dev.rivulet.testsupport.Browser;
import dev.rivulet.testsupport.BrowserTest;
import dev.rivulet.testsupport.ChatExchange;
import dev.rivulet.testsupport.ChatRequestSeen;
import dev.rivulet.testsupport.ChatScript;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.ObjectName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10's browser figures, in a real headless Chromium following answers over Vaadin push: what a
 * 10,000-token answer costs the page's main thread, and how fresh what the page shows stays as more
 * tabs follow answers at once. Run on request (docs/benchmarks.md); prints {@code BENCH} lines and
 * asserts only that the answers arrived whole.
 */
@Tag("benchmark")
@TestPropertySource(properties = {"rivulet.runs.max-tokens=20000", "rivulet.runs.idle-timeout=10s"})
class ChatRenderBenchmark extends BrowserTest {

    private static final int LONG_ANSWER_TOKENS = Integer.getInteger("bench.renderTokens", 10_000);
    private static final Duration LONG_ANSWER_TOKEN_DELAY = Duration.ofMillis(Long.getLong("bench.renderTokenMs", 2));
    private static final List<Integer> TAB_LEVELS = Arrays.stream(System.getProperty("bench.tabs", "1,5,10,20,40")
            .split(",")).map(String::strip).map(Integer::parseInt).toList();

    /** Prose with a paragraph break every 60 tokens; token i carries the marker {@code w<i>} so the page can tell how far it is. */
    private static String token(int i) {
        return (i % 60 == 59 ? " w" + i + ".\n\n" : " w" + i);
    }

    /**
     * A 10,000-token answer (about 70,000 characters) at 500 tokens/s, with the DevTools timeline
     * recorded: the longest main-thread task of the page while it streams, and its scripting time.
     */
    @Test
    void aLongAnswerStreamedIntoThePage() throws Exception {
        MODEL.enqueue(ChatScript.generated(LONG_ANSWER_TOKENS, ChatRenderBenchmark::token)
                .delays(Duration.ofMillis(50), LONG_ANSWER_TOKEN_DELAY));
        Page page = browser.newPage();
        Browser.login(page, baseUrl(), newUser(), PASSWORD);
        CDPSession cdp = page.context().newCDPSession(page);
        cdp.send("Performance.enable");
        Map<String, Double> before = metrics(cdp);
        String last = token(LONG_ANSWER_TOKENS - 1).strip();
        long started = System.nanoTime();
        byte[] trace = browser.trace(page, () -> {
            page.locator("#message-input textarea").fill("Tell me a long story.");
            page.locator("#send").click();
            page.locator("vaadin-message").nth(1).waitFor();
            long deadline = System.currentTimeMillis() + 180_000;
            // the answer is spread over several items: its last token is in the last one
            while (!page.locator("vaadin-message").last().innerText().contains(last)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the answer did not arrive whole");
                }
                page.waitForTimeout(250);
            }
        });
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        Map<String, Double> after = metrics(cdp);
        Tasks tasks = Tasks.of(trace);
        Path traceFile = Path.of("target", "bench", "render-trace.json");
        Files.createDirectories(traceFile.getParent());
        Files.write(traceFile, trace);

        assertThat(tasks.durationsMs()).as("main-thread tasks in the trace").isNotEmpty();
        System.out.printf(Locale.ROOT, "BENCH render: %d tokens in %.1f s; page main thread: longest task %.1f ms, "
                        + "tasks over 50 ms %d, over 16 ms %d, busy %.1f %% of the time (tasks %.0f ms); "
                        + "scripting %.0f ms, layout %.0f ms, style %.0f ms (Performance.getMetrics)%n",
                LONG_ANSWER_TOKENS, wallSeconds, tasks.longestMs(), tasks.over(50), tasks.over(16),
                100 * tasks.totalMs() / 1000 / wallSeconds, tasks.totalMs(),
                1000 * (after.get("ScriptDuration") - before.get("ScriptDuration")),
                1000 * (after.get("LayoutDuration") - before.get("LayoutDuration")),
                1000 * (after.get("RecalcStyleDuration") - before.get("RecalcStyleDuration")));
        System.out.printf(Locale.ROOT, "BENCH render: longest tasks (ms) %s; trace in %s (chrome://tracing, "
                + "or the Performance panel of Chrome's DevTools)%n", tasks.longest(10), traceFile);
    }

    /**
     * N tabs, each a person of its own following an answer of 100 tokens at 20 tokens/s, started
     * together. A page notes when each token first shows (a MutationObserver reading the newest
     * marker); the scripted model notes when it sent it. Two figures per level: the freshness of each
     * update (the newest token it shows: shown − sent), and per token (which includes the wait for the
     * next push, up to {@code rivulet.chat.push-interval}, 100 ms).
     */
    @Test
    void tabsFollowingAnswersAtOnce() throws Exception {
        Map<String, Integer> tokensByPrompt = new ConcurrentHashMap<>();
        MODEL.defaultResponder(request -> ChatScript.generated(100, i -> " w" + i)
                .delays(Duration.ofMillis(50), Duration.ofMillis(50)));
        for (int tabs : TAB_LEVELS) {
            List<Page> pages = new ArrayList<>();
            for (int i = 0; i < tabs; i++) {
                Page page = browser.newPage();
                Browser.login(page, baseUrl(), newUser(), PASSWORD);
                page.evaluate(OBSERVER);
                pages.add(page);
            }
            int exchangesBefore = MODEL.exchanges().size();
            for (int i = 0; i < tabs; i++) {
                pages.get(i).locator("#message-input textarea").fill("tabs " + tabs + " story " + i);
            }
            for (Page page : pages) {
                page.locator("#send").click();
            }
            for (Page page : pages) {
                long deadline = System.currentTimeMillis() + 120_000;
                while (!(Boolean) page.evaluate("() => window.__seen.has(99)")) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new AssertionError("a tab did not get its whole answer");
                    }
                    page.waitForTimeout(100);
                }
            }
            Map<String, ChatExchange> exchanges = new HashMap<>();
            for (ChatExchange exchange : MODEL.exchanges().subList(exchangesBefore, MODEL.exchanges().size())) {
                ChatRequestSeen request = exchange.request();
                exchanges.put(request.lastUserMessage(), exchange);
            }
            List<Double> perToken = new ArrayList<>();
            List<Double> perUpdate = new ArrayList<>();
            for (int i = 0; i < tabs; i++) {
                ChatExchange exchange = exchanges.get("tabs " + tabs + " story " + i);
                assertThat(exchange).as("the model saw tab " + i).isNotNull();
                double startMs = exchange.startedAt().toEpochMilli() + exchange.startedAt().getNano() % 1_000_000 / 1e6;
                List<Duration> sent = exchange.tokenOffsets();
                @SuppressWarnings("unchecked")
                Map<String, Object> seen = (Map<String, Object>) pages.get(i).evaluate(
                        "() => Object.fromEntries([...window.__seen].map(([k, v]) => [String(k), v]))");
                @SuppressWarnings("unchecked")
                List<Object> updates = (List<Object>) pages.get(i).evaluate("() => window.__updates");
                for (int t = 0; t < sent.size(); t++) {
                    Object shown = seen.get(String.valueOf(t));
                    if (shown != null) {
                        perToken.add(((Number) shown).doubleValue() - (startMs + sent.get(t).toNanos() / 1e6));
                    }
                }
                for (Object update : updates) {
                    @SuppressWarnings("unchecked")
                    List<Number> u = (List<Number>) update;
                    int newest = u.get(1).intValue();
                    if (newest < sent.size()) {
                        perUpdate.add(u.get(0).doubleValue() - (startMs + sent.get(newest).toNanos() / 1e6));
                    }
                }
            }
            pages.forEach(page -> page.context().close());
            System.out.printf(Locale.ROOT, "BENCH tabs=%d: freshness of each update p50/p99/max %.0f/%.0f/%.0f ms "
                            + "(%d updates); per token p50/p99 %.0f/%.0f ms (%d tokens)%n",
                    tabs, pct(perUpdate, 50), pct(perUpdate, 99), pct(perUpdate, 100), perUpdate.size(),
                    pct(perToken, 50), pct(perToken, 99), perToken.size());
            assertThat(perToken).as("every token of every tab was seen").hasSize(tabs * 100);
        }
    }

    /**
     * The heap an idle logged-in chat tab holds on the server (its Vaadin session and UI): live objects
     * of this JVM, which also runs the application, counted by the class histogram (as {@code jcmd GC.class_histogram}) before
     * and after {@code bench.sessions} people log in and leave the chat open.
     */
    @Test
    void idleLoggedInSessions() throws Exception {
        int sessions = Integer.getInteger("bench.sessions", 30);
        Page warm = browser.newPage();
        Browser.login(warm, baseUrl(), newUser(), PASSWORD); // classes and caches loaded before the baseline
        Map<String, long[]> before = liveHeap();
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Page page = browser.newPage();
            Browser.login(page, baseUrl(), newUser(), PASSWORD);
            pages.add(page);
        }
        pages.getLast().waitForTimeout(2_000); // let every tab settle (push connected, heartbeats)
        Map<String, long[]> after = liveHeap();
        long grown = total(after) - total(before);
        System.out.printf(Locale.ROOT, "BENCH idle sessions: %d logged-in chat tabs hold %.0f KB of live heap each "
                + "(%.1f MB in all); grown most, per tab:%n", sessions, grown / 1024.0 / sessions, grown / 1048576.0);
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf(Locale.ROOT, "BENCH   %8.1f KB  %s%n", e.getValue() / 1024.0 / sessions,
                        e.getKey()));
        pages.forEach(page -> page.context().close());
        warm.context().close();
        assertThat(grown).isPositive();
    }

    /** The live objects of this JVM by class, {instances, bytes} (the class histogram, which collects first), asked in-process. */
    private static Map<String, long[]> liveHeap() throws Exception {
        String out = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> byClass = new HashMap<>();
        out.lines().map(String::strip).forEach(line -> {
            String[] f = line.split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        });
        return byClass;
    }

    private static long total(Map<String, long[]> histogram) {
        return histogram.values().stream().mapToLong(v -> v[1]).sum();
    }

    /** In the page: when each marker w<i> first shows in the answer, and each update's newest marker. */
    private static final String OBSERVER = """
            () => {
              window.__seen = new Map(); window.__updates = []; let newest = -1;
              const check = () => {
                const messages = document.querySelectorAll('vaadin-message');
                if (messages.length < 2) return;
                const text = messages[messages.length - 1].textContent;
                const now = performance.timeOrigin + performance.now();
                const re = / w(\\d+)/g; let m, top = newest;
                re.lastIndex = Math.max(0, text.length - 400);
                while ((m = re.exec(text)) !== null) top = Math.max(top, Number(m[1]));
                if (top > newest) {
                  for (let i = newest + 1; i <= top; i++) window.__seen.set(i, now);
                  newest = top; window.__updates.push([now, top]);
                }
              };
              new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true});
            }""";

    private static Map<String, Double> metrics(CDPSession cdp) {
        Map<String, Double> out = new HashMap<>();
        cdp.send("Performance.getMetrics").getAsJsonArray("metrics").forEach(m -> out.put(
                m.getAsJsonObject().get("name").getAsString(), m.getAsJsonObject().get("value").getAsDouble()));
        return out;
    }

    private static double pct(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The page renderer's main-thread tasks ({@code RunTask} on {@code CrRendererMain}) in a Chrome trace. */
    record Tasks(List<Double> durationsMs) {

        static Tasks of(byte[] trace) {
            JsonNode events = JsonMapper.builder().build().readTree(trace).get("traceEvents");
            Map<String, Double> busyByThread = new HashMap<>();
            Map<String, List<Double>> tasksByThread = new HashMap<>();
            Set<String> rendererMains = new HashSet<>();
            for (JsonNode e : events) {
                String thread = e.path("pid").asString() + "/" + e.path("tid").asString();
                if ("thread_name".equals(e.path("name").asString())
                        && "CrRendererMain".equals(e.path("args").path("name").asString())) {
                    rendererMains.add(thread);
                }
                if ("RunTask".equals(e.path("name").asString()) && "X".equals(e.path("ph").asString())) {
                    double ms = e.path("dur").asDouble() / 1000;
                    tasksByThread.computeIfAbsent(thread, t -> new ArrayList<>()).add(ms);
                    busyByThread.merge(thread, ms, Double::sum);
                }
            }
            // The page under test is the renderer main thread that was busiest.
            String page = busyByThread.entrySet().stream().filter(t -> rendererMains.contains(t.getKey()))
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            return new Tasks(page == null ? List.of() : tasksByThread.get(page));
        }

        double longestMs() {
            return durationsMs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        double totalMs() {
            return durationsMs.stream().mapToDouble(Double::doubleValue).sum();
        }

        long over(double ms) {
            return durationsMs.stream().filter(d -> d > ms).count();
        }

        List<String> longest(int n) {
            return durationsMs.stream().sorted(Comparator.reverseOrder()).limit(n)
                    .map(d -> String.format(Locale.ROOT, "%.1f", d)).toList();
        }
    }
}
