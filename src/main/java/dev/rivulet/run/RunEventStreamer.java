package dev.rivulet.run;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a run's events as Server-Sent Events: {@code id:} is the event's number in the run,
 * {@code event:} its type, {@code data:} one line of JSON. A comment keeps idle connections open.
 */
@Component
class RunEventStreamer {

    private final RunService runs;
    private final RunProperties properties;
    private final JsonMapper json;

    RunEventStreamer(RunService runs, RunProperties properties, JsonMapper json) {
        this.runs = runs;
        this.properties = properties;
        this.json = json;
    }

    /** The headers every run event stream has (also those answering a {@code POST}, see {@link RunStreams}). */
    static HttpHeaders streamHeaders(HttpHeaders headers) {
        headers.set("X-Accel-Buffering", "no");
        headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
        return headers;
    }

    SseEmitter stream(long userId, UUID runId, long afterSeq, FlushPolicy policy) {
        // The emitter outlives the longest possible run; it completes as soon as the run's end is sent.
        SseEmitter emitter = new SseEmitter(properties.maxDuration().plus(properties.maxDuration()).toMillis());
        RunSubscription subscription = runs.subscribe(userId, runId, afterSeq, policy, new RunSubscription.Sink() {
            @Override
            public void deliver(List<RunEvent> events) throws IOException {
                for (RunEvent event : events) {
                    emitter.send(SseEmitter.event().id(Long.toString(event.seq())).name(event.type().wireName())
                            .data(json.writeValueAsString(event.payload())));
                }
            }

            @Override
            public void idle() throws IOException {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            }

            @Override
            public void closed(Throwable failure) {
                if (failure == null) {
                    emitter.complete();
                } else {
                    emitter.completeWithError(failure);
                }
            }
        });
        emitter.onCompletion(subscription::close);
        emitter.onTimeout(subscription::close);
        emitter.onError(e -> subscription.close());
        return emitter;
    }
}
