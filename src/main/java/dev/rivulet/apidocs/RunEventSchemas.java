package dev.rivulet.apidocs;

import static dev.rivulet.apidocs.ProblemSchemas.enumOf;
import static dev.rivulet.apidocs.ProblemSchemas.ref;
import static dev.rivulet.apidocs.ProblemSchemas.type;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/runs/{runId}/events} in the document: a {@code text/event-stream} whose messages
 * are one of the run's event types. OpenAPI 3.1 has no notion of a stream of messages (3.2 adds
 * {@code itemSchema}), so the response's schema is a {@code oneOf} of the messages, each with its
 * {@code id}, {@code event} and JSON {@code data}, and {@code x-sse-events} maps each event name to
 * its data's schema for tools that read it.
 */
final class RunEventSchemas {

    /** The event names, in the order a run emits them (docs/api.md, "Runs"). */
    static final List<String> EVENTS = List.of("run", "node", "token", "done");

    private RunEventSchemas() {
    }

    static void addTo(Components components) {
        components.addSchemas("RunMetrics", type("object", "A run's figures (null until known)")
                .addProperty("ttftMs", type("integer", "Send → first token, ms"))
                .addProperty("totalMs", type("integer", "Send → end, ms"))
                .addProperty("tokens", type("integer", "The model's eval_count, or chunks received"))
                .addProperty("tokensPerSecond", type("number", "The model's own eval rate, or Rivulet's"))
                .addProperty("doneReason", type("string", "The model server's done_reason, e.g. stop, length")));
        components.addSchemas("RunEventRun", type("object", "event: run — the run started")
                .addProperty("runId", type("string").format("uuid"))
                .addProperty("conversationId", type("string").format("uuid"))
                .addProperty("workflow", type("string"))
                .addProperty("model", type("string"))
                .addProperty("settings", type("object")
                        .addProperty("temperature", type("number"))
                        .addProperty("maxTokens", type("integer")))
                .required(List.of("runId", "conversationId", "workflow", "model")));
        components.addSchemas("RunEventNode", type("object", "event: node — a workflow node started or finished")
                .addProperty("node", type("string"))
                .addProperty("phase", enumOf(null, "started", "finished"))
                .addProperty("update", type("object", "The node's state update (when finished)"))
                .required(List.of("node", "phase")));
        components.addSchemas("RunEventToken", type("object", "event: token — text from a node; several tokens may be "
                + "coalesced by the flush policy; a node's token texts concatenate to its final text")
                .addProperty("node", type("string"))
                .addProperty("text", type("string"))
                .required(List.of("node", "text")));
        Schema<Object> error = type("object").addProperty("title", type("string")).addProperty("detail", type("string"));
        components.addSchemas("RunEventDone", type("object", "event: done — the run ended; then the server closes")
                .addProperty("status", enumOf(null, "completed", "cancelled", "truncated", "failed", "interrupted"))
                .addProperty("content", type("string", "The final text (the output node's, for a workflow)"))
                .addProperty("metrics", ref("RunMetrics"))
                .addProperty("nodes", type("object", "Each node's text, for multi-node runs")
                        .additionalProperties(type("string")))
                .addProperty("error", error)
                .required(List.of("status", "content", "metrics")));
    }

    static void describeStream(Operation operation) {
        operation.description("Server-Sent Events: each message has `id:` (its number in the run, from 1), `event:` "
                + "(" + String.join(", ", EVENTS) + ") and one line of JSON `data:`. A comment `: keep-alive` "
                + "comes at least every 15 s while idle. After `done` the server closes the stream. Resume with "
                + "`Last-Event-ID: N` or `after=N`: events N+1… with none repeated or lost.");
        streamResponse(operation.getResponses().get("200"),
                "The run's events, replayed from the start (or after the resume point), then live");
        describeParameters(operation);
        // a same-origin EventSource with the UI's session cookie is accepted here too (docs/api.md)
        operation.addExtension("x-session-cookie", "accepted for a same-origin EventSource");
    }

    /**
     * A {@code POST} that answers with the run's event stream under {@code Accept: text/event-stream}
     * (docs/api.md, "An answer in one request"): its {@code 200}, taken out of the JSON answer's
     * {@code jsonStatus} (201/202), where springdoc put both handler methods' media types.
     */
    static void describeOneRequestStream(Operation operation, String jsonStatus, boolean createsConversation) {
        ApiResponses responses = operation.getResponses();
        ApiResponse json = responses == null ? null : responses.get(jsonStatus);
        if (json == null || json.getContent() == null || json.getContent().remove("text/event-stream") == null) {
            return;
        }
        ApiResponse ok = streamResponse(new ApiResponse(), "Under Accept: text/event-stream: the run is started and "
                + "its events follow from event 1, exactly as GET /api/runs/{runId}/events gives them; resume a lost "
                + "stream there with Last-Event-ID")
                .addHeaderObject("Content-Location", new Header().description("/api/runs/{runId}/events: where to "
                        + "resume (with Last-Event-ID)").schema(type("string")))
                .addHeaderObject("X-Run-Id", new Header().description("The run's id").schema(type("string")))
                .addHeaderObject("X-Message-Id", new Header().description("The answer's message id")
                        .schema(type("integer")));
        if (createsConversation) {
            ok.addHeaderObject("Location", new Header().description("/api/conversations/{id}: the new conversation")
                    .schema(type("string")))
                    .addHeaderObject("X-Conversation-Id", new Header().description("The new conversation's id")
                            .schema(type("string")));
        }
        responses.addApiResponse("200", ok);
        describeParameters(operation);
    }

    private static ApiResponse streamResponse(ApiResponse ok, String description) {
        List<Schema> messages = new ArrayList<>();
        Map<String, Object> byName = new LinkedHashMap<>();
        for (String event : EVENTS) {
            String payload = "RunEvent" + Character.toUpperCase(event.charAt(0)) + event.substring(1);
            messages.add(type("object", "An SSE message `event: " + event + "`")
                    .addProperty("id", type("integer", "The event's number in the run, from 1"))
                    .addProperty("event", enumOf(null, event))
                    .addProperty("data", ref(payload))
                    .required(List.of("id", "event", "data")));
            byName.put(event, Map.of("$ref", "#/components/schemas/" + payload));
        }
        // no type: the body is text, each message of it one of these (framed as id:, event:, data: lines)
        Schema<Object> stream = new Schema<>().description("Each SSE message of the stream is one of these");
        stream.setOneOf(messages);
        MediaType sse = new MediaType().schema(stream);
        sse.addExtension("x-sse-events", byName);
        ok.description(description)
                .content(new Content().addMediaType("text/event-stream", sse))
                .addHeaderObject("X-Accel-Buffering", new Header().description("no: proxies must not buffer")
                        .schema(type("string")))
                .addHeaderObject("Cache-Control", new Header().schema(type("string")));
        return ok;
    }

    private static void describeParameters(Operation operation) {
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                switch (parameter.getName()) {
                    case "flush" -> parameter.description("This subscriber's flush policy: token, batch:N or time:MS "
                            + "(default time:100)");
                    case "after" -> parameter.description("Resume after event N (as Last-Event-ID)");
                    case "Last-Event-ID" -> parameter.description("Resume after event N: events N+1… follow");
                    default -> {
                    }
                }
            }
        }
    }
}
