package dev.rivulet.model;

import dev.rivulet.base.Tracing;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A streaming model call with the product's failure rules on top of {@link ModelGateway}:
 * timeouts to the first token and between tokens, bounded retries with back-off while nothing has
 * arrived yet, and one plain call when the server refuses to stream. Each call is measured under the
 * OpenTelemetry GenAI names ({@link GenAiClientMetrics}).
 */
@Service
public class ModelStreams {

    private final ModelGateway gateway;
    private final ModelErrorTranslator errors;
    private final GenAiClientMetrics metrics;

    ModelStreams(ModelGateway gateway, ModelErrorTranslator errors, GenAiClientMetrics metrics) {
        this.gateway = gateway;
        this.errors = errors;
        this.metrics = metrics;
    }

    public Flux<ModelChunk> stream(ModelRequest request, StreamPolicy policy) {
        AtomicBoolean textSeen = new AtomicBoolean();
        Flux<ModelChunk> attempt = Flux.defer(() -> gateway.stream(request)
                .timeout(Mono.delay(policy.firstTokenTimeout()), chunk -> Mono.delay(policy.idleTimeout()))
                .onErrorMap(TimeoutException.class, e -> new ModelServerException(timeout(textSeen.get(), policy), e))
                .doOnNext(chunk -> {
                    if (chunk instanceof ModelChunk.Text) {
                        textSeen.set(true);
                    }
                }));
        // the call's span follows the convention's client span name ("chat {model}") and attributes
        return Tracing.inChildSpan(GenAiClientMetrics.OPERATION + " " + request.model(), Map.of(
                "gen_ai.operation.name", GenAiClientMetrics.OPERATION, "gen_ai.provider.name",
                GenAiClientMetrics.PROVIDER, "gen_ai.request.model", request.model()), metrics.observe(request.model(), attempt
                .retryWhen(Retry.backoff(policy.retries(), policy.retryBackoff())
                        .filter(e -> !textSeen.get() && failureOf(e, request).transientFailure()
                                && !(e.getCause() instanceof TimeoutException))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorResume(e -> !textSeen.get() && failureOf(e, request).streamingRefused(),
                        e -> gateway.call(request).flatMapMany(done -> Flux.just(
                                new ModelChunk.Text(done.fullText()), done)))));
    }

    private ModelFailure failureOf(Throwable e, ModelRequest request) {
        return errors.translate(e, request.model());
    }

    private static ModelFailure timeout(boolean afterFirstToken, StreamPolicy policy) {
        return afterFirstToken
                ? new ModelFailure("The model stopped mid-answer",
                        "No token arrived for " + policy.idleTimeout().toSeconds()
                                + " s, so the answer was cut off. The text so far is kept; retry to try again.",
                        false, false)
                : new ModelFailure("The model did not start answering",
                        "No first token within " + policy.firstTokenTimeout().toSeconds()
                                + " s. The model may still be loading: retry in a moment.", false, false);
    }
}
