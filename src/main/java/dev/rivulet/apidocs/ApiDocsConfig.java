package dev.rivulet.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document at {@code /v3/api-docs} (springdoc, from the controllers as they are),
 * completed here with what springdoc cannot see: the bearer and Basic schemes, the success statuses
 * set through {@code ResponseEntity}, the problem-details errors, and the SSE stream's event types.
 * Controllers stay free of documentation annotations; the prose contract is docs/api.md, and
 * {@code ApiDocumentTest} keeps the two in step.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfig {

    static final String BEARER = "bearer";
    static final String BASIC = "basic";
    static final String PROBLEM = "application/problem+json";
    static final String EVENTS_PATH = "/api/runs/{runId}/events";

    /** Statuses a controller sets through {@code ResponseEntity}, which springdoc reads as 200. */
    private static final Map<String, String> SUCCESS = Map.of(
            "POST /api/tokens", "201",
            "POST /api/conversations", "201",
            "POST /api/admin/users", "201",
            "POST /api/conversations/{conversationId}/messages", "202",
            "POST /api/conversations/{conversationId}/retry", "202",
            "POST /api/runs/{runId}/cancel", "202");

    /** Operations that answer with the run's event stream under {@code Accept: text/event-stream}. */
    private static final Set<String> ONE_REQUEST = Set.of("POST /api/conversations",
            "POST /api/conversations/{conversationId}/messages");

    /** Errors beyond those every operation can give (see {@link #problems}), as docs/api.md lists them. */
    private static final Map<String, List<String>> ERRORS = Map.of(
            "POST /api/tokens", List.of("429"),
            "POST /api/conversations", List.of("429", "503"),
            "POST /api/conversations/{conversationId}/messages", List.of("409", "429", "503"),
            "POST /api/conversations/{conversationId}/retry", List.of("409", "429", "503"),
            "GET /api/models", List.of("503"),
            "PATCH /api/admin/users/{id}", List.of("409"));

    private static final Map<String, String> REASONS = Map.of(
            "400", "Invalid input: the detail names the field or parameter and what is allowed",
            "401", "No valid bearer token (or, except on POST /api/tokens, HTTP Basic was sent: \"Use a bearer token\")",
            "403", "Authenticated without the role this endpoint needs",
            "404", "No such resource, or another person's (its existence is not revealed)",
            "409", "Conflict with the current state (e.g. the conversation already has a run going)",
            "429", "Too many requests; the Retry-After header says how many seconds to wait",
            "500", "Unexpected error; the detail never holds a stack trace",
            "503", "The model server is unreachable (the detail names the URL), or the server is shutting down");

    @Bean
    OpenAPI rivuletOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Rivulet API").version("1")
                        .description("Chat with a local LLM, streamed token by token. The prose contract, with every "
                                + "rule this document cannot express, is docs/api.md.")
                        .license(new License().name("See the repository")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A personal access token (rvt_…) from POST /api/tokens"))
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("Username and password: accepted by POST /api/tokens only")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer rivuletApiCustomizer() {
        return openApi -> {
            // ApiFallbackController's /api/** is the 404 for unknown paths, not an endpoint
            openApi.getPaths().keySet().removeIf(path -> path.contains("*"));
            Components components = openApi.getComponents();
            components.addSchemas("ProblemDetail", ProblemSchemas.problemDetail());
            RunEventSchemas.addTo(components);
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                String key = method.name() + " " + path;
                operation.setTags(List.of(tag(path)));
                fixSuccessStatus(operation, SUCCESS.get(key));
                if (ONE_REQUEST.contains(key)) {
                    RunEventSchemas.describeOneRequestStream(operation, SUCCESS.get(key),
                            key.equals("POST /api/conversations"));
                }
                problems(operation, path, key);
                if (key.equals("POST /api/tokens")) {
                    operation.setSecurity(List.of(new SecurityRequirement().addList(BASIC)));
                }
            }));
            PathItem events = openApi.getPaths().get(EVENTS_PATH);
            if (events != null && events.getGet() != null) {
                RunEventSchemas.describeStream(events.getGet());
            }
            // springdoc's schema of the controller's return type, no longer referenced
            components.getSchemas().remove("SseEmitter");
            openApi.setTags(TAGS.stream().map(t -> new Tag().name(t)).toList());
        };
    }

    /** Operations grouped as docs/api.md groups them, rather than by controller class. */
    private static final List<String> TAGS = List.of("Authentication", "Conversations", "Runs", "Workflows", "Models",
            "Admin");

    static String tag(String path) {
        if (path.startsWith("/api/admin")) {
            return "Admin";
        }
        if (path.startsWith("/api/runs") || path.endsWith("/messages") || path.endsWith("/retry")) {
            return "Runs";
        }
        if (path.startsWith("/api/conversations")) {
            return "Conversations";
        }
        if (path.startsWith("/api/workflows")) {
            return "Workflows";
        }
        if (path.startsWith("/api/models")) {
            return "Models";
        }
        return "Authentication";
    }

    private static void fixSuccessStatus(Operation operation, String status) {
        ApiResponses responses = operation.getResponses();
        if (status == null || responses == null || !responses.containsKey("200")) {
            return;
        }
        ApiResponse ok = responses.remove("200");
        responses.addApiResponse(status, ok.description(status.equals("201") ? "Created" : "Accepted"));
    }

    /**
     * Problem-details errors for every operation: 401, 403 and 500 anywhere; 400 where there is input;
     * 404 where a path names a resource; the operation's own from {@link #ERRORS}. They replace what
     * springdoc guessed from the exception handler, whose media type it cannot see.
     */
    private static void problems(Operation operation, String path, String key) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.keySet().removeIf(status -> status.startsWith("4") || status.startsWith("5"));
        List<String> statuses = new ArrayList<>(List.of("401", "403", "500"));
        boolean input = operation.getRequestBody() != null || (operation.getParameters() != null
                && operation.getParameters().stream().map(Parameter::getIn).anyMatch(in -> !"path".equals(in)));
        if (input || path.contains("{")) {
            statuses.add("400"); // a malformed id is a 400 too
        }
        if (path.contains("{")) {
            statuses.add("404");
        }
        statuses.addAll(ERRORS.getOrDefault(key, List.of()));
        statuses.stream().sorted().forEach(status -> {
            ApiResponse response = new ApiResponse().description(REASONS.get(status))
                    .content(new Content().addMediaType(PROBLEM,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
            if (status.equals("429")) {
                response.addHeaderObject("Retry-After", new Header()
                        .description("Seconds to wait").schema(ProblemSchemas.type("integer")));
            }
            responses.addApiResponse(status, response);
        });
        // the success statuses first, then the errors in order, as a reader expects
        Map<String, ApiResponse> ordered = new LinkedHashMap<>();
        responses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        responses.clear();
        responses.putAll(ordered);
        operation.setResponses(responses);
    }
}
