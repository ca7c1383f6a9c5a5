package dev.rivulet.chat.ui;

import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.run.RunEvent;
import java.util.List;

/**
 * TTFT and tokens/s while an answer streams; replaced by the saved figures when it ends. A token
 * event may stand for several tokens (its number is the last one's, its offset the first one's),
 * so the rate counts the tokens that arrived between the first token and the latest event's start.
 */
final class LiveFigures {
    private long lastSeq;
    private long tokens;
    private long tokensBeforeLatest;
    private Long firstTokenMs;
    private long latestTokenMs;
    private long lastOffsetMs;

    void add(List<RunEvent> events) {
        for (RunEvent event : events) {
            lastOffsetMs = Math.max(lastOffsetMs, event.offsetMs());
            if (event.type() == RunEvent.Type.TOKEN) {
                if (firstTokenMs == null) {
                    firstTokenMs = event.offsetMs();
                } else {
                    tokensBeforeLatest = tokens;
                }
                tokens += event.seq() - lastSeq;
                latestTokenMs = event.offsetMs();
            }
            lastSeq = event.seq();
        }
    }

    MessageMetrics metrics() {
        Double rate = firstTokenMs != null && latestTokenMs > firstTokenMs && tokensBeforeLatest > 0
                ? Math.round(tokensBeforeLatest * 10000.0 / (latestTokenMs - firstTokenMs)) / 10.0 : null;
        return new MessageMetrics(firstTokenMs, lastOffsetMs, (int) tokens, rate, null);
    }
}
