package dev.rivulet.model;

import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * Makes cancelling a streamed model call close its HTTP connection at once, so Ollama stops
 * generating. Spring AI's {@code OllamaApi.streamingChat} passes a cancel upstream only when the
 * next chunk arrives (spring-ai #2351, #2944): while the model is silent (loading, a stall) the
 * connection stayed open. The filter cuts the response body when the wrapped stream is cancelled,
 * which makes Reactor Netty close the channel. Proven in {@code ScriptedOllamaServerTest}.
 */
public final class CancelPropagation {

    private static final String KEY = CancelPropagation.class.getName();

    private CancelPropagation() {
    }

    /** The WebClient filter; it does nothing for calls not wrapped by {@link #propagateCancel}. */
    public static ExchangeFilterFunction filter() {
        return (request, next) -> Mono.deferContextual(context -> {
            Mono<ClientResponse> response = next.exchange(request);
            return context.<Sinks.One<Boolean>>getOrEmpty(KEY)
                    .map(cancelled -> response
                            .map(r -> r.mutate().body(body -> body.takeUntilOther(cancelled.asMono())).build()))
                    .orElse(response);
        });
    }

    /** Wraps a stream from a WebClient with {@link #filter()}; put timeouts and other operators after it. */
    public static <T> Flux<T> propagateCancel(Flux<T> stream) {
        return Flux.defer(() -> {
            Sinks.One<Boolean> cancelled = Sinks.one();
            return stream.doOnCancel(() -> cancelled.tryEmitValue(true)).contextWrite(Context.of(KEY, cancelled));
        });
    }
}
