package dev.rivulet.base;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Spans for runs, their workflow nodes and their model calls (Micrometer Tracing over the OpenTelemetry
 * bridge; exported over OTLP only when {@code management.opentelemetry.tracing.export.otlp.endpoint} is
 * set). A run is a trace of its own: it outlives the request that started it. Its streams find their
 * enclosing span in the Reactor context ({@link Enclosing}), not in a thread-local, since a run's work
 * hops between Netty, timer and virtual threads. Spans are made per run, node and model call, never
 * per token.
 */
@Component
public class Tracing {

    /** The span a stream runs in, and the tracer to open children with, carried in the Reactor context. */
    public record Enclosing(Tracer tracer, Span span) {
    }

    private final Tracer tracer;

    @Autowired
    Tracing(ObjectProvider<Tracer> tracer) {
        this(tracer.getIfAvailable(() -> Tracer.NOOP));
    }

    private Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** No spans (tests that build the run engine by hand). */
    public static Tracing none() {
        return new Tracing(Tracer.NOOP);
    }

    /** Starts a span with no parent: the root of a new trace. The caller ends it. */
    public Span startTrace(String name, Map<String, String> tags) {
        Span.Builder builder = tracer.spanBuilder().setNoParent().name(name);
        tags.forEach(builder::tag);
        return builder.start();
    }

    /** The stream with {@code span} as the enclosing span of whatever it opens. */
    public <T> Flux<T> within(Span span, Flux<T> stream) {
        return stream.contextWrite(context -> context.put(Enclosing.class, new Enclosing(tracer, span)));
    }

    /**
     * The stream inside a child span of its enclosing span, from subscription to its end (complete, error
     * or cancel); the stream itself runs as is when nothing encloses it (a node or model call outside a run).
     */
    public static <T> Flux<T> inChildSpan(String name, Map<String, String> tags, Flux<T> stream) {
        return Flux.deferContextual(context -> {
            Enclosing enclosing = context.getOrDefault(Enclosing.class, null);
            if (enclosing == null) {
                return stream;
            }
            Span span = enclosing.tracer().nextSpan(enclosing.span()).name(name);
            tags.forEach(span::tag);
            span.start();
            return stream.doOnError(span::error).doFinally(signal -> span.end())
                    .contextWrite(inner -> inner.put(Enclosing.class, new Enclosing(enclosing.tracer(), span)));
        });
    }
}
