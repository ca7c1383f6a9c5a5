package dev.rivulet.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one way Rivulet talks to the model server: streams through Spring AI's Ollama client, plain
 * calls through the same WebClient set-up. Cancelling a returned stream or call closes its HTTP
 * connection at once, which stops generation in Ollama.
 */
@Service
public class ModelGateway {

    private final OllamaApi ollama;
    private final WebClient web;
    private final ModelErrorTranslator errors;

    ModelGateway(OllamaApi ollama, WebClient.Builder webClients, ModelSettings settings, ModelErrorTranslator errors) {
        this.ollama = ollama;
        this.web = ModelClientConfiguration.ollamaWebClient(webClients, settings);
        this.errors = errors;
    }

    /** Streams the answer: {@link ModelChunk.Text} pieces, then one {@link ModelChunk.Done}. */
    public Flux<ModelChunk> stream(ModelRequest request) {
        OllamaApi.ChatRequest chatRequest = toOllama(request, true);
        return CancelPropagation.propagateCancel(Flux.defer(() -> ollama.streamingChat(chatRequest)))
                .<ModelChunk>handle((response, sink) -> {
                    if (response.message() == null && response.done() == null) {
                        // Ollama reports a failure mid-stream as an {"error": ...} line, which the client
                        // reads as an empty response: there is nothing else it could be.
                        sink.error(new ModelServerException(errors.fromErrorLine(null, request.model()), null));
                        return;
                    }
                    String text = response.message() == null ? null : response.message().content();
                    if (text != null && !text.isEmpty()) {
                        sink.next(new ModelChunk.Text(text));
                    }
                    if (Boolean.TRUE.equals(response.done())) {
                        sink.next(done(response, null));
                    }
                })
                .onErrorMap(e -> !(e instanceof ModelServerException),
                        e -> new ModelServerException(errors.translate(e, request.model()), e));
    }

    /**
     * One plain (non-streaming, {@code "stream": false}) call, for servers that refuse to stream:
     * one {@code POST /api/chat} answered by one JSON object. Non-blocking: no thread waits for the
     * answer. Cancelling the returned Mono closes the HTTP connection at once, whether the answer's
     * headers have arrived or not, so Ollama stops generating. Failures are {@link ModelServerException}s.
     */
    public Mono<ModelChunk.Done> call(ModelRequest request) {
        OllamaApi.ChatRequest chatRequest = toOllama(request, false);
        // OllamaApi.chat blocks on a RestClient, and OllamaApi.streamingChat insists on stream:true
        return Mono.defer(() -> web.post().uri("/api/chat").bodyValue(chatRequest).retrieve()
                        .bodyToMono(OllamaApi.ChatResponse.class))
                .map(response -> done(response, response.message() == null ? "" : response.message().content()))
                .onErrorMap(e -> !(e instanceof ModelServerException),
                        e -> new ModelServerException(errors.translate(e, request.model()), e));
    }

    private static ModelChunk.Done done(OllamaApi.ChatResponse response, String fullText) {
        return new ModelChunk.Done(response.doneReason(), response.evalCount(), response.evalDuration(),
                response.promptEvalCount(), response.promptEvalDuration(), fullText, response.model());
    }

    private static OllamaApi.ChatRequest toOllama(ModelRequest request, boolean stream) {
        List<OllamaApi.Message> messages = request.messages().stream()
                .map(turn -> OllamaApi.Message.builder(role(turn.role())).content(turn.content()).build())
                .toList();
        Map<String, Object> options = new LinkedHashMap<>();
        if (request.temperature() != null) {
            options.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            options.put("num_predict", request.maxTokens());
        }
        return new OllamaApi.ChatRequest.Builder(request.model()).messages(messages).stream(stream)
                .options(options).build();
    }

    private static OllamaApi.Message.Role role(String role) {
        return switch (role) {
            case "system" -> OllamaApi.Message.Role.SYSTEM;
            case "assistant" -> OllamaApi.Message.Role.ASSISTANT;
            default -> OllamaApi.Message.Role.USER;
        };
    }
}
