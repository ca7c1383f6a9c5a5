package dev.rivulet.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The models installed on the model server. */
@Service
public class ModelCatalog {

    /** How long {@link #listAsync()} waits for {@code /api/tags} before it fails. */
    static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);

    /** One installed model as the API shows it. */
    public record ModelInfo(String name, String model, Long size, Instant modifiedAt, String family,
            String parameterSize, String quantizationLevel) {
    }

    private final OllamaApi ollama;
    private final WebClient web;
    private final ModelErrorTranslator errors;

    ModelCatalog(OllamaApi ollama, WebClient.Builder webClients, ModelSettings settings, ModelErrorTranslator errors) {
        this.ollama = ollama;
        this.web = ModelClientConfiguration.ollamaWebClient(webClients, settings);
        this.errors = errors;
    }

    /**
     * Blocks the calling thread until the server answers: not for a thread that holds a Vaadin
     * session lock (use {@link #listAsync()} there).
     *
     * @throws ModelServerException when the server cannot be reached or fails
     */
    public List<ModelInfo> list() {
        try {
            return toInfos(ollama.listModels());
        } catch (RuntimeException e) {
            throw new ModelServerException(errors.translate(e, null), e);
        }
    }

    /**
     * The installed models, without blocking: returns at once, whatever the server does, and never
     * does I/O on the calling thread (the request is a non-blocking WebClient call).
     *
     * <ul>
     * <li>Completes normally with the models (possibly none), as {@link #list()} would return them.</li>
     * <li>Completes exceptionally with a {@link ModelServerException} (its {@code failure()} says what
     * to do) when the server cannot be reached, answers an error, or sends nothing for 10 s. Stages
     * derived from the future see it wrapped in a {@code CompletionException}.</li>
     * <li>Completes on a fresh virtual thread, never on the caller's thread nor on a Netty event
     * loop, so dependent actions may block (e.g. in {@code UI.access}); only a {@code cancel} completes
     * it on the cancelling thread.</li>
     * <li>{@code cancel(…)} on the returned future abandons the request and closes its connection.</li>
     * </ul>
     */
    public CompletableFuture<List<ModelInfo>> listAsync() {
        return listAsync(LIST_TIMEOUT);
    }

    CompletableFuture<List<ModelInfo>> listAsync(Duration timeout) {
        CompletableFuture<List<ModelInfo>> result = new CompletableFuture<>();
        Disposable request = Mono.defer(() -> web.get().uri("/api/tags").retrieve()
                        .bodyToMono(OllamaApi.ListModelResponse.class))
                .map(ModelCatalog::toInfos)
                .defaultIfEmpty(List.of())
                .timeout(timeout)
                // even the first request's client set-up (Netty loops, class loading) is not the caller's
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(models -> onVirtualThread(() -> result.complete(models)),
                        e -> onVirtualThread(() -> result.completeExceptionally(
                                e instanceof ModelServerException known ? known
                                        : new ModelServerException(errors.translate(e, null), e))));
        result.whenComplete((models, error) -> {
            if (result.isCancelled()) {
                request.dispose();
            }
        });
        return result;
    }

    private static void onVirtualThread(Runnable completion) {
        Thread.ofVirtual().name("model-catalog").start(completion);
    }

    private static List<ModelInfo> toInfos(OllamaApi.ListModelResponse response) {
        if (response == null || response.models() == null) {
            return List.of();
        }
        return response.models().stream().map(m -> new ModelInfo(m.name(), m.model(), m.size(),
                m.modifiedAt(), m.details() == null ? null : m.details().family(),
                m.details() == null ? null : m.details().parameterSize(),
                m.details() == null ? null : m.details().quantizationLevel())).toList();
    }
}
