package dev.rivulet.run;

import dev.rivulet.base.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted token source for demos without a model server (the streaming lab's synthetic mode): a
 * given text, split into word tokens, appended to a run log of its own at a chosen rate on a virtual
 * thread, then {@code done}. Subscribers use the real {@link RunSubscription} and {@link FlushPolicy}
 * code, so what a demo shows about flushing is what real runs do. It is never stored or counted.
 */
public final class SyntheticRun implements AutoCloseable {

    /** Tokens: a word with the space after it, or a run of other characters. */
    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*|\\s+");
    public static final String NODE = "synthetic";

    /** The {@code run} event of a synthetic run: no ids, it is never stored; the rate it writes at. */
    public record Started(String workflow, String model, int tokensPerSecond) implements RunEvent.Payload {
    }

    private final RunLog log = new RunLog();
    private final Thread writer;
    private volatile boolean stopped;

    private SyntheticRun(String text, int tokensPerSecond, Duration firstTokenDelay) {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, tokensPerSecond);
        log.append(RunEvent.Type.RUN, null, null, new Started(NODE, "synthetic", tokensPerSecond));
        writer = Thread.ofVirtual().name("synthetic-run").start(() -> write(text, intervalNanos, firstTokenDelay));
    }

    /** Starts writing {@code text} at {@code tokensPerSecond} (1 to 1000) after {@code firstTokenDelay}. */
    public static SyntheticRun start(String text, int tokensPerSecond, Duration firstTokenDelay) {
        if (tokensPerSecond < 1 || tokensPerSecond > 1000) {
            throw new InvalidInputException("The synthetic rate must be 1 to 1000 tokens per second.");
        }
        return new SyntheticRun(text, tokensPerSecond, firstTokenDelay);
    }

    /** The text split as it will be streamed. */
    static List<String> tokens(String text) {
        Matcher matcher = TOKEN.matcher(text);
        List<String> tokens = new ArrayList<>();
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    public RunSubscription subscribe(FlushPolicy policy, RunSubscription.Sink sink) {
        return new RunSubscription(log, 0, policy, Duration.ofSeconds(15), sink).start();
    }

    private void write(String text, long intervalNanos, Duration firstTokenDelay) {
        long started = System.nanoTime();
        StringBuilder content = new StringBuilder();
        String status = "completed";
        Long ttft = null;
        int count = 0;
        try {
            long next = started + firstTokenDelay.toNanos();
            for (String token : tokens(text)) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (stopped) {
                    status = "cancelled";
                    break;
                }
                log.append(RunEvent.Type.TOKEN, NODE, token, null);
                if (ttft == null) {
                    ttft = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                }
                content.append(token);
                count++;
                next += intervalNanos;
            }
        } catch (InterruptedException e) {
            status = "cancelled";
        }
        long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        MetricsBody metrics = new MetricsBody(ttft, total, count, ttft == null || total <= ttft ? null
                : Math.round(count * 10000.0 / (total - ttft)) / 10.0, "synthetic");
        log.append(RunEvent.Type.DONE, null, null, new DonePayload(status, content.toString(), metrics, null, null));
    }

    /** Stops writing; the run ends {@code cancelled}. */
    @Override
    public void close() {
        stopped = true;
        writer.interrupt();
    }
}
