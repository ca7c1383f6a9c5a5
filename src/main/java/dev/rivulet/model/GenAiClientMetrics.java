package dev.rivulet.model;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The OpenTelemetry GenAI client metrics (semantic conventions, gen-ai-metrics) for every model call,
 * through Micrometer, so {@code /actuator/prometheus} and any OTLP registry show them under the
 * standard's names: {@code gen_ai.client.operation.duration}, {@code .time_to_first_chunk},
 * {@code .time_per_output_chunk} and {@code gen_ai.client.token.usage} by {@code gen_ai.token.type},
 * with the convention's explicit bucket boundaries.
 *
 * <p>A call is what the client sees: from the subscription (the request issued) to the last chunk,
 * retries included. Spring AI does not measure time to first chunk, and its own observation is not
 * in the path (see docs/adr/0002). Meters are looked up once per call; per chunk there is one clock
 * read and one histogram increment, which the convention asks for ("recorded for each chunk").
 *
 * <p>Tag keys are the same on every series of a name, as Prometheus requires: {@code error.type} is
 * {@code none} when a call succeeded (Micrometer's own convention for its {@code error} key), and
 * the response model, known only from the last chunk, is on the duration and the token usage.
 */
@Component
class GenAiClientMetrics {

    static final String OPERATION = "chat";
    static final String PROVIDER = "ollama";
    /** gen_ai.client.operation.duration, .time_to_first_chunk and .time_per_output_chunk (seconds). */
    private static final Duration[] SECONDS_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28,
            2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    /** gen_ai.client.token.usage. */
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
            4194304, 16777216, 67108864};

    private final MeterRegistry registry;
    private final LongSupplier nanoClock;
    private final Tags server;

    @Autowired
    GenAiClientMetrics(MeterRegistry registry, ModelSettings settings) {
        this(registry, settings.baseUrl(), System::nanoTime);
    }

    GenAiClientMetrics(MeterRegistry registry, String baseUrl, LongSupplier nanoClock) {
        this.registry = registry;
        this.nanoClock = nanoClock;
        URI uri = URI.create(baseUrl);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        this.server = Tags.of("server.address", String.valueOf(uri.getHost()), "server.port", String.valueOf(port));
    }

    /** The same stream, measured: each subscription is one call. */
    Flux<ModelChunk> observe(String requestModel, Flux<ModelChunk> chunks) {
        return Flux.defer(() -> {
            Call call = new Call(requestModel);
            return chunks.doOnNext(call::chunk)
                    .doOnComplete(() -> call.end("none"))
                    .doOnError(e -> call.end(errorType(e)))
                    .doOnCancel(() -> call.end("cancelled"));
        });
    }

    private final class Call {
        private final String requestModel;
        private final Tags request;
        private final long start = nanoClock.getAsLong();
        private final Timer timeToFirstChunk;
        private final Timer timePerOutputChunk;
        private long lastChunk = -1;
        private String responseModel;
        private boolean ended;

        Call(String requestModel) {
            this.requestModel = requestModel;
            this.request = Tags.of("gen_ai.operation.name", OPERATION, "gen_ai.provider.name", PROVIDER,
                    "gen_ai.request.model", requestModel).and(server);
            this.timeToFirstChunk = timer("gen_ai.client.operation.time_to_first_chunk",
                    "Time to receive the first chunk, from when the client issues the request", request);
            this.timePerOutputChunk = timer("gen_ai.client.operation.time_per_output_chunk",
                    "Time per output chunk after the first, from the end of the previous chunk", request);
        }

        void chunk(ModelChunk chunk) {
            switch (chunk) {
                case ModelChunk.Text text -> {
                    long now = nanoClock.getAsLong();
                    if (lastChunk < 0) {
                        timeToFirstChunk.record(now - start, TimeUnit.NANOSECONDS);
                    } else {
                        timePerOutputChunk.record(now - lastChunk, TimeUnit.NANOSECONDS);
                    }
                    lastChunk = now;
                }
                case ModelChunk.Done done -> {
                    responseModel = done.model();
                    Tags tags = request.and("gen_ai.response.model", responseModelOrRequested());
                    if (done.promptEvalCount() != null) {
                        tokens(tags.and("gen_ai.token.type", "input")).record(done.promptEvalCount());
                    }
                    if (done.evalCount() != null) {
                        tokens(tags.and("gen_ai.token.type", "output")).record(done.evalCount());
                    }
                }
            }
        }

        void end(String errorType) {
            if (ended) {
                return;
            }
            ended = true;
            timer("gen_ai.client.operation.duration", "GenAI operation duration",
                    request.and("gen_ai.response.model", responseModelOrRequested(), "error.type", errorType))
                    .record(nanoClock.getAsLong() - start, TimeUnit.NANOSECONDS);
        }

        /** Ollama answers with the model it ran; before its last chunk (or when it failed) that is the one asked for. */
        private String responseModelOrRequested() {
            return responseModel == null || responseModel.isBlank() ? requestModel : responseModel;
        }
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(SECONDS_BUCKETS)
                .register(registry);
    }

    private DistributionSummary tokens(Tags tags) {
        return DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Number of input and output tokens used").tags(tags)
                .serviceLevelObjectives(TOKEN_BUCKETS).register(registry);
    }

    /** Low-cardinality: {@code timeout}, or the failure's class (the convention's fallback). */
    private static String errorType(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return "timeout";
            }
        }
        return e.getClass().getName();
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }
}
