package dev.rivulet.run;

import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Answers in one request: starts a run and answers with its event stream from event 1, through the
 * same writer as {@code GET /api/runs/{runId}/events} ({@link RunEventStreamer}). The response says
 * where the stream can be resumed ({@code Content-Location}, with {@code Last-Event-ID}); closing it
 * early is closing a subscriber, the run goes on.
 */
@Component
public class RunStreams {

    private final RunEventStreamer streamer;

    RunStreams(RunEventStreamer streamer) {
        this.streamer = streamer;
    }

    /**
     * Checks {@code flush} (before anything starts, so a bad value is a 400 with no run), runs {@code start}
     * and answers with the run's events; {@code headers} may add to the response's headers.
     */
    public ResponseEntity<SseEmitter> startAndStream(long userId, String flush, Supplier<StartedRun> start,
            BiConsumer<StartedRun, HttpHeaders> headers) {
        FlushPolicy policy = FlushPolicy.parse(flush);
        StartedRun started = start.get();
        HttpHeaders responseHeaders = new HttpHeaders();
        String events = eventsPath(started.runId());
        responseHeaders.set(HttpHeaders.CONTENT_LOCATION, events);
        responseHeaders.set("X-Run-Id", started.runId().toString());
        responseHeaders.set("X-Message-Id", Long.toString(started.messageId()));
        headers.accept(started, responseHeaders);
        SseEmitter emitter = streamer.stream(userId, started.runId(), 0, policy);
        return ResponseEntity.ok().headers(RunEventStreamer.streamHeaders(responseHeaders)).body(emitter);
    }

    /** Where a run's events are read (and resumed with {@code Last-Event-ID}). */
    public static String eventsPath(UUID runId) {
        return "/api/runs/" + runId + "/events";
    }
}
