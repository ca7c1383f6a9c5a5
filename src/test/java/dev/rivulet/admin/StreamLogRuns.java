package dev.rivulet.admin;

import dev.rivulet.conversation.MessageMetrics;
import dev.rivulet.run.DonePayload;
import dev.rivulet.run.MetricsBody;
import dev.rivulet.run.NodePayload;
import dev.rivulet.run.RunEvent;
import dev.rivulet.run.RunPayload;
import dev.rivulet.run.RunFinished;
import dev.rivulet.run.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Event logs shaped like the chat workflow's: {@code run}, the node started, its tokens, the node
 * finished with its answer as a state update, {@code done} with the answer again. Every 500 tokens
 * the text holds an e-mail address split across tokens, so redaction has work to do.
 */
final class StreamLogRuns {

    private static final String[] WORDS = {" The", " stream", " log", " keeps", " every", " token", " of", " a",
        " run,", " redacted", " once", " when", " it", " ends."};
    private static final String[] SECRET = {" mail", " bob.jo", "nes@exa", "mple.org"};

    private StreamLogRuns() {
    }

    static List<String> tokens(int count) {
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int inSecret = i % 500;
            tokens.add(inSecret < SECRET.length ? SECRET[inSecret] : WORDS[i % WORDS.length]);
        }
        return tokens;
    }

    /** The event log of a completed one-node run that streamed {@code tokens}. */
    static List<RunEvent> chat(UUID runId, List<String> tokens) {
        List<RunEvent> events = new ArrayList<>(tokens.size() + 4);
        RunPayload run = new RunPayload(runId, UUID.randomUUID(), "chat", "llama3.2",
                new RunPayload.Settings(0.7, null));
        events.add(new RunEvent(1, RunEvent.Type.RUN, null, null, run, 3));
        events.add(new RunEvent(2, RunEvent.Type.NODE, "answer", null, node("started", null), 4));
        StringBuilder text = new StringBuilder();
        for (String token : tokens) {
            text.append(token);
            events.add(new RunEvent(events.size() + 1, RunEvent.Type.TOKEN, "answer", token, null,
                    60 + events.size() / 20));
        }
        String answer = text.toString();
        Map<String, Object> update = Map.of("messages", List.of(Map.of("role", "assistant", "content", answer)));
        long end = 60 + events.size() / 20;
        events.add(new RunEvent(events.size() + 1, RunEvent.Type.NODE, "answer", null, node("finished", update), end));
        DonePayload done = new DonePayload("completed", answer, new MetricsBody(61L, end, tokens.size(), 20.0, "stop"),
                null, null);
        events.add(new RunEvent(events.size() + 1, RunEvent.Type.DONE, null, null, done, end + 1));
        return events;
    }

    static RunFinished finished(UUID runId, List<RunEvent> events) {
        return new RunFinished(runId, 1L, UUID.randomUUID(), "chat", "llama3.2", 0.7, null, RunStatus.COMPLETED,
                new MessageMetrics(61L, 600L, events.size() - 4, 20.0, "stop"), null, Instant.now(), events);
    }

    private static NodePayload node(String phase, Map<String, Object> update) {
        return new NodePayload("answer", phase, update);
    }
}
