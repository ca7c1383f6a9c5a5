package dev.rivulet.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rivulet.base.InvalidInputException;
import dev.rivulet.security.RivuletUser;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Sending messages and following runs over the API: the same runs the chat view shows. */
@RestController
class RunController {

    record SendMessage(String content, String workflow) {
    }

    /** {@code GET /api/runs/{runId}} (and the cancel's answer): a run, its figures, and its error if it did not complete. */
    record RunBody(UUID runId, UUID conversationId, long messageId, String status, String workflow, String model,
            MetricsBody metrics, @JsonInclude(JsonInclude.Include.NON_NULL) ErrorBody error) {

        static RunBody of(RunInfo info) {
            return new RunBody(info.runId(), info.conversationId(), info.messageId(), info.status().wireName(),
                    info.workflow(), info.model(), MetricsBody.of(info.metrics()), info.errorTitle() == null ? null
                            : new ErrorBody(info.errorTitle(), String.valueOf(info.errorDetail())));
        }
    }

    private final RunService runs;
    private final RunEventStreamer streamer;
    private final RunStreams streams;

    RunController(RunService runs, RunEventStreamer streamer, RunStreams streams) {
        this.runs = runs;
        this.streamer = streamer;
        this.streams = streams;
    }

    @PostMapping("/api/conversations/{conversationId}/messages")
    ResponseEntity<AcceptedRun> send(@AuthenticationPrincipal RivuletUser user,
            @PathVariable UUID conversationId, @RequestBody SendMessage body) {
        return accepted(runs.start(user.id(), conversationId, body.content(), body.workflow()));
    }

    /**
     * The same, answered in one request: under {@code Accept: text/event-stream} the run's events from
     * event 1, exactly as {@code GET /api/runs/{runId}/events} gives them. Errors before the run starts are
     * problem details as on the 202 path.
     */
    @PostMapping(path = "/api/conversations/{conversationId}/messages", produces = "text/event-stream")
    ResponseEntity<SseEmitter> sendAndStream(@AuthenticationPrincipal RivuletUser user,
            @PathVariable UUID conversationId, @RequestBody SendMessage body,
            @RequestParam(required = false) String flush) {
        return streams.startAndStream(user.id(), flush,
                () -> runs.start(user.id(), conversationId, body.content(), body.workflow()), (started, headers) -> {
                });
    }

    /** Answers the conversation's last message again, without adding it a second time. */
    @PostMapping("/api/conversations/{conversationId}/retry")
    ResponseEntity<AcceptedRun> retry(@AuthenticationPrincipal RivuletUser user,
            @PathVariable UUID conversationId) {
        return accepted(runs.retry(user.id(), conversationId));
    }

    private static ResponseEntity<AcceptedRun> accepted(StartedRun started) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(AcceptedRun.of(started));
    }

    @GetMapping("/api/runs/{runId}")
    RunBody get(@AuthenticationPrincipal RivuletUser user, @PathVariable UUID runId) {
        return RunBody.of(runs.info(user.id(), runId));
    }

    @PostMapping("/api/runs/{runId}/cancel")
    ResponseEntity<RunBody> cancel(@AuthenticationPrincipal RivuletUser user, @PathVariable UUID runId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(RunBody.of(runs.cancel(user.id(), runId)));
    }

    @GetMapping(path = "/api/runs/{runId}/events", produces = "text/event-stream")
    SseEmitter events(@AuthenticationPrincipal RivuletUser user, @PathVariable UUID runId,
            @RequestParam(required = false) String flush, @RequestParam(required = false) String after,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletResponse response) {
        FlushPolicy policy = FlushPolicy.parse(flush);
        long resumeAfter = sequence(lastEventId != null ? lastEventId : after);
        RunEventStreamer.streamHeaders(new HttpHeaders()).forEach((name, values) ->
                response.setHeader(name, values.getFirst()));
        return streamer.stream(user.id(), runId, resumeAfter, policy);
    }

    private static long sequence(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value.strip());
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("Last-Event-ID (or after) must be an event number (0 or more), not '"
                    + value + "'.");
        }
    }
}
