package dev.rivulet.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the Rivulet API as an outside program would use it: bearer token, JSON, SSE. */
public final class ApiClient {

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** One Server-Sent Event as it arrived. */
    public record SseEvent(String id, String event, String data) {
        public JsonNode json() {
            return JSON.readTree(data);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String authorization;

    private ApiClient(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    public static ApiClient anonymous(String baseUrl) {
        return new ApiClient(baseUrl, null);
    }

    public static ApiClient basic(String baseUrl, String username, String password) {
        return new ApiClient(baseUrl, "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static ApiClient bearer(String baseUrl, String token) {
        return new ApiClient(baseUrl, "Bearer " + token);
    }

    /** Creates a personal access token with the password and returns a client that uses it. */
    public static ApiClient login(String baseUrl, String username, String password) {
        Response created = basic(baseUrl, username, password).post("/api/tokens", "{\"name\":\"test\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("Could not create a token: " + created.status() + " " + created.body());
        }
        return bearer(baseUrl, created.json().get("token").asString());
    }

    /** The bearer token this client sends (for raw-socket tests). */
    public String bearerToken() {
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
    }

    public Response patch(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response send(String method, String path, String contentType, String body) {
        HttpRequest.Builder builder = request(path);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Creates a conversation and returns its id. */
    public String newConversation() {
        Response created = post("/api/conversations", "{}");
        if (created.status() != 201) {
            throw new IllegalStateException("Could not create a conversation: " + created.body());
        }
        return created.json().get("id").asString();
    }

    /** Sends a message and returns the 202 body ({@code runId}, {@code messageId}). */
    public JsonNode sendMessage(String conversationId, String content) {
        Response sent = post("/api/conversations/" + conversationId + "/messages",
                JSON.writeValueAsString(Map.of("content", content)));
        if (sent.status() != 202) {
            throw new IllegalStateException("Could not send: " + sent.status() + " " + sent.body());
        }
        return sent.json();
    }

    /** Polls {@code GET /api/runs/{id}} until the run has ended; returns its final body. */
    public JsonNode awaitEnd(String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = get("/api/runs/" + runId).json();
            if (!"running".equals(run.get("status").asString())) {
                return run;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Run " + runId + " did not end within " + timeout);
    }

    /** Sends a message to be answered by {@code workflow} and returns the 202 body ({@code runId}, {@code messageId}). */
    public JsonNode sendMessage(String conversationId, String content, String workflow) {
        Response sent = post("/api/conversations/" + conversationId + "/messages",
                JSON.writeValueAsString(Map.of("content", content, "workflow", workflow)));
        if (sent.status() != 202) {
            throw new IllegalStateException("Could not send: " + sent.status() + " " + sent.body());
        }
        return sent.json();
    }

    /** Opens the run's event stream; read it with {@link EventStream#next}. */
    public EventStream events(String runId, String query, String lastEventId) {
        HttpRequest.Builder builder = request("/api/runs/" + runId + "/events" + (query == null ? "" : "?" + query))
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        return open(builder);
    }

    /** A JSON {@code POST} under {@code Accept: text/event-stream} (an answer in one request), read as a stream. */
    public EventStream postForEvents(String path, String json) {
        return open(request(path).header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private EventStream open(HttpRequest.Builder builder) {
        try {
            HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new EventStream(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads all events of a run until {@code done} (or the stream closes). */
    public List<SseEvent> allEvents(String runId, String query) {
        try (EventStream stream = events(runId, query, null)) {
            return stream.readUntil(e -> "done".equals(e.event()));
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A live SSE connection. Comment lines are counted, not returned. */
    public static final class EventStream implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final BufferedReader reader;
        private int comments;

        EventStream(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        }

        public int status() {
            return response.statusCode();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public int comments() {
            return comments;
        }

        /** The rest of the body as text (for an answer that is not a stream, such as a problem). */
        public String body() {
            try {
                return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next event, or null when the server closed the stream. */
        public SseEvent next() {
            String id = null;
            String event = "message";
            StringBuilder data = null;
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            return new SseEvent(id, event, data.toString());
                        }
                        continue;
                    }
                    if (line.startsWith(":")) {
                        comments++;
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        String value = line.substring(5);
                        value = value.startsWith(" ") ? value.substring(1) : value;
                        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }

        public List<SseEvent> readUntil(Predicate<SseEvent> last) {
            List<SseEvent> events = new ArrayList<>();
            for (SseEvent e = next(); e != null; e = next()) {
                events.add(e);
                if (last.test(e)) {
                    break;
                }
            }
            return events;
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                // closing is best effort
            }
        }
    }
}
