package dev.rivulet.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.testsupport.ApiClient;
import dev.rivulet.testsupport.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document at {@code /v3/api-docs} against docs/api.md, both ways, so neither drifts: every
 * {@code `METHOD /path`} the page names is in the document and every operation of the document is on
 * the page (path variables compared by position, whatever their names); the SSE stream's event types
 * are the page's; every operation describes its errors as problem details.
 */
class ApiDocumentTest extends IntegrationTest {

    private static final Path API_MD = Path.of("docs/api.md");
    private static final Pattern ENDPOINT = Pattern.compile(
            "`((?:GET|POST|PUT|PATCH|DELETE)(?:/(?:GET|POST|PUT|PATCH|DELETE))*) (/api/[^`\\s?]*)");
    private static final Pattern EVENT_TYPES = Pattern.compile("`event:` `([a-z|]+)`");

    @Test
    void theDocumentIsOpenApi31AndListsExactlyTheEndpointsOfDocsApiMd() throws IOException {
        JsonNode document = document();
        assertThat(document.get("openapi").asString()).startsWith("3.1");

        Set<String> inDocument = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                inDocument.add(method.getKey().toUpperCase(Locale.ROOT) + " " + normalize(path.getKey()));
            }
        }));
        Set<String> onPage = endpointsOnPage();

        assertThat(onPage).as("endpoints docs/api.md names that the document lacks")
                .isSubsetOf(inDocument);
        assertThat(inDocument).as("operations of the document that docs/api.md does not name")
                .isSubsetOf(onPage);
        assertThat(inDocument).contains("POST /api/tokens", "GET /api/runs/{}/events", "GET /api/admin/metrics");
    }

    @Test
    void theEventStreamIsTextEventStreamWithTheEventTypesOfDocsApiMd() throws IOException {
        JsonNode document = document();
        JsonNode events = document.get("paths").get(ApiDocsConfig.EVENTS_PATH).get("get");
        JsonNode sse = events.get("responses").get("200").get("content").get("text/event-stream");
        assertThat(sse).as("text/event-stream response").isNotNull();

        Matcher types = EVENT_TYPES.matcher(Files.readString(API_MD));
        assertThat(types.find()).as("docs/api.md names the event types as `event:` `a|b|…`").isTrue();
        List<String> onPage = List.of(types.group(1).split("\\|"));
        List<String> described = new ArrayList<>();
        sse.get("x-sse-events").properties().forEach(e -> described.add(e.getKey()));
        assertThat(described).containsExactlyElementsOf(onPage).containsExactlyElementsOf(RunEventSchemas.EVENTS);

        JsonNode schemas = document.get("components").get("schemas");
        sse.get("x-sse-events").properties().forEach(e -> {
            String name = e.getValue().get("$ref").asString().replace("#/components/schemas/", "");
            assertThat(schemas.has(name)).as(name).isTrue();
        });
        assertThat(sse.get("schema").get("oneOf")).hasSize(onPage.size());
        assertThat(schemas.get("RunEventDone").get("properties").properties()).extracting(e -> e.getKey())
                .contains("status", "content", "metrics", "error");
        assertThat(events.get("responses").get("200").get("headers").has("X-Accel-Buffering")).isTrue();
        List<String> parameters = new ArrayList<>();
        events.get("parameters").forEach(p -> parameters.add(p.get("name").asString()));
        assertThat(parameters).contains("runId", "flush", "after", "Last-Event-ID");
    }

    @Test
    void everyOperationDescribesItsErrorsAsProblemDetails() {
        JsonNode document = document();
        JsonNode problem = document.get("components").get("schemas").get("ProblemDetail");
        assertThat(problem.get("properties").properties()).extracting(e -> e.getKey())
                .contains("type", "title", "status", "detail");
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            JsonNode responses = method.getValue().get("responses");
            List<String> errors = new ArrayList<>();
            responses.properties().forEach(r -> {
                if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                    assertThat(r.getValue().get("content").get(ApiDocsConfig.PROBLEM).get("schema").get("$ref")
                            .asString()).as(method.getKey() + " " + path.getKey() + " " + r.getKey())
                            .isEqualTo("#/components/schemas/ProblemDetail");
                    errors.add(r.getKey());
                }
            });
            assertThat(errors).as(method.getKey() + " " + path.getKey()).contains("401", "403", "500");
            if (path.getKey().contains("{")) {
                assertThat(errors).as(method.getKey() + " " + path.getKey()).contains("404");
            }
        }));
        JsonNode send = document.get("paths").get("/api/conversations/{conversationId}/messages").get("post");
        assertThat(send.get("responses").properties()).extracting(e -> e.getKey())
                .contains("200", "202", "400", "409", "429", "503");
        // the answer in one request: 200 text/event-stream (with where to resume), the JSON answer stays 202
        assertThat(send.get("responses").get("202").get("content").has("text/event-stream")).isFalse();
        JsonNode streamed = send.get("responses").get("200");
        assertThat(streamed.get("content").get("text/event-stream").get("x-sse-events").has("token")).isTrue();
        assertThat(streamed.get("headers").properties()).extracting(e -> e.getKey())
                .contains("Content-Location", "X-Run-Id", "X-Accel-Buffering");
        JsonNode create = document.get("paths").get("/api/conversations").get("post");
        assertThat(create.get("responses").properties()).extracting(e -> e.getKey()).contains("200", "201", "429");
        assertThat(create.get("responses").get("201").get("content").has("text/event-stream")).isFalse();
        assertThat(create.get("responses").get("200").get("headers").properties()).extracting(e -> e.getKey())
                .contains("Location", "Content-Location", "X-Run-Id", "X-Conversation-Id");
        assertThat(send.get("responses").get("429").get("headers").has("Retry-After")).isTrue();
        JsonNode mint = document.get("paths").get("/api/tokens").get("post");
        assertThat(mint.get("responses").has("201")).isTrue();
        assertThat(mint.get("security").get(0).has(ApiDocsConfig.BASIC)).isTrue();
        assertThat(document.get("components").get("securitySchemes").get(ApiDocsConfig.BEARER).get("scheme")
                .asString()).isEqualTo("bearer");
    }

    @Test
    void everySchemaReferenceResolves() {
        JsonNode document = document();
        JsonNode schemas = document.get("components").get("schemas");
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(schemas.has(ref.replace("#/components/schemas/", "")))
                .as(ref).isTrue());
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asString());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    /** The document, fetched without credentials: it is public (docs/security.md). A copy goes to target/. */
    private JsonNode document() {
        ApiClient.Response response = ApiClient.anonymous(baseUrl()).get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        try {
            Files.writeString(Path.of("target/openapi.json"), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response.json();
    }

    /** Every {@code `METHOD /api/…`} of docs/api.md ({@code `GET/POST /path`} names two). */
    static Set<String> endpointsOnPage() throws IOException {
        Set<String> endpoints = new TreeSet<>();
        Matcher matcher = ENDPOINT.matcher(Files.readString(API_MD));
        while (matcher.find()) {
            for (String method : matcher.group(1).split("/")) {
                endpoints.add(method + " " + normalize(matcher.group(2)));
            }
        }
        return endpoints;
    }

    /** {@code /api/runs/{runId}/events} and {@code /api/runs/{id}/events} are the same endpoint. */
    private static String normalize(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}
